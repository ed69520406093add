//! STS actions.

use iam::ops::{Principal, sts};

use super::STS_VERSION;
use super::error::ApiError;
use super::form::Params;
use super::xml::Xml;

pub fn dispatch(
    principal: &Principal,
    action: &str,
    _params: &Params,
) -> Result<Option<Xml>, ApiError> {
    match action {
        "GetCallerIdentity" => {
            let identity = sts::get_caller_identity(principal);
            let mut x = Xml::new();
            x.leaf("UserId", &identity.user_id)
                .leaf("Account", &identity.account)
                .leaf("Arn", &identity.arn);
            Ok(Some(x))
        }
        other => Err(ApiError::invalid_action(other, STS_VERSION)),
    }
}
