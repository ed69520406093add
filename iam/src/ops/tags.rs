//! Tags on users: `TagUser`, `UntagUser`, `ListUserTags`, and the merge every tagging call
//! shares. User and role tag keys compare ignoring case.

use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::names::{NameKind, validate_name};
use crate::model::tags::{MAX_TAGS, Tag, key_match, validate_key, validate_tags};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz, users};
use crate::store::{self, db_error};

pub const USER: &str = "user";

/// Merges `tags` into a resource's tags: a matching key gets the new value. The whole request
/// fails if any tag is invalid or the result would exceed 50 tags.
pub(crate) async fn merge_tags(
    conn: &mut SqliteConnection,
    account_id: &str,
    resource_type: &str,
    resource_id: &str,
    tags: &[Tag],
    ignore_case: bool,
) -> IamResult<()> {
    validate_tags(tags, ignore_case)?;
    if tags.is_empty() {
        return Ok(());
    }
    let existing = store::tags::list(conn, resource_type, resource_id)
        .await
        .map_err(db_error)?;
    let mut keys: std::collections::HashSet<String> = existing
        .iter()
        .map(|t| key_match(&t.key, ignore_case))
        .collect();
    keys.extend(tags.iter().map(|t| key_match(&t.key, ignore_case)));
    if keys.len() > MAX_TAGS {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for TagsPerResource: {MAX_TAGS}"
        )));
    }
    for tag in tags {
        store::tags::put(
            conn,
            account_id,
            resource_type,
            resource_id,
            tag,
            &key_match(&tag.key, ignore_case),
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

pub async fn tag_user(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    tags: &[Tag],
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    let keys = authz::request_tag_keys(tags);
    authz::authorize_with(
        &mut tx,
        principal,
        &account_id,
        "iam:TagUser",
        &arn::user_arn(&account_id, &user.path, &user.name),
        &authz::as_extra(&keys),
    )
    .await?;
    merge_tags(&mut tx, &account_id, USER, &user.id, tags, true).await?;
    tx.commit().await.map_err(db_error)
}

pub async fn untag_user(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    keys: &[String],
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    for key in keys {
        validate_key(key)?;
    }
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    authz::authorize_with(
        &mut tx,
        principal,
        &account_id,
        "iam:UntagUser",
        &arn::user_arn(&account_id, &user.path, &user.name),
        &[("aws:TagKeys", keys.to_vec())],
    )
    .await?;
    for key in keys {
        store::tags::remove(&mut tx, USER, &user.id, &key_match(key, true))
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}

pub async fn list_user_tags(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    page.limit()?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let user = users::load(&mut conn, account_id, user_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListUserTags",
        &arn::user_arn(account_id, &user.path, &user.name),
    )
    .await?;
    page_of_tags(&mut conn, USER, &user.id, "user-tags", page).await
}

/// One page of a user's or role's tags, by key ignoring case.
pub(crate) async fn page_of_tags(
    conn: &mut SqliteConnection,
    resource_type: &str,
    resource_id: &str,
    list: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    let limit = page.limit()?;
    let after = page.after(list)?.unwrap_or_default();
    let mut tags = store::tags::list(conn, resource_type, resource_id)
        .await
        .map_err(db_error)?;
    tags.retain(|t| key_match(&t.key, true) > after);
    tags.truncate(limit as usize + 1);
    Ok(paginate(
        tags,
        limit,
        list,
        |t| key_match(&t.key, true),
        |t| t,
    ))
}

/// Finds a customer managed policy of the account for tagging; AWS managed policies take no
/// tags.
async fn taggable_policy(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<String> {
    let parsed = crate::model::arn::parse_policy_arn(policy_arn)?;
    if parsed.is_aws_managed() {
        return Err(IamError::invalid_input(format!(
            "Policy {policy_arn} is an AWS managed policy: it takes no tags."
        )));
    }
    store::policies::find_by_arn(conn, policy_arn)
        .await
        .map_err(db_error)?
        .filter(|p| p.account_id == account_id)
        .map(|p| p.id)
        .ok_or_else(|| IamError::no_such_entity(format!("Policy {policy_arn} was not found.")))
}

pub async fn tag_policy(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    tags: &[Tag],
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(ctx, principal, &account_id, "iam:TagPolicy", policy_arn).await?;
    let mut tx = ctx.begin().await?;
    let id = taggable_policy(&mut tx, &account_id, policy_arn).await?;
    merge_tags(
        &mut tx,
        &account_id,
        crate::ops::managed_policies::POLICY_TAGS,
        &id,
        tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

pub async fn untag_policy(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    keys: &[String],
) -> IamResult<()> {
    for key in keys {
        validate_key(key)?;
    }
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(ctx, principal, &account_id, "iam:UntagPolicy", policy_arn).await?;
    let mut tx = ctx.begin().await?;
    let id = taggable_policy(&mut tx, &account_id, policy_arn).await?;
    for key in keys {
        store::tags::remove(&mut tx, crate::ops::managed_policies::POLICY_TAGS, &id, key)
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}

pub async fn list_policy_tags(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<Vec<Tag>> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListPolicyTags", policy_arn).await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let id = taggable_policy(&mut conn, account_id, policy_arn).await?;
    store::tags::list(&mut conn, crate::ops::managed_policies::POLICY_TAGS, &id)
        .await
        .map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::users::{CreateUserRequest, create_user, get_user};
    use crate::store::test_support::{test_account, test_ctx};

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[tokio::test]
    async fn tags_merge_ignoring_key_case_and_cap_at_fifty() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let req = CreateUserRequest {
            user_name: "tagged".into(),
            path: None,
            permissions_boundary: None,
            tags: vec![tag("Team", "a")],
        };
        assert_eq!(
            create_user(&ctx, &root, req).await.unwrap().tags,
            vec![tag("Team", "a")]
        );
        tag_user(
            &ctx,
            &root,
            "tagged",
            &[tag("team", "b"), tag("env", "dev")],
        )
        .await
        .unwrap();
        let tags = list_user_tags(&ctx, &root, "tagged", &PageRequest::default())
            .await
            .unwrap()
            .items;
        assert_eq!(tags, vec![tag("env", "dev"), tag("team", "b")]);
        assert_eq!(
            get_user(&ctx, &root, Some("tagged")).await.unwrap().tags,
            vec![tag("env", "dev"), tag("team", "b")]
        );

        let many: Vec<Tag> = (0..49).map(|i| tag(&format!("k{i}"), "v")).collect();
        let err = tag_user(&ctx, &root, "tagged", &many).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::LimitExceeded);
        assert_eq!(
            list_user_tags(&ctx, &root, "tagged", &PageRequest::default())
                .await
                .unwrap()
                .items
                .len(),
            2,
            "nothing half-written"
        );

        untag_user(&ctx, &root, "tagged", &["ENV".into()])
            .await
            .unwrap();
        let tags = list_user_tags(&ctx, &root, "tagged", &PageRequest::default())
            .await
            .unwrap()
            .items;
        assert_eq!(tags, vec![tag("team", "b")]);
    }

    #[tokio::test]
    async fn invalid_tags_on_create_leave_no_user() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let req = CreateUserRequest {
            user_name: "half".into(),
            path: None,
            permissions_boundary: None,
            tags: vec![tag("aws:reserved", "x")],
        };
        assert_eq!(
            create_user(&ctx, &root, req).await.unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            get_user(&ctx, &root, Some("half")).await.unwrap_err().code,
            ErrorCode::NoSuchEntity
        );
    }
}
