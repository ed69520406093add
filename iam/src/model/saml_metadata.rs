//! The size rule for a SAML provider's metadata document, shared by `CreateSAMLProvider`,
//! `UpdateSAMLProvider` and the console, which keeps Replace disabled until it holds.

use std::ops::RangeInclusive;

use crate::error::{IamError, IamResult};

/// The lengths, in characters, AWS accepts for `SAMLMetadataDocument`.
pub const METADATA_CHARS: RangeInclusive<usize> = 1000..=10_000_000;

/// Checks a metadata document's length (the request member `sAMLMetadataDocument`).
pub fn validate_metadata_length(document: &str) -> IamResult<()> {
    if METADATA_CHARS.contains(&document.chars().count()) {
        Ok(())
    } else {
        Err(IamError::constraint(
            "sAMLMetadataDocument",
            "…",
            "Member must have length less than or equal to 10000000 and greater than or equal to 1000",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive() {
        assert!(validate_metadata_length(&"x".repeat(999)).is_err());
        assert!(validate_metadata_length(&"x".repeat(1000)).is_ok());
        assert!(validate_metadata_length(&"é".repeat(1000)).is_ok());
        let error = validate_metadata_length("").err().map(|e| e.message);
        assert!(error.is_some_and(|m| m.contains("greater than or equal to 1000")));
    }
}
