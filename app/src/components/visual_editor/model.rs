//! The visual editor's model: permission blocks (one statement for one service each), written
//! to a policy document and read back from one when every statement fits a block.

use iam::policy::json::{Json, parse, pretty};

/// One request condition: `Qualifier:Operator { key: values }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionRow {
    /// Empty, `ForAnyValue` or `ForAllValues`.
    pub qualifier: String,
    /// Such as `StringEquals` or `StringLikeIfExists`.
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl ConditionRow {
    fn operator_name(&self) -> String {
        if self.qualifier.is_empty() {
            self.operator.clone()
        } else {
            format!("{}:{}", self.qualifier, self.operator)
        }
    }
}

/// A condition key and its values.
type KeyValues = (String, Vec<String>);

/// One permission block: one statement for one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    /// The service prefix (`iam`, `s3`, …); `None` until chosen.
    pub service: Option<String>,
    pub deny: bool,
    /// `service:*`.
    pub all_actions: bool,
    /// Action names chosen from the lists, without the prefix.
    pub actions: Vec<String>,
    /// Actions typed by hand, wildcards allowed, without the prefix.
    pub typed_actions: Vec<String>,
    pub all_resources: bool,
    pub resources: Vec<String>,
    pub require_mfa: bool,
    pub source_ips: Vec<String>,
    pub conditions: Vec<ConditionRow>,
}

impl Block {
    pub fn new() -> Self {
        Self {
            all_resources: true,
            ..Self::default()
        }
    }

    /// The block's action patterns with the prefix.
    pub fn action_patterns(&self) -> Vec<String> {
        let Some(prefix) = &self.service else {
            return Vec::new();
        };
        if self.all_actions {
            return vec![format!("{prefix}:*")];
        }
        self.actions
            .iter()
            .chain(&self.typed_actions)
            .map(|a| format!("{prefix}:{a}"))
            .collect()
    }

    /// Why the block cannot be written yet, if anything is missing.
    pub fn problem(&self) -> Option<&'static str> {
        if self.service.is_none() {
            Some("Choose a service.")
        } else if self.action_patterns().is_empty() {
            Some("Choose at least one action.")
        } else if !self.all_resources && self.resources.is_empty() {
            Some("Add at least one resource ARN, or choose All resources.")
        } else {
            None
        }
    }

    fn condition_json(&self) -> Option<String> {
        let mut by_operator: Vec<(String, Vec<KeyValues>)> = Vec::new();
        let mut add = |operator: String, key: String, values: Vec<String>| match by_operator
            .iter_mut()
            .find(|(o, _)| *o == operator)
        {
            Some((_, keys)) => keys.push((key, values)),
            None => by_operator.push((operator, vec![(key, values)])),
        };
        if self.require_mfa {
            add(
                "Bool".into(),
                "aws:MultiFactorAuthPresent".into(),
                vec!["true".into()],
            );
        }
        if !self.source_ips.is_empty() {
            add(
                "IpAddress".into(),
                "aws:SourceIp".into(),
                self.source_ips.clone(),
            );
        }
        for row in &self.conditions {
            add(row.operator_name(), row.key.clone(), row.values.clone());
        }
        if by_operator.is_empty() {
            return None;
        }
        let blocks: Vec<String> = by_operator
            .into_iter()
            .map(|(operator, keys)| {
                let keys: Vec<String> = keys
                    .into_iter()
                    .map(|(key, values)| format!("{}:{}", quoted(&key), list(&values)))
                    .collect();
                format!("{}:{{{}}}", quoted(&operator), keys.join(","))
            })
            .collect();
        Some(format!("{{{}}}", blocks.join(",")))
    }

    fn statement_json(&self) -> String {
        let resource = if self.all_resources {
            quoted("*")
        } else {
            list(&self.resources)
        };
        let condition = self
            .condition_json()
            .map(|c| format!(r#","Condition":{c}"#))
            .unwrap_or_default();
        format!(
            r#"{{"Effect":"{}","Action":{},"Resource":{resource}{condition}}}"#,
            if self.deny { "Deny" } else { "Allow" },
            list(&self.action_patterns()),
        )
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// One value as a string, several as an array.
fn list(values: &[String]) -> String {
    match values {
        [one] => quoted(one),
        _ => format!(
            "[{}]",
            values
                .iter()
                .map(|v| quoted(v))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The policy document of `blocks` (blocks not yet complete are left out), indented.
pub fn document(blocks: &[Block]) -> String {
    let statements: Vec<String> = blocks
        .iter()
        .filter(|b| b.problem().is_none())
        .map(Block::statement_json)
        .collect();
    pretty(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    ))
}

fn strings(value: &Json) -> Option<Vec<String>> {
    match value {
        Json::String(s) => Some(vec![s.clone()]),
        Json::Array(items) => items
            .iter()
            .map(|i| match i {
                Json::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn member<'a>(members: &'a [(String, Json)], name: &str) -> Option<&'a Json> {
    members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Reads a statement into a block, or says why the visual editor cannot show it.
fn block_of(statement: &Json) -> Result<Block, String> {
    let Json::Object(members) = statement else {
        return Err("A statement is not an object.".into());
    };
    for (key, _) in members {
        if !matches!(
            key.as_str(),
            "Sid" | "Effect" | "Action" | "Resource" | "Condition"
        ) {
            return Err(format!("The visual editor cannot show `{key}`."));
        }
    }
    let deny = matches!(member(members, "Effect"), Some(Json::String(e)) if e == "Deny");
    let actions = member(members, "Action")
        .and_then(strings)
        .ok_or("Every statement needs `Action` for the visual editor.")?;
    let mut prefix = None;
    let mut block = Block {
        deny,
        ..Block::new()
    };
    for action in actions {
        let (service, name) = action
            .split_once(':')
            .ok_or_else(|| format!("The action `{action}` names no service."))?;
        let service = service.to_ascii_lowercase();
        if prefix.get_or_insert_with(|| service.clone()) != &service {
            return Err("A statement for several services cannot be shown as one block.".into());
        }
        if name == "*" {
            block.all_actions = true;
        } else if name.contains(['*', '?']) {
            block.typed_actions.push(name.to_owned());
        } else {
            block.actions.push(name.to_owned());
        }
    }
    block.service = prefix;
    let resources = member(members, "Resource")
        .and_then(strings)
        .ok_or("Every statement needs `Resource` for the visual editor.")?;
    block.all_resources = resources.iter().any(|r| r == "*");
    if !block.all_resources {
        block.resources = resources;
    }
    if let Some(condition) = member(members, "Condition") {
        let Json::Object(operators) = condition else {
            return Err("`Condition` is not an object.".into());
        };
        for (operator, keys) in operators {
            let Json::Object(keys) = keys else {
                return Err("A condition is not an object.".into());
            };
            for (key, values) in keys {
                let values = strings(values).ok_or("Condition values must be strings.")?;
                match (operator.as_str(), key.as_str()) {
                    ("Bool", "aws:MultiFactorAuthPresent") if values == ["true"] => {
                        block.require_mfa = true
                    }
                    ("IpAddress", "aws:SourceIp") => block.source_ips = values,
                    _ => {
                        let (qualifier, operator) = operator
                            .split_once(':')
                            .map_or((String::new(), operator.clone()), |(q, o)| {
                                (q.to_owned(), o.to_owned())
                            });
                        block.conditions.push(ConditionRow {
                            qualifier,
                            operator,
                            key: key.clone(),
                            values,
                        });
                    }
                }
            }
        }
    }
    Ok(block)
}

/// The blocks of a document, when every statement fits one.
pub fn blocks(text: &str) -> Result<Vec<Block>, String> {
    let root = parse(text).map_err(|e| {
        format!(
            "Fix the JSON first (line {}, column {}: {}).",
            e.line, e.column, e.message
        )
    })?;
    let Json::Object(members) = root else {
        return Err("A policy must be a JSON object.".into());
    };
    match member(&members, "Statement") {
        None => Ok(Vec::new()),
        Some(Json::Array(statements)) => statements.iter().map(block_of).collect(),
        Some(single) => Ok(vec![block_of(single)?]),
    }
}

/// The statements of `imported` appended to `current` (both documents).
pub fn append_statements(current: &str, imported: &str) -> Result<String, String> {
    let statements = |text: &str| -> Result<Vec<Json>, String> {
        match parse(text).map_err(|e| e.message)? {
            Json::Object(members) => Ok(match member(&members, "Statement") {
                Some(Json::Array(items)) => items.clone(),
                Some(single) => vec![single.clone()],
                None => Vec::new(),
            }),
            _ => Err("A policy must be a JSON object.".into()),
        }
    };
    let mut all = statements(current)?;
    all.extend(statements(imported)?);
    let mut out = String::from(r#"{"Version":"2012-10-17","Statement":["#);
    for (i, statement) in all.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&iam::policy::json::compact(statement));
    }
    out.push_str("]}");
    Ok(pretty(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn blocks_write_statements_and_read_back() {
        let block = Block {
            service: Some("iam".into()),
            actions: vec!["GetUser".into(), "ListUsers".into()],
            typed_actions: vec!["List*".into()],
            all_resources: false,
            resources: vec!["arn:aws:iam::123456789012:user/alice".into()],
            require_mfa: true,
            source_ips: vec!["203.0.113.0/24".into()],
            conditions: vec![ConditionRow {
                qualifier: "ForAnyValue".into(),
                operator: "StringEquals".into(),
                key: "aws:TagKeys".into(),
                values: vec!["team".into()],
            }],
            ..Block::new()
        };
        let deny_all = Block {
            service: Some("s3".into()),
            deny: true,
            all_actions: true,
            ..Block::new()
        };
        let unfinished = Block::new();
        let text = document(&[block.clone(), deny_all.clone(), unfinished]);
        assert_eq!(
            value(&text),
            value(
                r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers","iam:List*"],
                 "Resource":"arn:aws:iam::123456789012:user/alice",
                 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},
                              "IpAddress":{"aws:SourceIp":"203.0.113.0/24"},
                              "ForAnyValue:StringEquals":{"aws:TagKeys":"team"}}},
                {"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#
            )
        );
        iam::policy::parse_policy(&text, iam::policy::PolicyKind::Managed).unwrap();
        assert_eq!(blocks(&text).unwrap(), vec![block, deny_all]);
    }

    #[test]
    fn documents_the_blocks_cannot_show_are_refused_with_a_reason() {
        let two_services = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","iam:GetUser"],"Resource":"*"}]}"#;
        assert!(
            blocks(two_services)
                .unwrap_err()
                .contains("several services")
        );
        let not_action = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#;
        assert!(blocks(not_action).unwrap_err().contains("NotAction"));
        assert!(blocks("{").unwrap_err().contains("line 1"));
    }

    #[test]
    fn import_appends_statements() {
        let current = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let imported = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}}"#;
        let merged = value(&append_statements(current, imported).unwrap());
        assert_eq!(merged["Statement"].as_array().unwrap().len(), 2);
        assert_eq!(merged["Statement"][1]["Action"], "iam:Get*");
    }
}
