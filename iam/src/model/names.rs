//! Entity names: users, groups, roles, policies, instance profiles.

use crate::error::{IamError, IamResult};

/// The kinds of names IAM validates, each with its length bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A new user's name (1–64).
    User,
    /// A name referring to an existing user (1–128, as the API accepts).
    ExistingUser,
    Group,
    Role,
    Policy,
    InstanceProfile,
    ServerCertificate,
}

impl NameKind {
    pub fn max_len(self) -> usize {
        match self {
            Self::User | Self::Role => 64,
            Self::ExistingUser
            | Self::Group
            | Self::Policy
            | Self::InstanceProfile
            | Self::ServerCertificate => 128,
        }
    }
}

/// The characters AWS allows in entity names: `[\w+=,.@-]` with ASCII `\w`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | ',' | '.' | '@' | '-')
}

/// Validates a name of `kind` for the request member `member` (e.g. `userName`).
pub fn validate_name(kind: NameKind, member: &str, value: &str) -> IamResult<()> {
    let len = value.chars().count();
    if len == 0 || len > kind.max_len() {
        return Err(IamError::constraint(
            member,
            value,
            &format!(
                "Member must have length less than or equal to {} and greater than or equal to 1",
                kind.max_len()
            ),
        ));
    }
    if !value.chars().all(is_name_char) {
        return Err(IamError::constraint(
            member,
            value,
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    Ok(())
}

/// The key names are unique by: IAM compares names ignoring case but keeps the given case.
pub fn name_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn accepts_aws_name_characters() {
        for name in ["bob", "Jane.Doe", "a+b=c,d@e-f_g", "x", &"a".repeat(64)] {
            assert!(
                validate_name(NameKind::User, "userName", name).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn rejects_bad_user_names() {
        let cases = [
            ("", "length"),
            ("a b", "pattern"),
            ("bob!", "pattern"),
            ("é", "pattern"),
        ];
        for (name, why) in cases {
            let err = validate_name(NameKind::User, "userName", name).err();
            let err = err.unwrap_or_else(|| panic!("{name} should fail"));
            assert_eq!(err.code, ErrorCode::ValidationError);
            assert!(err.message.contains(why) || why == "length" && err.message.contains("length"));
        }
        let long = "a".repeat(65);
        assert!(validate_name(NameKind::User, "userName", &long).is_err());
        assert!(validate_name(NameKind::ExistingUser, "userName", &long).is_ok());
    }

    #[test]
    fn group_and_policy_names_allow_128() {
        let name = "g".repeat(128);
        assert!(validate_name(NameKind::Group, "groupName", &name).is_ok());
        assert!(validate_name(NameKind::Policy, "policyName", &name).is_ok());
        assert!(validate_name(NameKind::Group, "groupName", &format!("{name}x")).is_err());
        assert!(validate_name(NameKind::Role, "roleName", &"r".repeat(65)).is_err());
    }

    #[test]
    fn name_key_ignores_case() {
        assert_eq!(name_key("Bob"), name_key("bOB"));
    }
}
