//! The trust policies the create-role wizard writes for each trusted-entity tile.

use iam::policy::json::pretty;

/// Identity providers offered by the web identity tile: `(label, provider)`.
pub const WEB_IDENTITY_PROVIDERS: [(&str, &str); 4] = [
    ("Amazon Cognito", "cognito-identity.amazonaws.com"),
    ("Login with Amazon", "www.amazon.com"),
    ("Facebook", "graph.facebook.com"),
    ("Google", "accounts.google.com"),
];

/// The audience AWS sign-in expects in SAML assertions for console access.
pub const SAML_CONSOLE_AUDIENCE: &str = "https://signin.aws.amazon.com/saml";

/// What a role trusts, as chosen on the wizard's first step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedEntity {
    /// An AWS service by its principal, such as `ec2.amazonaws.com`.
    Service(String),
    Account {
        account_id: String,
        external_id: Option<String>,
        require_mfa: bool,
    },
    WebIdentity {
        provider: String,
        audience: String,
    },
    Saml {
        provider_arn: String,
        console_access: bool,
    },
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn statement(principal: &str, action: &str, conditions: &[String]) -> String {
    let condition = if conditions.is_empty() {
        String::new()
    } else {
        format!(r#","Condition":{{{}}}"#, conditions.join(","))
    };
    pretty(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"{action}"{condition}}}]}}"#
    ))
}

/// The trust policy for `entity`, indented.
pub fn trust_policy(entity: &TrustedEntity) -> String {
    match entity {
        TrustedEntity::Service(service) => statement(
            &format!(r#"{{"Service":{}}}"#, quoted(service)),
            "sts:AssumeRole",
            &[],
        ),
        TrustedEntity::Account {
            account_id,
            external_id,
            require_mfa,
        } => {
            let mut conditions = Vec::new();
            if let Some(id) = external_id {
                conditions.push(format!(
                    r#""StringEquals":{{"sts:ExternalId":{}}}"#,
                    quoted(id)
                ));
            }
            if *require_mfa {
                conditions.push(r#""Bool":{"aws:MultiFactorAuthPresent":"true"}"#.to_owned());
            }
            statement(
                &format!(
                    r#"{{"AWS":{}}}"#,
                    quoted(&format!("arn:aws:iam::{account_id}:root"))
                ),
                "sts:AssumeRole",
                &conditions,
            )
        }
        TrustedEntity::WebIdentity { provider, audience } => {
            // An OIDC provider of the account is named by its ARN; its keys by its URL.
            let issuer = provider
                .split_once(":oidc-provider/")
                .map_or(provider.as_str(), |(_, url)| url);
            statement(
                &format!(r#"{{"Federated":{}}}"#, quoted(provider)),
                "sts:AssumeRoleWithWebIdentity",
                &[format!(
                    r#""StringEquals":{{{}:{}}}"#,
                    quoted(&format!("{issuer}:aud")),
                    quoted(audience)
                )],
            )
        }
        TrustedEntity::Saml {
            provider_arn,
            console_access,
        } => {
            let conditions = if *console_access {
                vec![format!(
                    r#""StringEquals":{{"SAML:aud":{}}}"#,
                    quoted(SAML_CONSOLE_AUDIENCE)
                )]
            } else {
                Vec::new()
            };
            statement(
                &format!(r#"{{"Federated":{}}}"#, quoted(provider_arn)),
                "sts:AssumeRoleWithSAML",
                &conditions,
            )
        }
    }
}

/// Where the custom trust policy tile starts.
pub const CUSTOM_TRUST_STARTER: &str = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"Statement1\",\n            \"Effect\": \"Allow\",\n            \"Principal\": {},\n            \"Action\": \"sts:AssumeRole\"\n        }\n    ]\n}";

/// Whether `text` is a valid external ID: 2–1,224 characters of `[\w+=,.@:/-]`.
pub fn valid_external_id(text: &str) -> bool {
    (2..=1224).contains(&text.chars().count())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn each_tile_writes_the_console_trust_policy() {
        let ec2 = parsed(&trust_policy(&TrustedEntity::Service(
            "ec2.amazonaws.com".into(),
        )));
        assert_eq!(
            ec2["Statement"][0],
            parsed(
                r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#
            )
        );
        let account = parsed(&trust_policy(&TrustedEntity::Account {
            account_id: "123456789012".into(),
            external_id: Some("ext-42".into()),
            require_mfa: true,
        }));
        assert_eq!(
            account["Statement"][0]["Condition"],
            parsed(
                r#"{"StringEquals":{"sts:ExternalId":"ext-42"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#
            )
        );
        assert_eq!(
            account["Statement"][0]["Principal"]["AWS"],
            "arn:aws:iam::123456789012:root"
        );
        let google = parsed(&trust_policy(&TrustedEntity::WebIdentity {
            provider: "accounts.google.com".into(),
            audience: "my-app".into(),
        }));
        assert_eq!(
            google["Statement"][0]["Condition"]["StringEquals"]["accounts.google.com:aud"],
            "my-app"
        );
        let github = parsed(&trust_policy(&TrustedEntity::WebIdentity {
            provider: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
                .into(),
            audience: "sts.amazonaws.com".into(),
        }));
        assert_eq!(
            github["Statement"][0]["Principal"]["Federated"],
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        );
        assert_eq!(
            github["Statement"][0]["Condition"]["StringEquals"]["token.actions.githubusercontent.com:aud"],
            "sts.amazonaws.com"
        );
        let saml = parsed(&trust_policy(&TrustedEntity::Saml {
            provider_arn: "arn:aws:iam::123456789012:saml-provider/Corp".into(),
            console_access: true,
        }));
        assert_eq!(saml["Statement"][0]["Action"], "sts:AssumeRoleWithSAML");
        assert_eq!(
            saml["Statement"][0]["Condition"]["StringEquals"]["SAML:aud"],
            SAML_CONSOLE_AUDIENCE
        );
    }

    #[test]
    fn external_ids_follow_the_console_rules() {
        assert!(valid_external_id("ab"));
        assert!(valid_external_id("team:prod/1"));
        assert!(!valid_external_id("a"));
        assert!(!valid_external_id("has space"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_generated_policy_is_a_valid_trust_policy() {
        use iam::ops::roles::validate_trust_policy;
        for entity in [
            TrustedEntity::Service("lambda.amazonaws.com".into()),
            TrustedEntity::Account {
                account_id: "123456789012".into(),
                external_id: Some("x\"y".into()),
                require_mfa: false,
            },
            TrustedEntity::WebIdentity {
                provider: "cognito-identity.amazonaws.com".into(),
                audience: "us-east-1:pool".into(),
            },
            TrustedEntity::Saml {
                provider_arn: "arn:aws:iam::123456789012:saml-provider/Corp".into(),
                console_access: false,
            },
        ] {
            validate_trust_policy(&trust_policy(&entity)).unwrap();
        }
        validate_trust_policy(CUSTOM_TRUST_STARTER).unwrap_err();
    }
}
