//! Encryption of secrets at rest. SigV4 needs the raw secret access key, so it cannot be hashed;
//! it is sealed with AES-256-GCM under a key file created on first start with mode 0600.

use std::fmt;
use std::io::Write;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};

use crate::error::{IamError, IamResult};

/// The cipher that seals and opens stored secrets.
pub struct SecretCipher {
    cipher: Aes256Gcm,
}

impl fmt::Debug for SecretCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretCipher(***)")
    }
}

impl SecretCipher {
    pub fn from_key(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)),
        }
    }

    /// Loads the key file at `path`, creating it (mode 0600) with `fresh_key` when missing.
    pub fn load_or_create(path: &Path, fresh_key: [u8; 32]) -> std::io::Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{} must hold exactly 32 bytes", path.display()),
                    )
                })?;
                Ok(Self::from_key(&key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let mut file = options.open(path)?;
                file.write_all(&fresh_key)?;
                file.sync_all()?;
                Ok(Self::from_key(&fresh_key))
            }
            Err(e) => Err(e),
        }
    }

    /// Seals `plaintext` under a 12-byte `nonce` that must never repeat for this key.
    pub fn seal(&self, nonce: &[u8; 12], plaintext: &str) -> IamResult<Vec<u8>> {
        self.cipher
            .encrypt(Nonce::from_slice(nonce), plaintext.as_bytes())
            .map_err(|_| {
                tracing::error!("sealing a secret failed");
                IamError::service_failure()
            })
    }

    /// Opens a sealed secret; fails if it was tampered with or sealed under another key.
    pub fn open(&self, nonce: &[u8], ciphertext: &[u8]) -> IamResult<String> {
        if nonce.len() != 12 {
            return Err(IamError::service_failure());
        }
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| {
                tracing::error!("opening a stored secret failed: wrong key file or tampered row");
                IamError::service_failure()
            })?;
        String::from_utf8(plain).map_err(|_| IamError::service_failure())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip() {
        let cipher = SecretCipher::from_key(&[1; 32]);
        let sealed = cipher.seal(&[2; 12], "secret-key").unwrap_or_default();
        assert!(!sealed.windows(10).any(|w| w == b"secret-key"));
        assert_eq!(
            cipher.open(&[2; 12], &sealed).ok().as_deref(),
            Some("secret-key")
        );
        let other = SecretCipher::from_key(&[9; 32]);
        assert!(other.open(&[2; 12], &sealed).is_err());
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("secret.key");
        let first = SecretCipher::load_or_create(&path, [5; 32]).unwrap_or_else(|e| panic!("{e}"));
        let sealed = first.seal(&[0; 12], "abc").unwrap_or_default();
        let again = SecretCipher::load_or_create(&path, [6; 32]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.open(&[0; 12], &sealed).ok().as_deref(), Some("abc"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o600);
        }
    }
}
