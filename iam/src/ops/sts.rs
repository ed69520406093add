//! STS operations.

use serde::{Deserialize, Serialize};

use crate::ops::Principal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    pub user_id: String,
    pub account: String,
    pub arn: String,
}

/// `GetCallerIdentity`: needs no permission; any valid credential may ask who it is.
pub fn get_caller_identity(principal: &Principal) -> CallerIdentity {
    CallerIdentity {
        user_id: principal.user_id().to_owned(),
        account: principal.account_id().to_owned(),
        arn: principal.arn(),
    }
}
