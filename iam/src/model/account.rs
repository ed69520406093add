//! Account identifiers: the 12-digit account ID and the optional alias.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{IamError, IamResult};

/// A 12-digit AWS account ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountId(String);

impl AccountId {
    pub fn parse(value: &str) -> IamResult<Self> {
        if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(value.to_owned()))
        } else {
            Err(IamError::validation(format!(
                "Account ID {value} is not valid: it must be 12 digits."
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account alias: 3–63 characters of lowercase letters, digits and single inner hyphens,
/// never a 12-digit number (it would read as an account ID).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountAlias(String);

impl AccountAlias {
    pub fn parse(value: &str) -> IamResult<Self> {
        let pattern_error = || {
            IamError::constraint(
                "accountAlias",
                value,
                "Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
            )
        };
        let len = value.len();
        if !(3..=63).contains(&len) {
            return Err(IamError::constraint(
                "accountAlias",
                value,
                "Member must have length less than or equal to 63 and greater than or equal to 3",
            ));
        }
        let bytes = value.as_bytes();
        let allowed = bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
        let edges = bytes[0] != b'-' && bytes[len - 1] != b'-';
        if !allowed || !edges || value.contains("--") {
            return Err(pattern_error());
        }
        if len == 12 && bytes.iter().all(u8::is_ascii_digit) {
            return Err(IamError::validation(
                "The account alias cannot be a 12-digit number.",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids() {
        assert!(AccountId::parse("123456789012").is_ok());
        assert!(AccountId::parse("012345678901").is_ok());
        for bad in ["12345678901", "1234567890123", "12345678901a", ""] {
            assert!(AccountId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aliases() {
        for ok in ["abc", "my-company", "a1-b2-c3", &"a".repeat(63)] {
            assert!(AccountAlias::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "a--b",
            "ABC",
            "a_b",
            "123456789012",
            &"a".repeat(64),
        ] {
            assert!(AccountAlias::parse(bad).is_err(), "{bad}");
        }
    }
}
