//! The AWS managed policies Latchkey ships: embedded gzip-compressed, decoded once on first use.
//! They are read-only and the same in every account.

use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::ids::{IdPrefix, encode_id};

static COMPRESSED: &[u8] = include_bytes!("../data/aws-managed-policies.json.gz");

/// One AWS managed policy with its default version's document.
#[derive(Debug, Clone)]
pub struct AwsManagedPolicy {
    pub name: String,
    pub arn: String,
    pub path: String,
    /// A stable `ANPA…` ID derived from the ARN.
    pub policy_id: String,
    pub default_version_id: String,
    pub versions_count: u32,
    pub create_date: OffsetDateTime,
    pub update_date: OffsetDateTime,
    /// The default version's document, compact JSON.
    pub document: String,
}

impl AwsManagedPolicy {
    /// Service-linked-role policies can be used only by AWS services, never attached.
    pub fn is_attachable(&self) -> bool {
        self.path != "/aws-service-role/"
    }
}

#[derive(Deserialize)]
struct File {
    policies: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    arn: String,
    path: String,
    default_version_id: String,
    versions_count: u32,
    create_date: String,
    update_date: String,
    document: serde_json::Value,
}

fn parse_date(value: &str) -> OffsetDateTime {
    OffsetDateTime::parse(value, &Rfc3339).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn load() -> Vec<AwsManagedPolicy> {
    let mut json = Vec::new();
    if let Err(err) = flate2::read::GzDecoder::new(COMPRESSED).read_to_end(&mut json) {
        tracing::error!(error = %err, "the embedded AWS managed policies cannot be decompressed");
        return Vec::new();
    }
    let file: File = match serde_json::from_slice(&json) {
        Ok(file) => file,
        Err(err) => {
            tracing::error!(error = %err, "the embedded AWS managed policies cannot be parsed");
            return Vec::new();
        }
    };
    let mut policies: Vec<AwsManagedPolicy> = file
        .policies
        .into_iter()
        .map(|e| AwsManagedPolicy {
            policy_id: encode_id(IdPrefix::ManagedPolicy, &Sha256::digest(e.arn.as_bytes())),
            document: serde_json::to_string(&e.document).unwrap_or_default(),
            create_date: parse_date(&e.create_date),
            update_date: parse_date(&e.update_date),
            name: e.name,
            arn: e.arn,
            path: e.path,
            default_version_id: e.default_version_id,
            versions_count: e.versions_count,
        })
        .collect();
    policies.sort_by_key(|p| p.name.to_ascii_lowercase());
    policies
}

/// Every AWS managed policy, ordered by name ignoring case.
pub fn aws_managed_policies() -> &'static [AwsManagedPolicy] {
    static POLICIES: OnceLock<Vec<AwsManagedPolicy>> = OnceLock::new();
    POLICIES.get_or_init(load)
}

/// The AWS managed policy with this ARN.
pub fn aws_managed_policy(arn: &str) -> Option<&'static AwsManagedPolicy> {
    let policies = aws_managed_policies();
    let name = arn
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let start = policies.partition_point(|p| p.name.to_ascii_lowercase() < name);
    policies[start..]
        .iter()
        .take_while(|p| p.name.eq_ignore_ascii_case(&name))
        .find(|p| p.arn == arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ships_all_policies_including_job_functions() {
        let all = aws_managed_policies();
        assert_eq!(all.len(), 1594);
        assert!(all.iter().filter(|p| p.path == "/job-function/").count() >= 10);
        let admin = aws_managed_policy("arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
        assert!(
            admin.document.contains("\"Action\":\"*\""),
            "{}",
            admin.document
        );
        assert!(admin.policy_id.starts_with("ANPA") && admin.policy_id.len() == 21);
        assert!(
            aws_managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess").is_some()
        );
        assert!(aws_managed_policy("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
    }
}
