//! Authorization of principals for actions on resources.
//!
//! The root user may do anything in its own account. IAM users are refused every action until
//! policy evaluation decides otherwise: nothing is ever allowed by default.

use crate::error::{IamError, IamResult};
use crate::ops::Principal;

/// Authorizes `principal` to perform `action` (e.g. `iam:CreateUser`) on `resource` in
/// `account_id`.
pub fn authorize(
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
) -> IamResult<()> {
    match principal {
        Principal::Root { account_id: own } if own == account_id => Ok(()),
        _ => Err(denied(principal, action, resource)),
    }
}

/// AWS's message for a request no identity-based policy allows.
pub fn denied(principal: &Principal, action: &str, resource: &str) -> IamError {
    IamError::access_denied(format!(
        "User: {} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action",
        principal.arn()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn root_may_act_in_its_own_account_only() {
        let root = Principal::Root {
            account_id: "111111111111".into(),
        };
        assert!(
            authorize(
                &root,
                "111111111111",
                "iam:CreateUser",
                "arn:aws:iam::111111111111:user/a"
            )
            .is_ok()
        );
        assert!(
            authorize(
                &root,
                "222222222222",
                "iam:CreateUser",
                "arn:aws:iam::222222222222:user/a"
            )
            .is_err()
        );
    }

    #[test]
    fn users_are_denied_with_aws_wording() {
        let bob = Principal::User {
            account_id: "111111111111".into(),
            user_id: "AIDAEXAMPLE".into(),
            name: "bob".into(),
            path: "/".into(),
        };
        let err = authorize(
            &bob,
            "111111111111",
            "iam:CreateUser",
            "arn:aws:iam::111111111111:user/alice",
        )
        .err()
        .unwrap();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert_eq!(
            err.message,
            "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111111111111:user/alice because no identity-based policy allows the iam:CreateUser action"
        );
    }
}
