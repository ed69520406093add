//! Password hashing with argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1).

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use password_hash::SaltString;

use crate::error::{IamError, IamResult};

fn argon2() -> IamResult<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| {
        tracing::error!(error = %e, "argon2 parameters");
        IamError::service_failure()
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` with a salt made of `salt` bytes; returns the PHC string.
pub fn hash_password(password: &str, salt: &[u8; 16]) -> IamResult<String> {
    let salt = SaltString::encode_b64(salt).map_err(|e| {
        tracing::error!(error = %e, "argon2 salt");
        IamError::service_failure()
    })?;
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hashing");
            IamError::service_failure()
        })
}

/// Whether `password` matches the PHC string `hash`. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id() {
        let hash = hash_password("Correct-Horse-1", &[7; 16]).unwrap_or_default();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("Correct-Horse-1", &hash));
        assert!(!verify_password("correct-horse-1", &hash));
        assert!(!verify_password("Correct-Horse-1", "not a hash"));
    }
}
