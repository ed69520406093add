//! Password rules: the characters a password may hold, the account password policy and the
//! IAM default policy that applies while no custom policy is set.

use serde::{Deserialize, Serialize};

use crate::error::{IamError, IamResult};

/// The symbols AWS counts as non-alphanumeric characters.
pub const SYMBOLS: &str = "!@#$%^&*()_+-=[]{}|'";

/// An account's custom password policy (`UpdateAccountPasswordPolicy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_password_length: u32,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    /// Days; `None` when passwords never expire.
    pub max_password_age: Option<u32>,
    /// How many previous passwords may not be reused; `None` when reuse is allowed.
    pub password_reuse_prevention: Option<u32>,
    pub hard_expiry: bool,
}

impl Default for PasswordPolicy {
    /// The values `UpdateAccountPasswordPolicy` uses for omitted parameters.
    fn default() -> Self {
        Self {
            minimum_password_length: 6,
            require_symbols: false,
            require_numbers: false,
            require_uppercase_characters: false,
            require_lowercase_characters: false,
            allow_users_to_change_password: false,
            max_password_age: None,
            password_reuse_prevention: None,
            hard_expiry: false,
        }
    }
}

/// The policy in force: the account's custom one or IAM's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EffectivePasswordPolicy {
    /// At least 8 characters, three of the four character classes, not the account's name or
    /// email.
    IamDefault,
    Custom(PasswordPolicy),
}

impl EffectivePasswordPolicy {
    /// Whether IAM users may change their own password without a policy that allows it.
    /// Under IAM's default policy they may.
    pub fn allows_users_to_change_password(&self) -> bool {
        match self {
            Self::IamDefault => true,
            Self::Custom(policy) => policy.allow_users_to_change_password,
        }
    }

    /// Checks `password` against the policy. `forbidden` holds values the password must not
    /// equal under the default policy (the account's name and the root email).
    pub fn check(&self, password: &str, forbidden: &[&str]) -> IamResult<()> {
        validate_password_chars("password", password)?;
        let classes = CharClasses::of(password);
        match self {
            Self::IamDefault => {
                if password.chars().count() < 8 {
                    return Err(IamError::password_policy(
                        "Password should have a minimum length of 8",
                    ));
                }
                if classes.count() < 3 {
                    return Err(IamError::password_policy(
                        "Password should include at least three of the following: uppercase letters, lowercase letters, numbers and symbols",
                    ));
                }
                if forbidden.iter().any(|f| f.eq_ignore_ascii_case(password)) {
                    return Err(IamError::password_policy(
                        "Password must not be identical to the account name or email address",
                    ));
                }
                Ok(())
            }
            Self::Custom(policy) => {
                let min = policy.minimum_password_length as usize;
                if password.chars().count() < min {
                    return Err(IamError::password_policy(format!(
                        "Password should have a minimum length of {min}"
                    )));
                }
                let rules = [
                    (
                        policy.require_uppercase_characters,
                        classes.upper,
                        "at least one uppercase letter",
                    ),
                    (
                        policy.require_lowercase_characters,
                        classes.lower,
                        "at least one lowercase letter",
                    ),
                    (policy.require_numbers, classes.digit, "at least one number"),
                    (
                        policy.require_symbols,
                        classes.symbol,
                        "at least one symbol",
                    ),
                ];
                for (required, present, what) in rules {
                    if required && !present {
                        return Err(IamError::password_policy(format!(
                            "Password should have {what}"
                        )));
                    }
                }
                Ok(())
            }
        }
    }
}

/// Validates the characters and length of a password (`[\t\n\r\x20-\xFF]{1,128}`).
pub fn validate_password_chars(member: &str, password: &str) -> IamResult<()> {
    let len = password.chars().count();
    if len == 0 || len > 128 {
        return Err(IamError::constraint(
            member,
            "*******",
            "Member must have length less than or equal to 128 and greater than or equal to 1",
        ));
    }
    let ok = password
        .chars()
        .all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'));
    if ok {
        Ok(())
    } else {
        Err(IamError::constraint(
            member,
            "*******",
            "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        ))
    }
}

#[derive(Debug, Default)]
struct CharClasses {
    upper: bool,
    lower: bool,
    digit: bool,
    symbol: bool,
}

impl CharClasses {
    fn of(password: &str) -> Self {
        let mut classes = Self::default();
        for c in password.chars() {
            classes.upper |= c.is_ascii_uppercase();
            classes.lower |= c.is_ascii_lowercase();
            classes.digit |= c.is_ascii_digit();
            classes.symbol |= !c.is_ascii_alphanumeric();
        }
        classes
    }

    fn count(&self) -> usize {
        [self.upper, self.lower, self.digit, self.symbol]
            .iter()
            .filter(|b| **b)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn default_policy_needs_eight_chars_and_three_classes() {
        let policy = EffectivePasswordPolicy::IamDefault;
        assert!(policy.check("Abcdef1!", &[]).is_ok());
        assert!(policy.check("Abcdefg1", &[]).is_ok());
        let short = policy.check("Ab1!", &[]).err().map(|e| e.code);
        assert_eq!(short, Some(ErrorCode::PasswordPolicyViolation));
        assert!(policy.check("abcdefgh1", &[]).is_err());
        assert!(
            policy
                .check("Root@Example.com", &["root@example.com"])
                .is_err()
        );
    }

    #[test]
    fn custom_policy_checks_each_requirement() {
        let policy = EffectivePasswordPolicy::Custom(PasswordPolicy {
            minimum_password_length: 10,
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            ..PasswordPolicy::default()
        });
        assert!(policy.check("Abcdefgh1!", &[]).is_ok());
        let message = |p: &str| {
            policy
                .check(p, &[])
                .err()
                .map(|e| e.message)
                .unwrap_or_default()
        };
        assert_eq!(
            message("Abcdef1!"),
            "Password should have a minimum length of 10"
        );
        assert_eq!(
            message("abcdefgh1!"),
            "Password should have at least one uppercase letter"
        );
        assert_eq!(
            message("ABCDEFGH1!"),
            "Password should have at least one lowercase letter"
        );
        assert_eq!(
            message("Abcdefghi!"),
            "Password should have at least one number"
        );
        assert_eq!(
            message("Abcdefghi1"),
            "Password should have at least one symbol"
        );
    }

    #[test]
    fn password_characters() {
        assert!(validate_password_chars("password", "plain text\tok").is_ok());
        assert!(validate_password_chars("password", "").is_err());
        assert!(validate_password_chars("password", "snow☃man").is_err());
        assert!(validate_password_chars("password", &"a".repeat(129)).is_err());
    }

    #[test]
    fn who_may_change_their_password() {
        assert!(EffectivePasswordPolicy::IamDefault.allows_users_to_change_password());
        let closed = EffectivePasswordPolicy::Custom(PasswordPolicy::default());
        assert!(!closed.allows_users_to_change_password());
    }
}
