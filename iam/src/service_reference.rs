//! The AWS Service Authorization Reference Latchkey ships: every service's actions with their
//! access levels, resource types (with ARN templates) and condition keys. Embedded
//! gzip-compressed and decoded once on first use; the console's policy summaries and visual
//! editor read it on the server, never in the browser bundle.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

static COMPRESSED: &[u8] = include_bytes!("../data/aws-service-reference.json.gz");

/// The console's five access levels, in the order it shows them.
pub const ACCESS_LEVELS: [&str; 5] = ["List", "Read", "Tagging", "Write", "Permissions management"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    pub actions: BTreeMap<String, Action>,
    pub resource_types: BTreeMap<String, ResourceType>,
    pub condition_keys: BTreeMap<String, ConditionKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub access_level: String,
    pub description: String,
    pub resource_types: Vec<ActionResource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionResource {
    /// A resource type of the service, or `*` when the action takes no specific resource.
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    pub condition_keys: Vec<String>,
    pub dependent_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceType {
    /// The ARN template, such as `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`.
    pub arn: String,
    pub condition_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionKey {
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
}

#[derive(Deserialize)]
struct File {
    services: BTreeMap<String, Service>,
}

fn load() -> BTreeMap<String, Service> {
    let mut json = Vec::new();
    if let Err(err) = flate2::read::GzDecoder::new(COMPRESSED).read_to_end(&mut json) {
        tracing::error!(error = %err, "the embedded service reference cannot be decompressed");
        return BTreeMap::new();
    }
    match serde_json::from_slice::<File>(&json) {
        Ok(file) => file.services,
        Err(err) => {
            tracing::error!(error = %err, "the embedded service reference cannot be parsed");
            BTreeMap::new()
        }
    }
}

/// Every service, by prefix (`iam`, `s3`, …).
pub fn services() -> &'static BTreeMap<String, Service> {
    static SERVICES: OnceLock<BTreeMap<String, Service>> = OnceLock::new();
    SERVICES.get_or_init(load)
}

/// One service by its prefix, ignoring case.
pub fn service(prefix: &str) -> Option<&'static Service> {
    let services = services();
    services
        .get(prefix)
        .or_else(|| services.get(&prefix.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_every_service_with_access_levels() {
        assert_eq!(services().len(), 445);
        let iam = service("IAM").unwrap();
        assert_eq!(
            iam.actions["CreateUser"].access_level,
            "Permissions management"
        );
        assert_eq!(iam.actions["TagUser"].access_level, "Tagging");
        assert_eq!(iam.actions["ListUsers"].access_level, "List");
        assert!(
            iam.resource_types["user"]
                .arn
                .contains("${UserNameWithPath}")
        );
        let levels: std::collections::BTreeSet<&str> = services()
            .values()
            .flat_map(|s| s.actions.values())
            .map(|a| a.access_level.as_str())
            .collect();
        assert!(
            levels.iter().all(|l| ACCESS_LEVELS.contains(l)),
            "{levels:?}"
        );
    }
}
