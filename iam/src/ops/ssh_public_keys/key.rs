//! SSH public keys as AWS CodeCommit takes them: RSA, of at least 2048 bits, in OpenSSH form
//! (`ssh-rsa AAAA… comment`) or as a PEM `PUBLIC KEY`; shown in either form.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest, Md5};
use x509_cert::der::asn1::{AnyRef, BitStringRef, UintRef};
use x509_cert::der::{Decode, Encode, pem};
use x509_cert::spki::{AlgorithmIdentifierRef, ObjectIdentifier, SubjectPublicKeyInfoRef};

use crate::error::{ErrorCode, IamError, IamResult};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const MIN_BITS: usize = 2048;
const SSH_RSA: &str = "ssh-rsa";

/// An RSA public key that was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshPublicKey {
    /// Big-endian, without leading zeros.
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

fn invalid(message: &str) -> IamError {
    IamError::new(ErrorCode::InvalidPublicKey, message)
}

fn unrecognized() -> IamError {
    IamError::new(
        ErrorCode::UnrecognizedPublicKeyEncoding,
        "The public key encoding is not recognized: give an ssh-rsa key in OpenSSH format or an RSA key in PEM format.",
    )
}

fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

impl SshPublicKey {
    /// Reads a key in either form AWS takes.
    pub fn parse(body: &str) -> IamResult<Self> {
        let body = body.trim();
        let key = if body.starts_with("-----BEGIN PUBLIC KEY-----") {
            Self::from_pem(body)?
        } else if body.starts_with("-----BEGIN ") {
            return Err(unrecognized());
        } else {
            let mut fields = body.split_whitespace();
            if fields.next() != Some(SSH_RSA) {
                return Err(unrecognized());
            }
            let blob = fields
                .next()
                .and_then(|b| STANDARD.decode(b).ok())
                .ok_or_else(|| {
                    invalid("The public key is malformed: its key data is not base64.")
                })?;
            Self::from_blob(&blob)?
        };
        if key.bits() < MIN_BITS {
            return Err(invalid(
                "The public key is too short: RSA keys need at least 2048 bits.",
            ));
        }
        Ok(key)
    }

    fn from_pem(body: &str) -> IamResult<Self> {
        let malformed = || invalid("The public key is malformed.");
        let (label, der) = pem::decode_vec(body.as_bytes()).map_err(|_| malformed())?;
        if label != "PUBLIC KEY" {
            return Err(unrecognized());
        }
        let spki = SubjectPublicKeyInfoRef::from_der(&der).map_err(|_| malformed())?;
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(unrecognized());
        }
        let key = pkcs1::RsaPublicKey::from_der(spki.subject_public_key.raw_bytes())
            .map_err(|_| malformed())?;
        Ok(Self {
            modulus: unsigned(key.modulus.as_bytes()),
            exponent: unsigned(key.public_exponent.as_bytes()),
        })
    }

    /// The OpenSSH wire form: the key type, the exponent and the modulus, each length-prefixed.
    fn from_blob(blob: &[u8]) -> IamResult<Self> {
        let mut rest = blob;
        let mut field = || -> IamResult<&[u8]> {
            let malformed = || invalid("The public key is malformed.");
            let (len, tail) = rest.split_first_chunk::<4>().ok_or_else(malformed)?;
            let len = u32::from_be_bytes(*len) as usize;
            if tail.len() < len {
                return Err(malformed());
            }
            let (value, tail) = tail.split_at(len);
            rest = tail;
            Ok(value)
        };
        if field()? != SSH_RSA.as_bytes() {
            return Err(unrecognized());
        }
        let exponent = unsigned(field()?);
        let modulus = unsigned(field()?);
        if !rest.is_empty() || modulus.is_empty() || exponent.is_empty() {
            return Err(invalid("The public key is malformed."));
        }
        Ok(Self { modulus, exponent })
    }

    fn bits(&self) -> usize {
        self.modulus.first().map_or(0, |top| {
            (self.modulus.len() - 1) * 8 + (8 - top.leading_zeros() as usize)
        })
    }

    fn blob(&self) -> Vec<u8> {
        fn put(out: &mut Vec<u8>, value: &[u8]) {
            out.extend_from_slice(&(value.len() as u32).to_be_bytes());
            out.extend_from_slice(value);
        }
        fn mpint(value: &[u8]) -> Vec<u8> {
            let mut out = Vec::with_capacity(value.len() + 1);
            if value.first().is_some_and(|top| top & 0x80 != 0) {
                out.push(0);
            }
            out.extend_from_slice(value);
            out
        }
        let mut out = Vec::new();
        put(&mut out, SSH_RSA.as_bytes());
        put(&mut out, &mpint(&self.exponent));
        put(&mut out, &mpint(&self.modulus));
        out
    }

    /// The key in OpenSSH form, without a comment.
    pub fn to_openssh(&self) -> String {
        format!("{SSH_RSA} {}", STANDARD.encode(self.blob()))
    }

    /// The key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo), as `GetSSHPublicKey` answers for
    /// the `PEM` encoding.
    pub fn to_pem(&self) -> IamResult<String> {
        let failed = |_| IamError::service_failure();
        let rsa = pkcs1::RsaPublicKey {
            modulus: UintRef::new(&self.modulus).map_err(failed)?,
            public_exponent: UintRef::new(&self.exponent).map_err(failed)?,
        }
        .to_der()
        .map_err(failed)?;
        let spki = SubjectPublicKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid: RSA_ENCRYPTION,
                parameters: Some(AnyRef::NULL),
            },
            subject_public_key: BitStringRef::from_bytes(&rsa).map_err(failed)?,
        }
        .to_der()
        .map_err(failed)?;
        pem::encode_string("PUBLIC KEY", pem::LineEnding::LF, &spki)
            .map_err(|_| IamError::service_failure())
    }

    /// The MD5 of the key's OpenSSH form, as colon-separated hex (`ssh-keygen -E md5 -l`).
    pub fn fingerprint(&self) -> String {
        Md5::digest(self.blob())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SSH_KEY: &str = include_str!("../../../testdata/ssh-rsa.pub");
    const SSH_KEY_PEM: &str = include_str!("../../../testdata/ssh-rsa-spki.pem");
    const SHORT_KEY: &str = include_str!("../../../testdata/ssh-rsa-1024.pub");
    const ED25519_KEY: &str = include_str!("../../../testdata/ssh-ed25519.pub");

    #[test]
    fn both_forms_read_as_the_same_key() {
        let ssh = SshPublicKey::parse(SSH_KEY).unwrap();
        let pem = SshPublicKey::parse(SSH_KEY_PEM).unwrap();
        assert_eq!(ssh, pem);
        assert_eq!(
            SshPublicKey::parse(&SSH_KEY_PEM.replace('\n', "\r\n")).unwrap(),
            ssh
        );
        assert_eq!(ssh.bits(), 2048);
        // What `ssh-keygen -l -E md5` prints for the test key.
        assert_eq!(
            ssh.fingerprint(),
            "2b:e8:4a:5c:b7:00:9f:5f:02:e9:2b:89:dc:6d:46:14"
        );
        let openssh = ssh.to_openssh();
        assert!(SSH_KEY.starts_with(&openssh), "{openssh}");
        assert_eq!(ssh.to_pem().unwrap().trim(), SSH_KEY_PEM.trim());
    }

    #[test]
    fn other_keys_are_refused_with_the_reason() {
        let code = |body: &str| SshPublicKey::parse(body).unwrap_err().code;
        assert_eq!(code(SHORT_KEY), ErrorCode::InvalidPublicKey);
        assert_eq!(code(ED25519_KEY), ErrorCode::UnrecognizedPublicKeyEncoding);
        assert_eq!(code("ssh-rsa not-base64!"), ErrorCode::InvalidPublicKey);
        assert_eq!(
            code("ssh-rsa AAAAB3NzaC1yc2E="),
            ErrorCode::InvalidPublicKey
        );
        assert_eq!(code(""), ErrorCode::UnrecognizedPublicKeyEncoding);
        assert_eq!(
            code("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"),
            ErrorCode::UnrecognizedPublicKeyEncoding
        );
        // The type inside the data must agree with the one in front.
        let ed_blob = ED25519_KEY.split_whitespace().nth(1).unwrap();
        assert_eq!(
            code(&format!("ssh-rsa {ed_blob}")),
            ErrorCode::UnrecognizedPublicKeyEncoding
        );
    }
}
