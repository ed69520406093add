//! The keys that sign an account's web identity tokens — an RSA key for RS256 and a P-384 key
//! for ES384 — their JSON Web Key Set, and compact JWS signing (RFC 7515, 7518).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p384::elliptic_curve::sec1::ToEncodedPoint;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::error::{IamError, IamResult};
use crate::secrets::SecretString;

const RSA_BITS: usize = 2048;

/// The algorithms `GetWebIdentityToken` signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Rs256,
    Es384,
}

impl Algorithm {
    pub const ALL: [Algorithm; 2] = [Algorithm::Rs256, Algorithm::Es384];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es384 => "ES384",
        }
    }

    /// `SigningAlgorithm` as the request names it.
    pub fn parse(value: &str) -> IamResult<Self> {
        Self::ALL
            .into_iter()
            .find(|alg| alg.as_str() == value)
            .ok_or_else(|| {
                IamError::constraint(
                    "signingAlgorithm",
                    value,
                    "Member must satisfy enum value set: [RS256, ES384]",
                )
            })
    }
}

/// An account's two signing keys.
pub struct SigningKeys {
    rsa: RsaPrivateKey,
    ec: p384::SecretKey,
}

/// The keys in PKCS#8 PEM, to be sealed for storage.
pub struct EncodedKeys {
    pub rsa: SecretString,
    pub ec: SecretString,
}

fn key_failure(what: &str) -> IamError {
    tracing::error!("{what} failed");
    IamError::service_failure()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl SigningKeys {
    /// New keys from a 32-byte seed (random in service; fixed in tests). Slow: RSA key
    /// generation takes a good part of a second, so callers run it off the async threads.
    pub fn generate(seed: [u8; 32]) -> IamResult<Self> {
        let mut rng = StdRng::from_seed(seed);
        let rsa = RsaPrivateKey::new(&mut rng, RSA_BITS)
            .map_err(|_| key_failure("generating an RSA signing key"))?;
        let ec = p384::SecretKey::random(&mut rng);
        Ok(Self { rsa, ec })
    }

    pub fn encode(&self) -> IamResult<EncodedKeys> {
        let rsa = self
            .rsa
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| key_failure("encoding an RSA signing key"))?;
        let ec = self
            .ec
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| key_failure("encoding an EC signing key"))?;
        Ok(EncodedKeys {
            rsa: SecretString::new(rsa.to_string()),
            ec: SecretString::new(ec.to_string()),
        })
    }

    pub fn decode(rsa_pem: &str, ec_pem: &str) -> IamResult<Self> {
        let rsa = RsaPrivateKey::from_pkcs8_pem(rsa_pem)
            .map_err(|_| key_failure("reading an RSA signing key"))?;
        let ec = p384::SecretKey::from_pkcs8_pem(ec_pem)
            .map_err(|_| key_failure("reading an EC signing key"))?;
        Ok(Self { rsa, ec })
    }

    /// The public half of a key as a JWK, without `kid`, `alg` or `use`: exactly the members
    /// its RFC 7638 thumbprint covers, in their lexicographic order.
    fn thumbprint_members(&self, alg: Algorithm) -> Value {
        match alg {
            Algorithm::Rs256 => {
                let public = self.rsa.to_public_key();
                json!({
                    "e": b64(&public.e().to_bytes_be()),
                    "kty": "RSA",
                    "n": b64(&public.n().to_bytes_be()),
                })
            }
            Algorithm::Es384 => {
                let point = self.ec.public_key().to_encoded_point(false);
                json!({
                    "crv": "P-384",
                    "kty": "EC",
                    "x": b64(point.x().map(|x| x.as_slice()).unwrap_or_default()),
                    "y": b64(point.y().map(|y| y.as_slice()).unwrap_or_default()),
                })
            }
        }
    }

    /// The key ID: the key's JWK thumbprint (RFC 7638), so it names the key wherever it is seen.
    pub fn key_id(&self, alg: Algorithm) -> String {
        let members = self.thumbprint_members(alg).to_string();
        b64(&Sha256::digest(members.as_bytes()))
    }

    /// The JSON Web Key Set verifiers fetch from the issuer.
    pub fn key_set(&self) -> Value {
        let keys: Vec<Value> = Algorithm::ALL
            .into_iter()
            .map(|alg| {
                let mut jwk = self.thumbprint_members(alg);
                if let Some(object) = jwk.as_object_mut() {
                    object.insert("kid".into(), self.key_id(alg).into());
                    object.insert("alg".into(), alg.as_str().into());
                    object.insert("use".into(), "sig".into());
                }
                jwk
            })
            .collect();
        json!({ "keys": keys })
    }

    /// A compact JWS of `claims`: `header.payload.signature`, each base64url.
    pub fn sign(&self, alg: Algorithm, claims: &Value) -> String {
        let header = json!({ "alg": alg.as_str(), "kid": self.key_id(alg), "typ": "JWT" });
        let signing_input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature = match alg {
            Algorithm::Rs256 => {
                let key = rsa::pkcs1v15::SigningKey::<Sha256>::new(self.rsa.clone());
                key.sign(signing_input.as_bytes()).to_vec()
            }
            Algorithm::Es384 => {
                let key = p384::ecdsa::SigningKey::from(&self.ec);
                let signature: p384::ecdsa::Signature = key.sign(signing_input.as_bytes());
                signature.to_bytes().to_vec()
            }
        };
        format!("{signing_input}.{}", b64(&signature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::signature::Verifier;

    fn parts(token: &str) -> (String, Value, Vec<u8>) {
        let pieces: Vec<&str> = token.split('.').collect();
        assert_eq!(pieces.len(), 3);
        let payload: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(pieces[1]).unwrap()).unwrap();
        (
            format!("{}.{}", pieces[0], pieces[1]),
            payload,
            URL_SAFE_NO_PAD.decode(pieces[2]).unwrap(),
        )
    }

    #[test]
    fn tokens_verify_with_the_published_keys_and_survive_storage() {
        let keys = SigningKeys::generate([7; 32]).unwrap();
        let encoded = keys.encode().unwrap();
        let keys = SigningKeys::decode(encoded.rsa.expose(), encoded.ec.expose()).unwrap();
        let claims = json!({"sub": "arn:aws:iam::123456789012:user/dev"});

        let (input, payload, signature) = parts(&keys.sign(Algorithm::Rs256, &claims));
        assert_eq!(payload, claims);
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(keys.rsa.to_public_key());
        let signature = rsa::pkcs1v15::Signature::try_from(signature.as_slice()).unwrap();
        verifier.verify(input.as_bytes(), &signature).unwrap();
        assert!(verifier.verify(b"tampered", &signature).is_err());

        let (input, _, signature) = parts(&keys.sign(Algorithm::Es384, &claims));
        assert_eq!(
            signature.len(),
            96,
            "r and s of 48 bytes each, as JWS wants"
        );
        let verifier = p384::ecdsa::VerifyingKey::from(keys.ec.public_key());
        let signature = p384::ecdsa::Signature::from_slice(&signature).unwrap();
        verifier.verify(input.as_bytes(), &signature).unwrap();
    }

    #[test]
    fn the_key_set_names_each_key_by_its_thumbprint() {
        let keys = SigningKeys::generate([9; 32]).unwrap();
        let set = keys.key_set();
        let published = set["keys"].as_array().unwrap();
        assert_eq!(published.len(), 2);
        assert_eq!(published[0]["kty"], "RSA");
        assert_eq!(published[0]["kid"], keys.key_id(Algorithm::Rs256).as_str());
        assert_eq!(published[1]["crv"], "P-384");
        assert_eq!(published[1]["kid"], keys.key_id(Algorithm::Es384).as_str());
        assert_ne!(keys.key_id(Algorithm::Rs256), keys.key_id(Algorithm::Es384));
        // The RSA exponent is 65537: AQAB in base64url.
        assert_eq!(published[0]["e"], "AQAB");
        assert!(
            !set.to_string().contains("\"d\""),
            "no private member is published"
        );
    }

    #[test]
    fn only_rs256_and_es384_are_offered() {
        assert_eq!(Algorithm::parse("RS256").unwrap(), Algorithm::Rs256);
        assert_eq!(Algorithm::parse("ES384").unwrap(), Algorithm::Es384);
        let err = Algorithm::parse("HS256").unwrap_err();
        assert_eq!(err.code, crate::error::ErrorCode::ValidationError);
    }
}
