//! The console's policy summary: per service, what a document allows or explicitly denies —
//! `Full access` or `Full:`/`Limited:` per access level, the resources and the request
//! conditions — computed from the service reference, plus the services and actions the
//! reference does not know.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::policy::matching::{action_matches, glob};
use crate::policy::{Effect, PolicyDocument, Statement};
use crate::service_reference::{ACCESS_LEVELS, Service, services};

/// One row of a summary section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub prefix: String,
    pub service: String,
    /// `Full access`, or `Full: List, Read Limited: Write`.
    pub access_level: String,
    /// `All resources`, the one resource, or `Multiple`.
    pub resource: String,
    /// `None`, the one condition, or `Multiple`.
    pub condition: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub explicit_deny: Vec<ServiceSummary>,
    pub allow: Vec<ServiceSummary>,
    /// Actions whose service or name the reference does not know, as written.
    pub uncategorized: Vec<String>,
    /// Services the policy does not mention (implicitly denied).
    pub remaining: usize,
}

#[derive(Default)]
struct Grant {
    actions: BTreeSet<&'static str>,
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
}

pub fn summarize(document: &PolicyDocument) -> PolicySummary {
    let mut grants: BTreeMap<(bool, &'static str), Grant> = BTreeMap::new();
    let mut uncategorized = BTreeSet::new();
    for statement in &document.statements {
        let deny = statement.effect == Effect::Deny;
        for (prefix, actions) in granted_actions(statement, &mut uncategorized) {
            let grant = grants.entry((deny, prefix)).or_default();
            grant.actions.extend(actions);
            grant.resources.insert(resource_text(statement));
            grant.conditions.extend(condition_texts(statement));
        }
    }
    let all = services();
    let mut summary = PolicySummary {
        uncategorized: uncategorized.into_iter().collect(),
        ..PolicySummary::default()
    };
    for ((deny, prefix), grant) in grants {
        let Some(service) = all.get(prefix) else {
            continue;
        };
        let row = ServiceSummary {
            prefix: prefix.to_owned(),
            service: service.name.clone(),
            access_level: access_text(service, &grant.actions),
            resource: one_or_multiple(&grant.resources, "None"),
            condition: one_or_multiple(&grant.conditions, "None"),
        };
        if deny {
            summary.explicit_deny.push(row);
        } else {
            summary.allow.push(row);
        }
    }
    summary.remaining = all.len() - summary.allow.len();
    summary
}

/// The actions a statement names, by service prefix; unknown names go to `uncategorized`.
fn granted_actions(
    statement: &Statement,
    uncategorized: &mut BTreeSet<String>,
) -> Vec<(&'static str, Vec<&'static str>)> {
    let all = services();
    let patterns = &statement.action.values;
    let matching = |prefix: &str, service: &'static Service, keep: &dyn Fn(&str) -> bool| {
        service
            .actions
            .keys()
            .map(String::as_str)
            .filter(|action| keep(&format!("{prefix}:{action}")))
            .collect::<Vec<_>>()
    };
    if statement.action.negated {
        return all
            .iter()
            .map(|(prefix, service)| {
                let keep = |name: &str| !patterns.iter().any(|p| action_matches(p, name));
                (prefix.as_str(), matching(prefix, service, &keep))
            })
            .filter(|(_, actions)| !actions.is_empty())
            .collect();
    }
    let mut out = Vec::new();
    for pattern in patterns {
        if pattern == "*" {
            out.extend(all.iter().map(|(prefix, service)| {
                (
                    prefix.as_str(),
                    service.actions.keys().map(String::as_str).collect(),
                )
            }));
            continue;
        }
        let Some((prefix, name)) = pattern.split_once(':') else {
            uncategorized.insert(pattern.clone());
            continue;
        };
        let Some((prefix, service)) = all.get_key_value(&prefix.to_ascii_lowercase()) else {
            uncategorized.insert(pattern.clone());
            continue;
        };
        let keep = |full: &str| {
            full.split_once(':')
                .is_some_and(|(_, action)| glob(name, action, true))
        };
        let actions = matching(prefix, service, &keep);
        if actions.is_empty() {
            uncategorized.insert(pattern.clone());
        } else {
            out.push((prefix.as_str(), actions));
        }
    }
    out
}

fn resource_text(statement: &Statement) -> String {
    match &statement.resource {
        None => "None".to_owned(),
        Some(block) if block.negated => format!("All resources except {}", block.values.join(", ")),
        Some(block) if block.values.iter().any(|v| v == "*") => "All resources".to_owned(),
        Some(block) => block.values.join(", "),
    }
}

fn condition_texts(statement: &Statement) -> Vec<String> {
    statement
        .conditions
        .iter()
        .map(|c| format!("{} {}: {}", c.key, c.operator, c.values.join(", ")))
        .collect()
}

fn one_or_multiple(texts: &BTreeSet<String>, none: &str) -> String {
    let mut meaningful = texts.iter().filter(|t| *t != "None");
    match (meaningful.next(), meaningful.next()) {
        (None, _) => none.to_owned(),
        (Some(one), None) if !one.contains(", ") => one.clone(),
        _ => "Multiple".to_owned(),
    }
}

/// `Full access` when every action of the service is granted, else per access level.
fn access_text(service: &Service, granted: &BTreeSet<&str>) -> String {
    if granted.len() == service.actions.len() {
        return "Full access".to_owned();
    }
    let (mut full, mut limited) = (Vec::new(), Vec::new());
    for level in ACCESS_LEVELS {
        let in_level = service
            .actions
            .iter()
            .filter(|(_, a)| a.access_level == level);
        let (total, got) = in_level.fold((0, 0), |(total, got), (name, _)| {
            (
                total + 1,
                got + usize::from(granted.contains(name.as_str())),
            )
        });
        if got == 0 {
            continue;
        }
        if got == total {
            full.push(level);
        } else {
            limited.push(level);
        }
    }
    let mut parts = Vec::new();
    if !full.is_empty() {
        parts.push(format!("Full: {}", full.join(", ")));
    }
    if !limited.is_empty() {
        parts.push(format!("Limited: {}", limited.join(", ")));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyKind, parse_policy};

    fn summary(text: &str) -> PolicySummary {
        summarize(&parse_policy(text, PolicyKind::Managed).unwrap())
    }

    #[test]
    fn administrator_access_is_full_access_everywhere() {
        let s = summary(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        );
        assert_eq!(s.allow.len(), 445);
        assert!(s.allow.iter().all(|row| row.access_level == "Full access"));
        assert!(s.allow.iter().all(|row| row.resource == "All resources"));
        assert_eq!(s.remaining, 0);
    }

    #[test]
    fn levels_are_full_or_limited_and_unknown_actions_are_uncategorized() {
        let iam = crate::service_reference::service("iam").unwrap();
        let mut every_list: Vec<String> = iam
            .actions
            .iter()
            .filter(|(_, a)| a.access_level == "List")
            .map(|(name, _)| format!("\"iam:{name}\""))
            .collect();
        every_list.push(r#""iam:GetUser","nosuchservice:Do","iam:NoSuchAction""#.to_owned());
        let s = summary(&format!(
            r#"{{"Version":"2012-10-17","Statement":[
                {{"Effect":"Allow","Action":[{}],
                 "Resource":"*","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}},
                {{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::keep"}}]}}"#,
            every_list.join(",")
        ));
        let iam = &s.allow[0];
        assert_eq!(iam.prefix, "iam");
        assert_eq!(iam.access_level, "Full: List Limited: Read");
        assert_eq!(iam.condition, "aws:MultiFactorAuthPresent Bool: true");
        let s3 = &s.explicit_deny[0];
        assert_eq!(
            (s3.access_level.as_str(), s3.resource.as_str()),
            ("Limited: Write", "arn:aws:s3:::keep")
        );
        assert_eq!(s.uncategorized, ["iam:NoSuchAction", "nosuchservice:Do"]);
        assert_eq!(s.remaining, 444);
    }

    #[test]
    fn not_action_grants_everything_else() {
        let s = summary(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
        );
        assert!(s.allow.iter().all(|row| row.prefix != "iam"));
        assert_eq!(s.allow.len(), 444);
    }
}
