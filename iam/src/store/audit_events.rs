//! The audit trail's rows: appended in batches, read newest first through a filter.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::model::audit::{AuditEvent, AuditResult, Channel, EventFilter};

type Row = (
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// Rows appended by one statement at most (eleven parameters each, well under SQLite's limit).
const ROWS_PER_INSERT: usize = 256;

/// Appends `events`, many rows per statement; an event of an account that no longer exists is
/// dropped.
pub async fn insert_all(conn: &mut SqliteConnection, events: &[AuditEvent]) -> sqlx::Result<()> {
    for chunk in events.chunks(ROWS_PER_INSERT) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO audit_events (account_id, event_time, principal_arn, action, resource,
                 result, reason, source_ip, user_agent, request_id, channel)
             SELECT column1, column2, column3, column4, column5, column6, column7, column8,
                 column9, column10, column11
             FROM (",
        );
        query.push_values(chunk, |mut row, event| {
            row.push_bind(&event.account_id)
                .push_bind(event.event_time)
                .push_bind(&event.principal_arn)
                .push_bind(&event.action)
                .push_bind(&event.resource)
                .push_bind(event.result.as_str())
                .push_bind(&event.reason)
                .push_bind(&event.source_ip)
                .push_bind(&event.user_agent)
                .push_bind(&event.request_id)
                .push_bind(event.channel.as_str());
        });
        query.push(") WHERE column1 IN (SELECT id FROM accounts)");
        // One statement text per batch size: not worth a place in the statement cache.
        query.build().persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}

/// `%text%` for `LIKE … ESCAPE '\'`, with the wildcards in `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The account's events that pass `filter`, newest first, `limit` of them after `offset`.
pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
    filter: &EventFilter,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<AuditEvent>> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT account_id, event_time, principal_arn, action, resource, result, reason, source_ip,
                user_agent, request_id, channel
         FROM audit_events WHERE account_id = ",
    );
    query.push_bind(account_id);
    if let Some(from) = filter.from {
        query.push(" AND event_time >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        query.push(" AND event_time <= ").push_bind(to);
    }
    if let Some(principal) = filter.principal.as_deref().filter(|p| !p.is_empty()) {
        query
            .push(" AND lower(principal_arn) LIKE ")
            .push_bind(contains_pattern(principal))
            .push(" ESCAPE '\\'");
    }
    if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
        query
            .push(" AND lower(action) LIKE ")
            .push_bind(contains_pattern(action))
            .push(" ESCAPE '\\'");
    }
    if let Some(result) = filter.result {
        query.push(" AND result = ").push_bind(result.as_str());
    }
    query
        .push(" ORDER BY event_time DESC, id DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<Row> = query.build_query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                account_id,
                event_time,
                principal_arn,
                action,
                resource,
                result,
                reason,
                source_ip,
                user_agent,
                request_id,
                channel,
            )| AuditEvent {
                account_id,
                event_time,
                principal_arn,
                action,
                resource,
                result: AuditResult::parse(&result).unwrap_or(AuditResult::Denied),
                reason,
                source_ip,
                user_agent,
                request_id,
                channel: Channel::parse(&channel),
            },
        )
        .collect())
}

/// When each principal of the account last asked for each action (allowed or not), by the
/// principal's ARN and the action as recorded (`service:Action`).
pub async fn last_uses(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as(
        "SELECT principal_arn, action, MAX(event_time) FROM audit_events
         WHERE account_id = ? GROUP BY principal_arn, action",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}
