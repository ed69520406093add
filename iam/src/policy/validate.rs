//! Parsing and validation of policy documents by the grammar of AWS IAM. The first failure wins,
//! in AWS's order; each message names the element and value at fault.

use super::conditions::is_known_operator;
use super::document::{Condition, Effect, Patterns, PolicyDocument, PrincipalBlock, Statement};
use super::index::ResourceIndex;
use super::json::{self, Json};
use crate::error::{ErrorCode, IamError, IamResult};

/// What a document is used as; the kinds differ in what they must and must not contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// An inline identity policy (`Put*Policy`).
    Inline,
    /// A managed policy (`CreatePolicy`, `CreatePolicyVersion`): `Version` 2012-10-17 required.
    Managed,
    /// A role trust policy: needs `Principal`, must not have `Resource`.
    Trust,
    /// A resource-based policy (the simulator's `ResourcePolicy`): needs `Principal` and
    /// `Resource`.
    Resource,
}

const VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];
const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const IAM_RESOURCE_TYPES: [&str; 13] = [
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
];

fn malformed(message: impl Into<String>) -> IamError {
    IamError::new(ErrorCode::MalformedPolicyDocument, message)
}

fn syntax(detail: impl AsRef<str>) -> IamError {
    malformed(format!("Syntax errors in policy. {}", detail.as_ref()))
}

/// The number of characters AWS counts against policy size quotas: whitespace is free.
pub fn non_whitespace_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// A string or an array of strings, for element `name`.
fn strings(name: &str, value: &Json) -> IamResult<Vec<String>> {
    match value {
        Json::String(s) => Ok(vec![s.clone()]),
        Json::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(s.clone()),
                other => Err(syntax(format!(
                    "`{name}` must hold strings, not {}.",
                    other.kind()
                ))),
            })
            .collect(),
        Json::Array(_) => Err(syntax(format!("`{name}` must not be empty."))),
        other => Err(syntax(format!(
            "`{name}` must be a string or an array of strings, not {}.",
            other.kind()
        ))),
    }
}

fn condition_values(operator: &str, key: &str, value: &Json) -> IamResult<Vec<String>> {
    let scalar = |v: &Json| match v {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let values = match value {
        Json::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
        other => scalar(other).map(|v| vec![v]),
    };
    values.ok_or_else(|| {
        syntax(format!(
            "The values of condition `{operator}` `{key}` must be strings, numbers or booleans."
        ))
    })
}

fn conditions(value: &Json) -> IamResult<Vec<Condition>> {
    let Json::Object(operators) = value else {
        return Err(syntax(format!(
            "`Condition` must be an object, not {}.",
            value.kind()
        )));
    };
    let mut out = Vec::new();
    for (operator, block) in operators {
        let Json::Object(keys) = block else {
            return Err(syntax(format!(
                "Condition operator `{operator}` must map keys to values."
            )));
        };
        for (key, values) in keys {
            out.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values: condition_values(operator, key, values)?,
            });
        }
    }
    Ok(out)
}

fn principal(name: &str, value: &Json) -> IamResult<PrincipalBlock> {
    let negated = name == "NotPrincipal";
    match value {
        Json::String(s) if s == "*" => Ok(PrincipalBlock {
            negated,
            entries: vec![("AWS".into(), vec!["*".into()])],
        }),
        Json::Object(members) if !members.is_empty() => {
            let mut entries = Vec::new();
            for (kind, values) in members {
                entries.push((kind.clone(), strings(&format!("{name}.{kind}"), values)?));
            }
            Ok(PrincipalBlock { negated, entries })
        }
        other => Err(syntax(format!(
            "`{name}` must be \"*\" or an object of principal types, not {}.",
            other.kind()
        ))),
    }
}

/// One of two mutually exclusive elements (`Action`/`NotAction`, …).
fn either<'a>(
    members: &'a [(String, Json)],
    name: &str,
    negated: &str,
) -> IamResult<Option<(&'a str, &'a Json)>> {
    let plain = members.iter().find(|(k, _)| k == name);
    let not = members.iter().find(|(k, _)| k == negated);
    match (plain, not) {
        (Some(_), Some(_)) => Err(syntax(format!(
            "A statement may hold `{name}` or `{negated}`, not both."
        ))),
        (Some((k, v)), None) | (None, Some((k, v))) => Ok(Some((k.as_str(), v))),
        (None, None) => Ok(None),
    }
}

fn statement(value: &Json) -> IamResult<(Statement, bool)> {
    let Json::Object(members) = value else {
        return Err(syntax(format!(
            "Each statement must be an object, not {}.",
            value.kind()
        )));
    };
    if let Some((key, _)) = members
        .iter()
        .find(|(k, _)| !STATEMENT_KEYS.contains(&k.as_str()))
    {
        return Err(syntax(format!("Statement element `{key}` is not valid.")));
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let sid = match get("Sid") {
        None => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(syntax(format!(
                "`Sid` must be a string, not {}.",
                other.kind()
            )));
        }
    };
    let effect = match get("Effect") {
        Some(Json::String(s)) if s == "Allow" => Effect::Allow,
        Some(Json::String(s)) if s == "Deny" => Effect::Deny,
        Some(Json::String(s)) => {
            return Err(malformed(format!(
                "The policy failed legacy parsing: `Effect` must be `Allow` or `Deny`, not `{s}`."
            )));
        }
        Some(other) => {
            return Err(syntax(format!(
                "`Effect` must be a string, not {}.",
                other.kind()
            )));
        }
        None => return Err(syntax("Each statement needs an `Effect`.")),
    };
    let principal = either(members, "Principal", "NotPrincipal")?
        .map(|(k, v)| principal(k, v))
        .transpose()?;
    let action = either(members, "Action", "NotAction")?
        .map(|(k, v)| {
            strings(k, v).map(|values| Patterns {
                negated: k == "NotAction",
                values,
            })
        })
        .transpose()?;
    let resource = either(members, "Resource", "NotResource")?
        .map(|(k, v)| {
            strings(k, v).map(|values| Patterns {
                negated: k == "NotResource",
                values,
            })
        })
        .transpose()?;
    let conditions = get("Condition")
        .map(conditions)
        .transpose()?
        .unwrap_or_default();
    let has_action = action.is_some();
    let statement = Statement {
        sid,
        effect,
        principal,
        action: action.unwrap_or(Patterns {
            negated: false,
            values: Vec::new(),
        }),
        resource,
        conditions,
    };
    Ok((statement, has_action))
}

fn check_action(action: &str) -> IamResult<()> {
    if action == "*" {
        return Ok(());
    }
    let Some((vendor, _)) = action.split_once(':') else {
        return Err(malformed(format!(
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. `{action}` has none."
        )));
    };
    if action.matches(':').count() > 1 {
        return Err(malformed(format!(
            "Actions/Condition can contain only one colon. `{action}` has more."
        )));
    }
    if vendor.is_empty()
        || !vendor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '*' || c == '?')
    {
        return Err(malformed(format!("Vendor `{vendor}` is not valid")));
    }
    Ok(())
}

fn check_resource(resource: &str) -> IamResult<()> {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    if parts.len() == 6 && parts[0] == "arn" && parts[2] == "iam" {
        if !parts[3].is_empty() {
            return Err(malformed(format!(
                "IAM resource {resource} cannot contain region information."
            )));
        }
        let path = parts[5];
        if path != "*"
            && path != "root"
            && !IAM_RESOURCE_TYPES.iter().any(|t| path.starts_with(t))
            && !path.starts_with('*')
        {
            return Err(malformed(format!(
                "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/. `{resource}` does not."
            )));
        }
    }
    Ok(())
}

/// Parses and validates `text` as a policy of `kind`.
pub fn parse_policy(text: &str, kind: PolicyKind) -> IamResult<PolicyDocument> {
    let root = json::parse(text).map_err(|e| {
        syntax(format!(
            "Invalid JSON at line {}, column {}: {}.",
            e.line, e.column, e.message
        ))
    })?;
    let Json::Object(members) = root else {
        return Err(syntax(format!(
            "A policy must be a JSON object, not {}.",
            root.kind()
        )));
    };
    if let Some((key, _)) = members
        .iter()
        .find(|(k, _)| !matches!(k.as_str(), "Version" | "Id" | "Statement"))
    {
        return Err(syntax(format!(
            "Top-level element `{key}` is not valid: use `Version`, `Id` and `Statement`."
        )));
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let version = match get("Version") {
        None => None,
        Some(Json::String(v)) if VERSIONS.contains(&v.as_str()) => Some(v.clone()),
        Some(Json::String(v)) => {
            return Err(syntax(format!(
                "The policy `Version` `{v}` is not valid: use `2012-10-17` (current) or `2008-10-17`."
            )));
        }
        Some(other) => {
            return Err(syntax(format!(
                "`Version` must be a string, not {}.",
                other.kind()
            )));
        }
    };
    let id = match get("Id") {
        None => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(syntax(format!(
                "`Id` must be a string, not {}.",
                other.kind()
            )));
        }
    };
    let raw_statements: Vec<&Json> = match get("Statement") {
        None => return Err(syntax("A policy needs a `Statement`.")),
        Some(Json::Array(items)) if items.is_empty() => {
            return Err(syntax("`Statement` must not be empty."));
        }
        Some(Json::Array(items)) => items.iter().collect(),
        Some(single @ Json::Object(_)) => vec![single],
        Some(other) => {
            return Err(syntax(format!(
                "`Statement` must be an object or an array of objects, not {}.",
                other.kind()
            )));
        }
    };
    let mut parsed = Vec::with_capacity(raw_statements.len());
    for raw in raw_statements {
        parsed.push(statement(raw)?);
    }
    if kind == PolicyKind::Managed && version.as_deref() != Some("2012-10-17") {
        return Err(malformed(
            "Policy document must be version 2012-10-17 or greater.",
        ));
    }
    for (statement, _) in &parsed {
        for condition in &statement.conditions {
            if !is_known_operator(&condition.operator) {
                return Err(malformed(format!(
                    "The policy failed legacy parsing: condition operator `{}` is not valid.",
                    condition.operator
                )));
            }
        }
    }
    let mut sids = std::collections::HashSet::new();
    for (statement, _) in &parsed {
        if let Some(sid) = &statement.sid
            && !sids.insert(sid.clone())
        {
            return Err(malformed(format!(
                "Statement IDs (SID) in a single policy must be unique. `{sid}` repeats."
            )));
        }
    }
    for (statement, has_action) in &parsed {
        if !has_action {
            return Err(malformed("Policy statement must contain actions."));
        }
        if let Some(resource) = &statement.resource {
            resource.values.iter().try_for_each(|r| check_resource(r))?;
        }
        statement
            .action
            .values
            .iter()
            .try_for_each(|a| check_action(a))?;
        match kind {
            PolicyKind::Inline | PolicyKind::Managed => {
                if statement.resource.is_none() {
                    return Err(malformed("Policy statement must contain resources."));
                }
                if statement.principal.is_some() {
                    return Err(malformed("Policy document should not specify a principal."));
                }
            }
            PolicyKind::Resource => {
                if statement.resource.is_none() {
                    return Err(malformed("Policy statement must contain resources."));
                }
                if statement.principal.is_none() {
                    return Err(malformed("Missing required field Principal."));
                }
            }
            PolicyKind::Trust => {
                if statement.resource.is_some() {
                    return Err(malformed("Has prohibited field Resource."));
                }
                if statement.principal.is_none() {
                    return Err(malformed("Missing required field Principal."));
                }
            }
        }
    }
    let statements: Vec<Statement> = parsed.into_iter().map(|(s, _)| s).collect();
    Ok(PolicyDocument {
        version,
        id,
        index: ResourceIndex::build(&statements),
        statements,
    })
}

#[cfg(test)]
mod tests;
