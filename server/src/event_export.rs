//! `GET /iam/event-history/export`: the Event history as JSON Lines, one event per line, with
//! the page's filters as query parameters (`from` and `to` as Unix seconds, RFC 3339 times or
//! UTC dates and times, `principal`, `action`, `result`). The caller's console session must be allowed
//! `cloudtrail:LookupEvents`.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use iam::model::audit::{EventFilter, FilterText};
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

fn filter_of(query: &ExportQuery) -> iam::error::IamResult<EventFilter> {
    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
    EventFilter::parse(FilterText {
        from: text(&query.from),
        to: text(&query.to),
        principal: text(&query.principal),
        action: text(&query.action),
        result: text(&query.result),
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
        Err(err) => return (StatusCode::BAD_REQUEST, err.message).into_response(),
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
    fn the_query_string_is_read_as_the_page_reads_its_form() {
        let query = ExportQuery {
            from: Some("1700000000".into()),
            result: Some("Allowed".into()),
            ..ExportQuery::default()
        };
        let filter = filter_of(&query).unwrap();
        assert_eq!(filter.from, Some(1_700_000_000));
        assert_eq!(filter.result, Some(iam::model::audit::AuditResult::Allowed));
        let bad = ExportQuery {
            result: Some("Maybe".into()),
            ..ExportQuery::default()
        };
        assert!(filter_of(&bad).is_err());
    }
}
