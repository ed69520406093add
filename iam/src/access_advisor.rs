//! Access Advisor: the services an entity's policies allow, which of its policies allow each,
//! and when the entity last used each service.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::policy::{Effect, PolicyKind, parse_policy};

/// The row of a policy that allows every service (`*` or a `NotAction`).
pub const ALL_SERVICES: &str = "All services";

/// A service the policies allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAllowed {
    /// The service prefix (`s3`), or `ALL_SERVICES`.
    pub service: String,
    /// The names of the policies that allow it, in the order given.
    pub policies: Vec<String>,
    /// The latest recorded use of the service.
    pub last_accessed: Option<OffsetDateTime>,
}

/// Reads `(policy name, document)` pairs against `(service prefix, time)` uses, by service
/// prefix. Documents that do not parse are skipped (the store only holds valid ones).
pub fn services_allowed(
    documents: &[(String, String)],
    uses: &[(String, Option<OffsetDateTime>)],
) -> Vec<ServiceAllowed> {
    let mut services: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (policy, text) in documents {
        let Ok(doc) = parse_policy(text, PolicyKind::Inline) else {
            continue;
        };
        for statement in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
            for action in &statement.action.values {
                let service = if statement.action.negated || action == "*" {
                    ALL_SERVICES.to_owned()
                } else {
                    action
                        .split_once(':')
                        .map_or(action.as_str(), |(s, _)| s)
                        .to_lowercase()
                };
                let entry = services.entry(service).or_default();
                if !entry.contains(policy) {
                    entry.push(policy.clone());
                }
            }
        }
    }
    services
        .into_iter()
        .map(|(service, policies)| ServiceAllowed {
            last_accessed: uses
                .iter()
                .filter(|(s, _)| *s == service)
                .filter_map(|(_, at)| *at)
                .max(),
            service,
            policies,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_come_from_allow_statements_with_their_policies_and_last_use() {
        let documents = vec![
            (
                "reader".to_owned(),
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["S3:GetObject","ec2:Describe*"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#.to_owned(),
            ),
            (
                "admin".to_owned(),
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#.to_owned(),
            ),
        ];
        let early = OffsetDateTime::from_unix_timestamp(1_700_000_000).ok();
        let late = OffsetDateTime::from_unix_timestamp(1_800_000_000).ok();
        let uses = vec![
            ("s3".to_owned(), early),
            ("s3".to_owned(), late),
            ("sts".to_owned(), late),
        ];
        let allowed = services_allowed(&documents, &uses);
        let rows: Vec<(&str, Vec<&str>, Option<OffsetDateTime>)> = allowed
            .iter()
            .map(|s| {
                let policies = s.policies.iter().map(String::as_str).collect();
                (s.service.as_str(), policies, s.last_accessed)
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (ALL_SERVICES, vec!["admin"], None),
                ("ec2", vec!["reader"], None),
                ("s3", vec!["reader", "admin"], late),
            ]
        );
    }
}
