//! ARNs of IAM entities. IAM is global: the region field is always empty.

/// `arn:aws:iam::ACCT:root`.
pub fn root_arn(account_id: &str) -> String {
    format!("arn:aws:iam::{account_id}:root")
}

/// `arn:aws:iam::ACCT:user{path}{name}`.
pub fn user_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:user{path}{name}")
}

/// `arn:aws:iam::ACCT:group{path}{name}`.
pub fn group_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:group{path}{name}")
}

/// `arn:aws:iam::ACCT:role{path}{name}`.
pub fn role_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:role{path}{name}")
}

/// `arn:aws:iam::ACCT:policy{path}{name}` for customer managed policies.
pub fn policy_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:policy{path}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_follow_aws_shapes() {
        assert_eq!(root_arn("123456789012"), "arn:aws:iam::123456789012:root");
        assert_eq!(
            user_arn("123456789012", "/division_abc/", "JaneDoe"),
            "arn:aws:iam::123456789012:user/division_abc/JaneDoe"
        );
        assert_eq!(
            group_arn("123456789012", "/", "admins"),
            "arn:aws:iam::123456789012:group/admins"
        );
        assert_eq!(
            role_arn("123456789012", "/", "r"),
            "arn:aws:iam::123456789012:role/r"
        );
        assert_eq!(
            policy_arn("123456789012", "/", "p"),
            "arn:aws:iam::123456789012:policy/p"
        );
    }
}
