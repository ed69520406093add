//! The Event history page's data: the account's audit trail through the page's filters.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

/// Events one page shows.
pub const EVENTS_PER_PAGE: u32 = 50;

/// The filters as the page's form holds them: times as `datetime-local` values (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQuery {
    pub from: String,
    pub to: String,
    pub principal: String,
    pub action: String,
    /// `""`, `Allowed` or `Denied`.
    pub result: String,
    pub page: u32,
}

/// One event as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub time: String,
    pub principal_arn: String,
    pub action: String,
    pub resource: String,
    /// `Allowed` or `Denied`.
    pub result: String,
    pub reason: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// `api` or `console`.
    pub channel: String,
}

/// One page of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub events: Vec<EventRow>,
    pub has_more: bool,
    /// The query string of the JSON Lines export of the same filters.
    pub export_query: String,
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn event_history(query: EventQuery) -> Result<EventPage, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::audit::{EventFilter, FilterText};
    let server = server_context()?;
    let session = active_session().await?;
    let filter = EventFilter::parse(FilterText {
        from: &query.from,
        to: &query.to,
        principal: &query.principal,
        action: &query.action,
        result: &query.result,
    })?;
    let per_page = i64::from(EVENTS_PER_PAGE);
    let mut events = iam::ops::event_history::lookup_events(
        &server.ctx,
        &session.principal,
        &filter,
        i64::from(query.page) * per_page,
        per_page + 1,
    )
    .await?;
    let has_more = events.len() as i64 > per_page;
    events.truncate(EVENTS_PER_PAGE as usize);
    let mut export = export_pairs(&filter);
    export.retain(|(_, v)| !v.is_empty());
    let export_query = export
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::api::display::url_component(v)))
        .collect::<Vec<_>>()
        .join("&");
    let events = events
        .into_iter()
        .map(|event| EventRow {
            time: time::OffsetDateTime::from_unix_timestamp(event.event_time)
                .map(crate::api::display::date_time)
                .unwrap_or_default(),
            principal_arn: event.principal_arn,
            action: event.action,
            resource: event.resource,
            result: event.result.as_str().to_owned(),
            reason: event.reason,
            source_ip: event.source_ip,
            user_agent: event.user_agent,
            request_id: event.request_id,
            channel: event.channel.as_str().to_owned(),
        })
        .collect();
    Ok(EventPage {
        events,
        has_more,
        export_query,
    })
}

#[cfg(feature = "ssr")]
fn export_pairs(filter: &iam::model::audit::EventFilter) -> Vec<(&'static str, String)> {
    vec![
        (
            "from",
            filter.from.map(|t| t.to_string()).unwrap_or_default(),
        ),
        ("to", filter.to.map(|t| t.to_string()).unwrap_or_default()),
        ("principal", filter.principal.clone().unwrap_or_default()),
        ("action", filter.action.clone().unwrap_or_default()),
        (
            "result",
            filter
                .result
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ]
}
