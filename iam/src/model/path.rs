//! IAM paths: `/` or `/segment/.../`, 1–512 characters in U+0021–U+007E.

use crate::error::{IamError, IamResult};

pub const ROOT_PATH: &str = "/";

/// Validates an entity path for the request member `member` (e.g. `path`).
pub fn validate_path(member: &str, value: &str) -> IamResult<()> {
    let valid_chars = value.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    let shape =
        value == "/" || (value.len() >= 3 && value.starts_with('/') && value.ends_with('/'));
    if value.is_empty() || value.len() > 512 {
        return Err(IamError::constraint(
            member,
            value,
            "Member must have length less than or equal to 512 and greater than or equal to 1",
        ));
    }
    if !(valid_chars && shape) {
        return Err(IamError::constraint(
            member,
            value,
            "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
        ));
    }
    Ok(())
}

/// Validates a `PathPrefix` filter: starts with `/`, 1–512 characters in U+0021–U+007F.
pub fn validate_path_prefix(value: &str) -> IamResult<()> {
    let ok = !value.is_empty()
        && value.len() <= 512
        && value.starts_with('/')
        && value.chars().all(|c| ('\u{21}'..='\u{7f}').contains(&c));
    if ok {
        Ok(())
    } else {
        Err(IamError::constraint(
            "pathPrefix",
            value,
            "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_paths() {
        for p in ["/", "/division_abc/", "/a/b/c/", "/x-y/"] {
            assert!(validate_path("path", p).is_ok(), "{p}");
        }
    }

    #[test]
    fn invalid_paths() {
        for p in [
            "",
            "a",
            "/a",
            "a/",
            "//",
            "/a b/",
            &format!("/{}/", "a".repeat(511)),
        ] {
            assert!(validate_path("path", p).is_err(), "{p}");
        }
    }

    #[test]
    fn prefixes() {
        assert!(validate_path_prefix("/").is_ok());
        assert!(validate_path_prefix("/div").is_ok());
        assert!(validate_path_prefix("div").is_err());
    }
}
