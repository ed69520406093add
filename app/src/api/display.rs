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

/// Reads an `<input type="datetime-local">` value (`2026-11-29T14:03`, seconds optional) as
/// UTC, in Unix seconds.
pub fn parse_datetime_local(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.split('-').map(str::parse::<i32>);
    let (year, month, day) = (
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
    );
    let mut time_parts = time.split(':').map(str::parse::<u8>);
    let hour = time_parts.next()?.ok()?;
    let minute = time_parts.next()?.ok()?;
    let second = time_parts.next().transpose().ok()?.unwrap_or(0);
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
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
    fn datetime_local_values_read_as_utc() {
        assert_eq!(
            parse_datetime_local("2026-01-01T00:00"),
            Some(1_767_225_600)
        );
        assert_eq!(
            parse_datetime_local("2026-01-01T00:00:30"),
            Some(1_767_225_630)
        );
        assert_eq!(parse_datetime_local("2026-13-01T00:00"), None);
        assert_eq!(parse_datetime_local("yesterday"), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(url_component("user/a b&c"), "user%2Fa%20b%26c");
    }
}
