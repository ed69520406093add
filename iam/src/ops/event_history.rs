//! The Event history: the account's audit trail, read by principals allowed
//! `cloudtrail:LookupEvents` (as AWS's CloudTrail event history is).

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::audit::{AuditEvent, EventFilter};
use crate::ops::{Principal, authz};
use crate::store::{self, db_error};

/// The most events one page shows.
pub const MAX_PAGE: i64 = 1000;
/// The most events one export holds.
pub const MAX_EXPORT: i64 = 100_000;

pub const LOOKUP_ACTION: &str = "cloudtrail:LookupEvents";

/// The caller's account events passing `filter`, newest first. Events still on their way to
/// the database are written first, so a page shows everything done before it was asked for.
pub async fn lookup_events(
    ctx: &Ctx,
    caller: &Principal,
    filter: &EventFilter,
    offset: i64,
    limit: i64,
) -> IamResult<Vec<AuditEvent>> {
    if !(1..=MAX_EXPORT).contains(&limit) || offset < 0 {
        return Err(IamError::validation(format!(
            "The number of events must be between 1 and {MAX_EXPORT}."
        )));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(IamError::validation(
            "The start of the time range must not be after its end.",
        ));
    }
    let account_id = caller.account_id();
    authz::authorize_now(ctx, caller, account_id, LOOKUP_ACTION, "*").await?;
    ctx.audit.flush().await;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::audit_events::find(&mut conn, account_id, filter, offset, limit)
        .await
        .map_err(db_error)
}

/// One event as a line of JSON (the export's format).
pub fn json_line(event: &AuditEvent) -> String {
    let time = time::OffsetDateTime::from_unix_timestamp(event.event_time)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    serde_json::json!({
        "eventTime": time,
        "accountId": event.account_id,
        "principalArn": event.principal_arn,
        "action": event.action,
        "resource": event.resource,
        "result": event.result.as_str(),
        "reason": event.reason,
        "sourceIPAddress": event.source_ip,
        "userAgent": event.user_agent,
        "requestId": event.request_id,
        "channel": event.channel.as_str(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{RequestMeta, with_request};
    use crate::model::audit::{AuditResult, Channel};
    use crate::ops::users::{self, CreateUserRequest};
    use crate::store::test_support::{test_account, test_ctx};

    fn meta_for_listing(ctx: &Ctx) -> RequestMeta {
        RequestMeta {
            channel: Some(Channel::Console),
            audit: Some(ctx.audit.clone()),
            ..RequestMeta::default()
        }
    }

    #[tokio::test]
    async fn decisions_are_recorded_with_the_request_facts_and_filtered() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let meta = RequestMeta {
            source_ip: Some("192.0.2.10".into()),
            user_agent: Some("aws-cli/2".into()),
            request_id: Some("req-1".into()),
            channel: Some(Channel::Api),
            audit: Some(ctx.audit.clone()),
            ..RequestMeta::default()
        };
        let user = with_request(meta.clone(), async {
            users::create_user(
                &ctx,
                &root,
                CreateUserRequest {
                    user_name: "alice".into(),
                    ..Default::default()
                },
            )
            .await
        })
        .await
        .unwrap();
        let alice = Principal::User {
            account_id: account_id.clone(),
            user_id: user.user_id.clone(),
            name: "alice".into(),
            path: "/".into(),
        };
        let denied = with_request(meta, async {
            users::create_user(
                &ctx,
                &alice,
                CreateUserRequest {
                    user_name: "mallory".into(),
                    ..Default::default()
                },
            )
            .await
        })
        .await;
        assert!(denied.is_err());

        with_request(meta_for_listing(&ctx), async {
            users::list_users(&ctx, &root, None, &Default::default()).await
        })
        .await
        .unwrap();
        let all = lookup_events(&ctx, &root, &EventFilter::default(), 0, 100)
            .await
            .unwrap();
        assert!(
            all.iter()
                .any(|e| e.action == "iam:ListUsers" && e.channel == Channel::Console),
            "root's shortcut is recorded too"
        );
        let created = all
            .iter()
            .find(|e| e.action == "iam:CreateUser" && e.result == AuditResult::Allowed)
            .unwrap();
        assert_eq!(
            created.principal_arn,
            format!("arn:aws:iam::{account_id}:root")
        );
        assert_eq!(created.source_ip.as_deref(), Some("192.0.2.10"));
        assert_eq!(created.user_agent.as_deref(), Some("aws-cli/2"));
        assert_eq!(created.request_id.as_deref(), Some("req-1"));
        assert_eq!(created.channel, Channel::Api);

        let only_denied = EventFilter {
            result: Some(AuditResult::Denied),
            principal: Some("USER/ALICE".into()),
            ..EventFilter::default()
        };
        let denials = lookup_events(&ctx, &root, &only_denied, 0, 100)
            .await
            .unwrap();
        assert_eq!(denials.len(), 1);
        assert_eq!(denials[0].action, "iam:CreateUser");
        assert!(
            denials[0]
                .reason
                .as_deref()
                .unwrap()
                .contains("is not authorized to perform: iam:CreateUser")
        );
        assert!(json_line(&denials[0]).contains("\"result\":\"Denied\""));

        // Alice may not read the trail either, and that denial is recorded too.
        let refused = lookup_events(&ctx, &alice, &EventFilter::default(), 0, 10).await;
        assert!(refused.is_err());
    }

    #[tokio::test]
    async fn the_page_size_and_time_range_are_checked() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root { account_id };
        assert!(
            lookup_events(&ctx, &root, &EventFilter::default(), 0, MAX_EXPORT + 1)
                .await
                .is_err()
        );
        let backwards = EventFilter {
            from: Some(10),
            to: Some(5),
            ..EventFilter::default()
        };
        assert!(lookup_events(&ctx, &root, &backwards, 0, 10).await.is_err());
    }
}
