//! How dates, ages and policy types read in the console.

use time::OffsetDateTime;

pub fn days_since(at: OffsetDateTime, now: OffsetDateTime) -> i64 {
    (now - at).whole_days().max(0)
}

pub fn ago(at: Option<OffsetDateTime>, now: OffsetDateTime, never: &str) -> String {
    match at {
        None => never.to_owned(),
        Some(at) => match days_since(at, now) {
            0 => "Today".to_owned(),
            1 => "Yesterday".to_owned(),
            n => format!("{n} days ago"),
        },
    }
}

pub fn age(at: Option<OffsetDateTime>, now: OffsetDateTime) -> String {
    match at {
        None => "None".to_owned(),
        Some(at) => match days_since(at, now) {
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        },
    }
}

pub fn date(at: OffsetDateTime) -> String {
    format!("{}-{:02}-{:02}", at.year(), u8::from(at.month()), at.day())
}

/// A time as the Event history shows it: `2026-11-29 14:03:07 UTC`.
pub fn date_time(at: OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        date(at),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A managed policy's type as the console's lists and pages name it.
pub fn policy_type(arn: &str, path: &str) -> &'static str {
    if !arn.starts_with("arn:aws:iam::aws:") {
        "Customer managed"
    } else if path == "/job-function/" {
        "AWS managed - job function"
    } else {
        "AWS managed"
    }
}

/// Percent-encodes a query-string value (everything but unreserved characters).
pub fn url_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_types_read_as_the_console_names_them() {
        assert_eq!(
            policy_type(
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                "/job-function/"
            ),
            "AWS managed - job function"
        );
        assert_eq!(
            policy_type("arn:aws:iam::aws:policy/ReadOnlyAccess", "/"),
            "AWS managed"
        );
        assert_eq!(
            policy_type(
                "arn:aws:iam::123456789012:policy/job-function/mine",
                "/job-function/"
            ),
            "Customer managed"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(url_component("user/a b&c"), "user%2Fa%20b%26c");
    }
}
