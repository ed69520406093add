//! How dates and ages read in the console.

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
