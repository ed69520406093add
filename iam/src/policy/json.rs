//! A JSON value that keeps object members in order and refuses duplicate keys, which
//! `serde_json::Value` silently merges. Policy documents with duplicate keys are invalid.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A short name of the value's type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}

/// A JSON syntax error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` as one JSON value.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; keep only the description.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        SyntaxError {
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// `text` indented four spaces per level with its members in their written order, as the
/// console shows documents; text that is not JSON comes back unchanged.
pub fn pretty(text: &str) -> String {
    match parse(text) {
        Ok(value) => {
            let mut out = String::new();
            write_pretty(&value, 0, &mut out);
            out
        }
        Err(_) => text.to_owned(),
    }
}

/// `value` as compact JSON, members in their order.
pub fn compact(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(compact).collect::<Vec<_>>().join(",")
        ),
        Json::Object(members) => format!(
            "{{{}}}",
            members
                .iter()
                .map(|(k, v)| format!(
                    "{}:{}",
                    serde_json::to_string(k).unwrap_or_default(),
                    compact(v)
                ))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

fn write_pretty(value: &Json, depth: usize, out: &mut String) {
    let indent = |depth: usize, out: &mut String| out.push_str(&"    ".repeat(depth));
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&n.to_string()),
        Json::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(depth + 1, out);
                write_pretty(item, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(depth, out);
            out.push(']');
        }
        Json::Object(members) => {
            out.push_str("{\n");
            for (i, (key, item)) in members.iter().enumerate() {
                indent(depth + 1, out);
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push_str(": ");
                write_pretty(item, depth + 1, out);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            indent(depth, out);
            out.push('}');
        }
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value()?;
            members.push((key, value));
        }
        Ok(Json::Object(members))
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_keeps_member_order_and_indents_four_spaces() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*"],"Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10}}}]}"#;
        let expected = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Action\": [\n                \"s3:Get*\"\n            ],\n            \"Resource\": \"*\",\n            \"Condition\": {\n                \"NumericLessThan\": {\n                    \"s3:max-keys\": 10\n                }\n            }\n        }\n    ]\n}";
        assert_eq!(pretty(text), expected);
        assert_eq!(pretty("{not json"), "{not json");
        let parsed = parse(text).unwrap();
        assert_eq!(compact(&parsed), text);
    }

    #[test]
    fn keeps_order_and_refuses_duplicates() {
        let value = parse(r#"{"b": 1, "a": [true, null, "x"]}"#).unwrap();
        let Json::Object(members) = value else {
            panic!("object")
        };
        assert_eq!(members[0].0, "b");
        let err = parse("{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("duplicate key `a`"), "{}", err.message);
    }

    #[test]
    fn reports_line_and_column() {
        let err = parse("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.column >= 1);
    }
}
