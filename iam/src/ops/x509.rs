//! The X.509 certificates and private keys users upload, in PEM: parsed to check them and to
//! read what AWS reports (the expiry), never used to sign or to serve.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::der::{Decode, DecodePem, Encode, pem};
use x509_cert::spki::ObjectIdentifier;

use crate::error::{ErrorCode, IamError, IamResult};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// A certificate that parsed.
#[derive(Debug, Clone)]
pub struct ParsedCertificate {
    /// SHA-256 of the certificate's DER, hex: the same certificate however it is wrapped.
    pub der_sha256: String,
    pub not_after: OffsetDateTime,
    public_key: CertificateKey,
}

/// The public key a certificate holds, as far as a private key is compared with it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CertificateKey {
    Rsa {
        modulus: Vec<u8>,
        exponent: Vec<u8>,
    },
    /// The EC point, uncompressed or compressed, as the certificate has it.
    Ec(Vec<u8>),
    Other,
}

pub fn malformed(message: impl Into<String>) -> IamError {
    IamError::new(ErrorCode::MalformedCertificate, message)
}

fn not_pem() -> IamError {
    malformed("Unable to parse certificate. Please ensure the certificate is in PEM format.")
}

/// Parses one PEM certificate (text around it, as OpenSSL writes, is allowed).
pub fn parse_certificate(body: &str) -> IamResult<ParsedCertificate> {
    let pem_block = only_pem_block(body, "CERTIFICATE")?;
    let certificate = Certificate::from_pem(pem_block.as_bytes()).map_err(|_| not_pem())?;
    describe(&certificate)
}

/// Parses a chain of PEM certificates.
pub fn parse_chain(chain: &str) -> IamResult<Vec<ParsedCertificate>> {
    let certificates = Certificate::load_pem_chain(chain.as_bytes()).map_err(|_| {
        malformed("Unable to parse certificate chain. Please ensure the chain is in PEM format.")
    })?;
    if certificates.is_empty() {
        return Err(malformed("The certificate chain holds no certificate."));
    }
    certificates.iter().map(describe).collect()
}

/// The one `-----BEGIN <label>-----` block of `text`; more than one is refused, as a
/// certificate body holds one certificate.
fn only_pem_block<'a>(text: &'a str, label: &str) -> IamResult<&'a str> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin).ok_or_else(not_pem)?;
    let stop = text[start..]
        .find(&end)
        .map(|at| start + at + end.len())
        .ok_or_else(not_pem)?;
    if text[stop..].contains(&begin) {
        return Err(malformed(
            "The certificate body holds more than one certificate: upload the chain separately.",
        ));
    }
    Ok(&text[start..stop])
}

fn describe(certificate: &Certificate) -> IamResult<ParsedCertificate> {
    let der = certificate
        .to_der()
        .map_err(|_| malformed("Unable to parse certificate."))?;
    let not_after = certificate
        .tbs_certificate
        .validity
        .not_after
        .to_unix_duration();
    let not_after =
        OffsetDateTime::from_unix_timestamp(i64::try_from(not_after.as_secs()).unwrap_or(i64::MAX))
            .map_err(|_| malformed("The certificate's expiry date is out of range."))?;
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    let key_bits = spki.subject_public_key.raw_bytes();
    let public_key = if spki.algorithm.oid == RSA_ENCRYPTION {
        let key = pkcs1::RsaPublicKey::from_der(key_bits)
            .map_err(|_| malformed("The certificate's RSA public key is malformed."))?;
        CertificateKey::Rsa {
            modulus: unsigned(key.modulus.as_bytes()),
            exponent: unsigned(key.public_exponent.as_bytes()),
        }
    } else if spki.algorithm.oid == EC_PUBLIC_KEY {
        CertificateKey::Ec(key_bits.to_vec())
    } else {
        CertificateKey::Other
    };
    Ok(ParsedCertificate {
        der_sha256: hex::encode(Sha256::digest(&der)),
        not_after,
        public_key,
    })
}

/// A big-endian integer without leading zero bytes.
fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

/// The public half a private key determines, where the key says it.
enum PrivateKeyPublicHalf {
    Rsa { modulus: Vec<u8>, exponent: Vec<u8> },
    Ec(Option<Vec<u8>>),
}

fn private_key_malformed() -> IamError {
    malformed(
        "Unable to parse private key. Please ensure the key is an unencrypted RSA or EC key in PEM format.",
    )
}

fn read_private_key(text: &str) -> IamResult<PrivateKeyPublicHalf> {
    let start = text.find("-----BEGIN ").ok_or_else(private_key_malformed)?;
    let (label, der) = pem::decode_vec(text[start..].trim_end().as_bytes())
        .map_err(|_| private_key_malformed())?;
    match label {
        "RSA PRIVATE KEY" => rsa_private_key(&der),
        "EC PRIVATE KEY" => ec_private_key(&der, None),
        "PRIVATE KEY" => {
            let info =
                pkcs8::PrivateKeyInfo::from_der(&der).map_err(|_| private_key_malformed())?;
            let public = info.public_key.map(<[u8]>::to_vec);
            if info.algorithm.oid == RSA_ENCRYPTION {
                rsa_private_key(info.private_key)
            } else if info.algorithm.oid == EC_PUBLIC_KEY {
                ec_private_key(info.private_key, public)
            } else {
                Err(private_key_malformed())
            }
        }
        _ => Err(private_key_malformed()),
    }
}

fn rsa_private_key(der: &[u8]) -> IamResult<PrivateKeyPublicHalf> {
    let key = pkcs1::RsaPrivateKey::from_der(der).map_err(|_| private_key_malformed())?;
    Ok(PrivateKeyPublicHalf::Rsa {
        modulus: unsigned(key.modulus.as_bytes()),
        exponent: unsigned(key.public_exponent.as_bytes()),
    })
}

fn ec_private_key(der: &[u8], outer_public: Option<Vec<u8>>) -> IamResult<PrivateKeyPublicHalf> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(|_| private_key_malformed())?;
    Ok(PrivateKeyPublicHalf::Ec(
        key.public_key.map(<[u8]>::to_vec).or(outer_public),
    ))
}

/// Checks that `private_key` is the private half of the certificate's key. An EC key that
/// leaves out its public point (OpenSSL always writes it) cannot be compared without the
/// curve's arithmetic and is taken as it is.
pub fn check_key_pair(certificate: &ParsedCertificate, private_key: &str) -> IamResult<()> {
    let mismatch = || {
        IamError::new(
            ErrorCode::KeyPairMismatch,
            "The private key does not match the public key in the certificate.",
        )
    };
    match (read_private_key(private_key)?, &certificate.public_key) {
        (
            PrivateKeyPublicHalf::Rsa { modulus, exponent },
            CertificateKey::Rsa {
                modulus: cert_modulus,
                exponent: cert_exponent,
            },
        ) => {
            if &modulus == cert_modulus && &exponent == cert_exponent {
                Ok(())
            } else {
                Err(mismatch())
            }
        }
        (PrivateKeyPublicHalf::Ec(None), CertificateKey::Ec(_)) => Ok(()),
        (PrivateKeyPublicHalf::Ec(Some(point)), CertificateKey::Ec(cert_point)) => {
            if &point == cert_point {
                Ok(())
            } else {
                Err(mismatch())
            }
        }
        (_, CertificateKey::Other) => Err(malformed(
            "The certificate's key algorithm is not supported: use an RSA or ECDSA certificate.",
        )),
        _ => Err(mismatch()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_CERT: &str = include_str!("../../testdata/rsa-cert.pem");
    const RSA_KEY: &str = include_str!("../../testdata/rsa-key.pem");
    const RSA_KEY_PKCS1: &str = include_str!("../../testdata/rsa-key-pkcs1.pem");
    const EC_CERT: &str = include_str!("../../testdata/ec-cert.pem");
    const EC_KEY: &str = include_str!("../../testdata/ec-key.pem");
    const OTHER_CERT: &str = include_str!("../../testdata/other-cert.pem");

    #[test]
    fn a_certificate_gives_its_expiry_and_identity() {
        let parsed = parse_certificate(RSA_CERT).unwrap();
        assert!(parsed.not_after.year() > 2100, "{}", parsed.not_after);
        let rewrapped = format!("Subject: whatever\n{RSA_CERT}\n\n");
        assert_eq!(
            parse_certificate(&rewrapped).unwrap().der_sha256,
            parsed.der_sha256
        );
        assert_ne!(
            parse_certificate(OTHER_CERT).unwrap().der_sha256,
            parsed.der_sha256
        );
        // As saved on Windows.
        let crlf = RSA_CERT.replace('\n', "\r\n");
        assert_eq!(
            parse_certificate(&crlf).unwrap().der_sha256,
            parsed.der_sha256
        );
        check_key_pair(&parsed, &RSA_KEY.replace('\n', "\r\n")).unwrap();
    }

    #[test]
    fn what_is_not_one_certificate_is_malformed() {
        for body in [
            "",
            "hello",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            RSA_KEY,
            &format!("{RSA_CERT}{OTHER_CERT}"),
        ] {
            let err = parse_certificate(body).unwrap_err();
            assert_eq!(err.code, ErrorCode::MalformedCertificate, "{body}");
        }
    }

    #[test]
    fn a_chain_holds_one_or_more_certificates() {
        assert_eq!(
            parse_chain(&format!("{OTHER_CERT}{EC_CERT}"))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            parse_chain("not a chain").unwrap_err().code,
            ErrorCode::MalformedCertificate
        );
    }

    #[test]
    fn private_keys_match_their_certificates_only() {
        let rsa = parse_certificate(RSA_CERT).unwrap();
        let ec = parse_certificate(EC_CERT).unwrap();
        let other = parse_certificate(OTHER_CERT).unwrap();
        check_key_pair(&rsa, RSA_KEY).unwrap();
        check_key_pair(&rsa, RSA_KEY_PKCS1).unwrap();
        check_key_pair(&ec, EC_KEY).unwrap();
        for (certificate, key) in [(&other, RSA_KEY), (&rsa, EC_KEY), (&ec, RSA_KEY)] {
            assert_eq!(
                check_key_pair(certificate, key).unwrap_err().code,
                ErrorCode::KeyPairMismatch
            );
        }
        assert_eq!(
            check_key_pair(
                &rsa,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"
            )
            .unwrap_err()
            .code,
            ErrorCode::MalformedCertificate
        );
        assert_eq!(
            check_key_pair(&rsa, RSA_CERT).unwrap_err().code,
            ErrorCode::MalformedCertificate
        );
    }
}
