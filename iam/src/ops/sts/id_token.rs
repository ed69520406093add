//! OpenID Connect ID tokens presented to `AssumeRoleWithWebIdentity`: a compact JWS parsed, and
//! its signature checked against the identity provider's JSON Web Key Set (RS256, RS384,
//! RS512, ES256, ES384).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::signature::Verifier;
use serde_json::Value;

use crate::error::{ErrorCode, IamError, IamResult};

/// `InvalidIdentityToken` with AWS's wording.
pub fn invalid(message: impl Into<String>) -> IamError {
    IamError::new(ErrorCode::InvalidIdentityToken, message)
}

/// A parsed token; nothing in it is trusted until `verify` succeeds.
#[derive(Debug)]
pub struct IdToken {
    alg: String,
    kid: Option<String>,
    pub claims: Value,
    signing_input: String,
    signature: Vec<u8>,
}

fn decode_part(part: &str) -> IamResult<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| invalid("The ID token is not a valid JSON Web Token."))
}

fn json_part(part: &str) -> IamResult<Value> {
    serde_json::from_slice(&decode_part(part)?)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| invalid("The ID token is not a valid JSON Web Token."))
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The key set has no key the token names (`kid`) or could use.
    NoKey,
    /// A key matched and the signature is wrong, or the algorithm is not one Latchkey verifies.
    BadSignature,
}

pub fn parse(token: &str) -> IamResult<IdToken> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("The ID token is not a valid JSON Web Token."));
    };
    let header_json = json_part(header)?;
    let alg = header_json["alg"].as_str().unwrap_or_default().to_owned();
    Ok(IdToken {
        alg,
        kid: header_json["kid"].as_str().map(str::to_owned),
        claims: json_part(payload)?,
        signing_input: format!("{header}.{payload}"),
        signature: decode_part(signature)?,
    })
}

fn b64_field(jwk: &Value, name: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(jwk[name].as_str()?.trim_end_matches('='))
        .ok()
}

impl IdToken {
    pub fn claim(&self, name: &str) -> Option<&str> {
        self.claims[name].as_str()
    }

    /// `aud` as a list (it may be one string or several).
    pub fn audiences(&self) -> Vec<&str> {
        match &self.claims["aud"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// A numeric date claim (`exp`, `nbf`, `iat`), in seconds.
    pub fn time(&self, name: &str) -> Option<i64> {
        let value = &self.claims[name];
        value
            .as_i64()
            .or_else(|| value.as_f64().map(|secs| secs as i64))
    }

    /// Whether a JWK could have made this token's signature.
    fn fits(&self, jwk: &Value) -> bool {
        let kty = match self.alg.as_str() {
            "RS256" | "RS384" | "RS512" => "RSA",
            "ES256" | "ES384" => "EC",
            _ => return false,
        };
        let kid_matches = match (&self.kid, jwk["kid"].as_str()) {
            (Some(wanted), Some(kid)) => wanted == kid,
            (Some(_), None) => false,
            (None, _) => true,
        };
        let usable = jwk["use"].as_str().is_none_or(|u| u == "sig")
            && jwk["alg"].as_str().is_none_or(|a| a == self.alg);
        kid_matches && usable && jwk["kty"] == kty
    }

    /// Checks the signature against the key set `{"keys": [...]}`.
    pub fn verify(&self, key_set: &Value) -> Result<(), Rejection> {
        let candidates: Vec<&Value> = key_set["keys"]
            .as_array()
            .map(|keys| keys.iter().filter(|jwk| self.fits(jwk)).collect())
            .unwrap_or_default();
        if candidates.is_empty() {
            return Err(Rejection::NoKey);
        }
        if candidates.iter().any(|jwk| self.verify_with(jwk)) {
            Ok(())
        } else {
            Err(Rejection::BadSignature)
        }
    }

    fn verify_with(&self, jwk: &Value) -> bool {
        let message = self.signing_input.as_bytes();
        match self.alg.as_str() {
            "RS256" => verify_rsa::<sha2::Sha256>(jwk, message, &self.signature),
            "RS384" => verify_rsa::<sha2::Sha384>(jwk, message, &self.signature),
            "RS512" => verify_rsa::<sha2::Sha512>(jwk, message, &self.signature),
            "ES256" => verify_p256(jwk, message, &self.signature),
            "ES384" => verify_p384(jwk, message, &self.signature),
            _ => false,
        }
    }
}

fn verify_rsa<D>(jwk: &Value, message: &[u8], signature: &[u8]) -> bool
where
    D: sha2::Digest + pkcs8::der::oid::AssociatedOid,
{
    let (Some(n), Some(e)) = (b64_field(jwk, "n"), b64_field(jwk, "e")) else {
        return false;
    };
    let Ok(key) = rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&n),
        rsa::BigUint::from_bytes_be(&e),
    ) else {
        return false;
    };
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return false;
    };
    rsa::pkcs1v15::VerifyingKey::<D>::new(key)
        .verify(message, &signature)
        .is_ok()
}

/// The uncompressed SEC1 point of an EC JWK on `curve`.
fn ec_point(jwk: &Value, curve: &str) -> Option<Vec<u8>> {
    if jwk["crv"] != curve {
        return None;
    }
    let mut point = vec![0x04];
    point.extend(b64_field(jwk, "x")?);
    point.extend(b64_field(jwk, "y")?);
    Some(point)
}

fn verify_p256(jwk: &Value, message: &[u8], signature: &[u8]) -> bool {
    let Some(point) = ec_point(jwk, "P-256") else {
        return false;
    };
    let (Ok(key), Ok(signature)) = (
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&point),
        p256::ecdsa::Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify(message, &signature).is_ok()
}

fn verify_p384(jwk: &Value, message: &[u8], signature: &[u8]) -> bool {
    let Some(point) = ec_point(jwk, "P-384") else {
        return false;
    };
    let (Ok(key), Ok(signature)) = (
        p384::ecdsa::VerifyingKey::from_sec1_bytes(&point),
        p384::ecdsa::Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify(message, &signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outbound_federation::signing_keys::{Algorithm, SigningKeys};
    use serde_json::json;

    fn keys() -> SigningKeys {
        SigningKeys::generate([3; 32]).unwrap()
    }

    #[test]
    fn tokens_signed_by_a_published_key_verify_and_others_do_not() {
        let keys = keys();
        let set = keys.key_set();
        let claims = json!({"iss": "https://idp.example.com", "aud": ["a", "b"], "sub": "s", "exp": 1_900_000_000});
        for alg in Algorithm::ALL {
            let token = parse(&keys.sign(alg, &claims)).unwrap();
            assert_eq!(token.verify(&set), Ok(()), "{}", alg.as_str());
            assert_eq!(token.audiences(), vec!["a", "b"]);
            assert_eq!(token.time("exp"), Some(1_900_000_000));
            assert_eq!(token.claim("iss"), Some("https://idp.example.com"));
        }
        // Another issuer's keys do not verify it, and a changed payload fails.
        let other = SigningKeys::generate([4; 32]).unwrap().key_set();
        let token = keys.sign(Algorithm::Rs256, &claims);
        assert_eq!(parse(&token).unwrap().verify(&other), Err(Rejection::NoKey));
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(br#"{"iss":"https://idp.example.com","sub":"admin"}"#);
        assert_eq!(
            parse(&parts.join(".")).unwrap().verify(&set),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn an_es256_key_verifies_its_tokens() {
        use p256::ecdsa::signature::Signer;
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let secret = p256::SecretKey::from_slice(&[5; 32]).unwrap();
        let point = secret.public_key().to_encoded_point(false);
        let set = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1",
            "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
            "y": URL_SAFE_NO_PAD.encode(point.y().unwrap())}]});
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256","kid":"k1"}"#);
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"s"}"#);
        let input = format!("{header}.{payload}");
        let signature: p256::ecdsa::Signature =
            p256::ecdsa::SigningKey::from(&secret).sign(input.as_bytes());
        let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
        assert_eq!(parse(&token).unwrap().verify(&set), Ok(()));
    }

    #[test]
    fn malformed_and_unsigned_tokens_are_refused() {
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.", "e30.bm90LWpzb24.AA"] {
            assert_eq!(
                parse(bad).unwrap_err().code,
                ErrorCode::InvalidIdentityToken,
                "{bad}"
            );
        }
        // alg "none" is never accepted.
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let token = parse(&format!("{header}.e30.")).unwrap();
        assert_eq!(token.verify(&keys().key_set()), Err(Rejection::NoKey));
    }
}
