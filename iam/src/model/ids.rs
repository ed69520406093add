//! AWS-style identifiers: unique IDs (`AIDA…`) and access key IDs (`AKIA…`), and secrets.
//!
//! Generation takes its random bytes as a parameter so the engine's RNG (a context parameter)
//! decides them, and tests can make them repeatable.

/// Upper-case letters and digits 2–7, the alphabet AWS IDs are observed to use.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// The alphabet of secret access keys.
const SECRET_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The four-letter prefixes that say what an ID names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdPrefix {
    User,
    Group,
    Role,
    ManagedPolicy,
    InstanceProfile,
    AccessKey,
    TemporaryAccessKey,
    ServiceSpecificCredential,
    SshPublicKey,
    ServerCertificate,
    /// Signing certificate IDs carry no prefix.
    SigningCertificate,
}

impl IdPrefix {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "AIDA",
            Self::Group => "AGPA",
            Self::Role => "AROA",
            Self::ManagedPolicy => "ANPA",
            Self::InstanceProfile => "AIPA",
            Self::AccessKey => "AKIA",
            Self::TemporaryAccessKey => "ASIA",
            Self::ServiceSpecificCredential => "ACCA",
            Self::SshPublicKey => "APKA",
            Self::ServerCertificate => "ASCA",
            Self::SigningCertificate => "",
        }
    }

    /// How many characters follow the prefix.
    pub fn suffix_len(self) -> usize {
        match self {
            Self::AccessKey | Self::TemporaryAccessKey => 16,
            Self::SigningCertificate => 32,
            _ => 17,
        }
    }
}

/// Builds an ID of `prefix` from random bytes (at least `prefix.suffix_len()` of them).
pub fn encode_id(prefix: IdPrefix, random: &[u8]) -> String {
    let mut id = String::with_capacity(4 + prefix.suffix_len());
    id.push_str(prefix.as_str());
    id.extend(
        random
            .iter()
            .take(prefix.suffix_len())
            .map(|b| BASE32[usize::from(*b) % 32] as char),
    );
    id
}

/// Builds a 40-character secret access key from 40 random bytes.
pub fn encode_secret(random: &[u8; 40]) -> String {
    random
        .iter()
        .map(|b| SECRET_ALPHABET[usize::from(*b) % 64] as char)
        .collect()
}

/// Whether `value` has the shape of an ID with `prefix`.
pub fn is_id(prefix: IdPrefix, value: &str) -> bool {
    let prefix_len = prefix.as_str().len();
    value.len() == prefix_len + prefix.suffix_len()
        && value.starts_with(prefix.as_str())
        && value[prefix_len..].bytes().all(|b| BASE32.contains(&b))
}

/// Whether `value` looks like an access key ID (long-term or temporary), 16–128 word characters.
pub fn is_access_key_id_shape(value: &str) -> bool {
    (16..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_length() {
        let random: Vec<u8> = (0u8..40).collect();
        let user = encode_id(IdPrefix::User, &random);
        assert_eq!(user.len(), 21);
        assert!(user.starts_with("AIDA"));
        assert!(is_id(IdPrefix::User, &user));
        assert!(!is_id(IdPrefix::Group, &user));
        let key = encode_id(IdPrefix::AccessKey, &random);
        assert_eq!(key.len(), 20);
        assert!(is_id(IdPrefix::AccessKey, &key));
    }

    #[test]
    fn secrets_are_40_chars_of_the_alphabet() {
        let secret = encode_secret(&[255; 40]);
        assert_eq!(secret.len(), 40);
        assert!(secret.bytes().all(|b| SECRET_ALPHABET.contains(&b)));
    }

    #[test]
    fn lowercase_is_not_an_id() {
        assert!(!is_id(IdPrefix::User, "AIDAabcdefghijklmnopq"));
    }
}
