//! Tags: keys 1–128 and values 0–256 characters of letters, digits, spaces and `_.:/=+-@`; at
//! most 50 per resource; keys starting with `aws:` are reserved.

use serde::{Deserialize, Serialize};

use crate::error::{IamError, IamResult};

/// AWS's quota of tags per resource.
pub const MAX_TAGS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    /// Tags from the console's `(key, value)` rows, in their order.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Vec<Tag> {
        pairs
            .into_iter()
            .map(|(key, value)| Tag { key, value })
            .collect()
    }
}

fn is_tag_char(c: char) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || c.is_whitespace()
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

const PATTERN: &str =
    "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";

pub fn validate_key(key: &str) -> IamResult<()> {
    let len = key.chars().count();
    if len == 0 || len > 128 {
        return Err(IamError::constraint(
            "tags.member.key",
            key,
            "Member must have length less than or equal to 128 and greater than or equal to 1",
        ));
    }
    if !key.chars().all(is_tag_char) {
        return Err(IamError::constraint("tags.member.key", key, PATTERN));
    }
    if key
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
    {
        return Err(IamError::invalid_input(format!(
            "The tag key {key} is reserved: keys starting with 'aws:' are for AWS use."
        )));
    }
    Ok(())
}

pub fn validate_value(value: &str) -> IamResult<()> {
    if value.chars().count() > 256 {
        return Err(IamError::constraint(
            "tags.member.value",
            value,
            "Member must have length less than or equal to 256",
        ));
    }
    if !value.chars().all(is_tag_char) {
        return Err(IamError::constraint(
            "tags.member.value",
            value,
            &PATTERN.replace("]+", "]*"),
        ));
    }
    Ok(())
}

/// The form of a key that decides whether two keys are the same: users and roles compare keys
/// ignoring case, other resources exactly.
pub fn key_match(key: &str, ignore_case: bool) -> String {
    if ignore_case {
        key.to_lowercase()
    } else {
        key.to_owned()
    }
}

/// Validates every tag of a request and that no key repeats.
pub fn validate_tags(tags: &[Tag], ignore_case: bool) -> IamResult<()> {
    if tags.len() > MAX_TAGS {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for TagsPerResource: {MAX_TAGS}"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for tag in tags {
        validate_key(&tag.key)?;
        validate_value(&tag.value)?;
        if !seen.insert(key_match(&tag.key, ignore_case)) {
            return Err(IamError::invalid_input(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn valid_tags() {
        assert!(
            validate_tags(
                &[
                    tag("team", "a"),
                    tag("Cost Center", ""),
                    tag("ünï", "x@y:z/1+2=3")
                ],
                true
            )
            .is_ok()
        );
    }

    #[test]
    fn invalid_tags() {
        let code = |tags: &[Tag]| validate_tags(tags, true).unwrap_err().code;
        assert_eq!(code(&[tag("", "v")]), ErrorCode::ValidationError);
        assert_eq!(code(&[tag("bad!", "v")]), ErrorCode::ValidationError);
        assert_eq!(code(&[tag("k", "bad#")]), ErrorCode::ValidationError);
        assert_eq!(
            code(&[tag(&"k".repeat(129), "v")]),
            ErrorCode::ValidationError
        );
        assert_eq!(code(&[tag("aws:owner", "v")]), ErrorCode::InvalidInput);
        assert_eq!(
            code(&[tag("Team", "a"), tag("team", "b")]),
            ErrorCode::InvalidInput
        );
        let many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert_eq!(code(&many), ErrorCode::LimitExceeded);
        assert!(validate_tags(&[tag("Team", "a"), tag("team", "b")], false).is_ok());
    }
}
