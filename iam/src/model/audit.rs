//! The audit trail's records and the filter of the Event history page, shared by the server
//! and the console.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::error::{IamError, IamResult};

/// Whether the request was let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditResult {
    Allowed,
    Denied,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "Allowed",
            Self::Denied => "Denied",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Allowed" => Some(Self::Allowed),
            "Denied" => Some(Self::Denied),
            _ => None,
        }
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// The IAM or STS Query API.
    Api,
    /// The console (pages and server functions).
    Console,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Console => "console",
        }
    }

    pub fn parse(text: &str) -> Self {
        if text == "api" {
            Self::Api
        } else {
            Self::Console
        }
    }
}

/// One recorded decision: who asked to do what to which resource, from where, and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub account_id: String,
    /// Seconds since the Unix epoch.
    pub event_time: i64,
    pub principal_arn: String,
    /// `service:Action`, as policies name it.
    pub action: String,
    pub resource: String,
    pub result: AuditResult,
    /// Why a request was denied (the error message the caller got).
    pub reason: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub channel: Channel,
}

/// What the Event history shows: every field optional, all of them must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// From this time on (seconds since the Unix epoch).
    pub from: Option<i64>,
    /// Up to and including this time.
    pub to: Option<i64>,
    /// Part of the principal ARN, ignoring case.
    pub principal: Option<String>,
    /// Part of the action, ignoring case.
    pub action: Option<String>,
    pub result: Option<AuditResult>,
}

/// The Event history's filters as text, as the page's form and its export's query string give
/// them; an empty field filters nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterText<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub principal: &'a str,
    pub action: &'a str,
    pub result: &'a str,
}

impl EventFilter {
    /// Reads filters given as text: times as `parse_event_time` reads them, the result as
    /// `Allowed` or `Denied`.
    pub fn parse(text: FilterText<'_>) -> IamResult<Self> {
        let time = |value: &str, label: &str| -> IamResult<Option<i64>> {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            parse_event_time(value).map(Some).ok_or_else(|| {
                IamError::validation(format!(
                    "{label} is not a valid time: give a date and time in UTC \
                     (2026-11-29T14:03), an RFC 3339 time or Unix seconds."
                ))
            })
        };
        let words = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let result = match text.result.trim() {
            "" => None,
            other => Some(
                AuditResult::parse(other)
                    .ok_or_else(|| IamError::validation("The result must be Allowed or Denied."))?,
            ),
        };
        Ok(Self {
            from: time(text.from, "The start time")?,
            to: time(text.to, "The end time")?,
            principal: words(text.principal),
            action: words(text.action),
            result,
        })
    }
}

/// A time in Unix seconds from Unix seconds, an RFC 3339 time, or a date and time without an
/// offset (`2026-11-29T14:03`, seconds optional: what a `datetime-local` input gives) read as
/// UTC.
pub fn parse_event_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return Some(seconds);
    }
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at.unix_timestamp());
    }
    local_date_time(text).map(|at| at.assume_utc().unix_timestamp())
}

fn local_date_time(text: &str) -> Option<PrimitiveDateTime> {
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.split('-').map(str::parse::<u16>);
    let year = i32::from(date_parts.next()?.ok()?);
    let month = Month::try_from(u8::try_from(date_parts.next()?.ok()?).ok()?).ok()?;
    let day = u8::try_from(date_parts.next()?.ok()?).ok()?;
    let mut time_parts = time.split(':').map(str::parse::<u8>);
    let hour = time_parts.next()?.ok()?;
    let minute = time_parts.next()?.ok()?;
    let second = time_parts.next().transpose().ok()?.unwrap_or(0);
    if date_parts.next().is_some() || time_parts.next().is_some() {
        return None;
    }
    Some(PrimitiveDateTime::new(
        Date::from_calendar_date(year, month, day).ok()?,
        Time::from_hms(hour, minute, second).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn event_times_are_unix_seconds_rfc3339_or_a_utc_date_and_time() {
        assert_eq!(parse_event_time("1700000000"), Some(1_700_000_000));
        assert_eq!(
            parse_event_time("2026-01-01T00:00:00Z"),
            Some(1_767_225_600)
        );
        assert_eq!(
            parse_event_time("2026-01-01T01:00:00+01:00"),
            Some(1_767_225_600)
        );
        assert_eq!(parse_event_time("2026-01-01T00:00"), Some(1_767_225_600));
        assert_eq!(parse_event_time("2026-01-01T00:00:30"), Some(1_767_225_630));
        for bad in [
            "yesterday",
            "2026-13-01T00:00",
            "2026-01-01",
            "2026-01-01T00:00:00:00",
            "",
        ] {
            assert_eq!(parse_event_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn filters_read_from_text_ignore_empty_fields_and_name_a_bad_one() {
        let filter = EventFilter::parse(FilterText {
            from: " 2026-01-01T00:00 ",
            principal: " alice ",
            result: "Denied",
            ..FilterText::default()
        })
        .unwrap();
        assert_eq!(
            filter,
            EventFilter {
                from: Some(1_767_225_600),
                to: None,
                principal: Some("alice".into()),
                action: None,
                result: Some(AuditResult::Denied),
            }
        );
        assert_eq!(
            EventFilter::parse(FilterText::default()).unwrap(),
            EventFilter::default()
        );
        let late = EventFilter::parse(FilterText {
            to: "tomorrow",
            ..FilterText::default()
        })
        .unwrap_err();
        assert_eq!(late.code, ErrorCode::ValidationError);
        assert!(late.message.starts_with("The end time"), "{}", late.message);
        let maybe = EventFilter::parse(FilterText {
            result: "Maybe",
            ..FilterText::default()
        });
        assert!(maybe.is_err());
    }
}
