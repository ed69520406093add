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

/// `arn:aws:iam::ACCT:instance-profile{path}{name}`.
pub fn instance_profile_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:instance-profile{path}{name}")
}

pub fn server_certificate_arn(account_id: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:server-certificate{path}{name}")
}

/// `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`: a role session (the role's path is not part
/// of it).
pub fn assumed_role_arn(account_id: &str, role_name: &str, session_name: &str) -> String {
    format!("arn:aws:sts::{account_id}:assumed-role/{role_name}/{session_name}")
}

/// `arn:aws:sts::ACCT:federated-user/name`.
pub fn federated_user_arn(account_id: &str, name: &str) -> String {
    format!("arn:aws:sts::{account_id}:federated-user/{name}")
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

/// A managed policy ARN: `arn:aws:iam::{aws|ACCT}:policy{path}{name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyArn {
    /// `aws` for AWS managed policies, else the 12-digit account ID.
    pub account: String,
    pub path: String,
    pub name: String,
}

impl PolicyArn {
    pub fn is_aws_managed(&self) -> bool {
        self.account == "aws"
    }
}

/// Parses a managed policy ARN; AWS's `InvalidInput` when it is not one.
pub fn parse_policy_arn(value: &str) -> crate::IamResult<PolicyArn> {
    let invalid = || crate::IamError::invalid_input(format!("ARN {value} is not valid."));
    let rest = value.strip_prefix("arn:aws:iam::").ok_or_else(invalid)?;
    let (account, resource) = rest.split_once(':').ok_or_else(invalid)?;
    let account_ok =
        account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let path_and_name = resource.strip_prefix("policy").ok_or_else(invalid)?;
    let slash = path_and_name.rfind('/').ok_or_else(invalid)?;
    let (path, name) = (&path_and_name[..=slash], &path_and_name[slash + 1..]);
    if !account_ok
        || !path.starts_with('/')
        || name.is_empty()
        || !name.chars().all(super::names::is_name_char)
    {
        return Err(invalid());
    }
    Ok(PolicyArn {
        account: account.to_owned(),
        path: path.to_owned(),
        name: name.to_owned(),
    })
}

#[cfg(test)]
mod policy_arn_tests {
    use super::*;

    #[test]
    fn parses_aws_and_customer_policy_arns() {
        let aws = parse_policy_arn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess").unwrap();
        assert!(aws.is_aws_managed());
        assert_eq!(
            (aws.path.as_str(), aws.name.as_str()),
            ("/job-function/", "ViewOnlyAccess")
        );
        let own = parse_policy_arn("arn:aws:iam::123456789012:policy/team/p1").unwrap();
        assert_eq!(
            (own.account.as_str(), own.path.as_str(), own.name.as_str()),
            ("123456789012", "/team/", "p1")
        );
        for bad in [
            "",
            "AdministratorAccess",
            "arn:aws:iam::aws:role/x",
            "arn:aws:iam::12:policy/x",
            "arn:aws:iam::aws:policy/",
        ] {
            let err = parse_policy_arn(bad).unwrap_err();
            assert_eq!(err.message, format!("ARN {bad} is not valid."));
        }
    }
}
