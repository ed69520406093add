//! `GET /iam/event-history/export`: the Event history as JSON Lines, one event per line, with
//! the page's filters as query parameters (`from` and `to` as RFC 3339 times or Unix seconds,
//! `principal`, `action`, `result`). The caller's console session must be allowed
//! `cloudtrail:LookupEvents`.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use iam::model::audit::{AuditResult, EventFilter};
use iam::ops::event_history::{self, MAX_EXPORT};
use iam::ops::signin::{self, SessionStage};
use serde::Deserialize;

use app::api::server::{SESSION_COOKIE, cookie_value};

use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
    principal: Option<String>,
    action: Option<String>,
    result: Option<String>,
}

/// A time given as RFC 3339 or as Unix seconds.
fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>().ok().or_else(|| {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .ok()
            .map(time::OffsetDateTime::unix_timestamp)
    })
}

fn filter_of(query: &ExportQuery) -> Result<EventFilter, String> {
    let time = |value: &Option<String>, name: &str| match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse_time(text)
            .map(Some)
            .ok_or_else(|| format!("{name} must be an RFC 3339 time or Unix seconds.")),
    };
    let result = match query.result.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            AuditResult::parse(text)
                .ok_or_else(|| "result must be Allowed or Denied.".to_owned())?,
        ),
    };
    Ok(EventFilter {
        from: time(&query.from, "from")?,
        to: time(&query.to, "to")?,
        principal: query.principal.clone(),
        action: query.action.clone(),
        result,
    })
}

pub async fn export(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Response {
    let session = match cookie_value(&headers, SESSION_COOKIE) {
        Some(token) => signin::session(&state.ctx, &token).await.ok().flatten(),
        None => None,
    };
    let Some(session) = session.filter(|s| s.stage == SessionStage::Active) else {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in to export the event history.",
        )
            .into_response();
    };
    let filter = match filter_of(&query) {
        Ok(filter) => filter,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    match event_history::lookup_events(&state.ctx, &session.principal, &filter, 0, MAX_EXPORT).await
    {
        Ok(events) => {
            let mut body = String::new();
            for event in &events {
                body.push_str(&event_history::json_line(event));
                body.push('\n');
            }
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"event_history.jsonl\""),
            );
            response
        }
        Err(err) => {
            let status = StatusCode::from_u16(err.code.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, err.message).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_or_unix_seconds() {
        assert_eq!(parse_time("1700000000"), Some(1_700_000_000));
        assert_eq!(parse_time("2026-01-01T00:00:00Z"), Some(1_767_225_600));
        assert_eq!(parse_time("yesterday"), None);
        let bad = ExportQuery {
            result: Some("Maybe".into()),
            ..ExportQuery::default()
        };
        assert!(filter_of(&bad).is_err());
    }
}
