//! Tags on users: `TagUser`, `UntagUser`, `ListUserTags`; the merge every tagging call shares;
//! and the console's tag editor, which replaces a user's, role's, policy's or identity
//! provider's tags as a whole. Policy tag keys compare exactly, the others ignoring case.

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

/// Checks the keys of an untag request.
pub(crate) fn validate_keys(keys: &[String]) -> IamResult<()> {
    keys.iter().try_for_each(|key| validate_key(key))
}

/// Removes the tags with `keys` from a resource; keys it does not have are no error.
pub(crate) async fn remove_tags(
    conn: &mut SqliteConnection,
    resource_type: &str,
    resource_id: &str,
    keys: &[String],
    ignore_case: bool,
) -> IamResult<()> {
    for key in keys {
        store::tags::remove(
            conn,
            resource_type,
            resource_id,
            &key_match(key, ignore_case),
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// A resource whose tags the console's tag editor replaces as a whole.
#[derive(Debug, Clone, Copy)]
pub enum TagSet<'a> {
    User(&'a str),
    Role(&'a str),
    /// A customer managed policy, by ARN.
    Policy(&'a str),
    /// An OpenID Connect or SAML provider, by ARN.
    Provider(&'a str),
}

impl TagSet<'_> {
    /// The tagging and untagging actions the editor's change stands for.
    fn actions(self) -> (&'static str, &'static str) {
        match self {
            TagSet::User(_) => ("iam:TagUser", "iam:UntagUser"),
            TagSet::Role(_) => ("iam:TagRole", "iam:UntagRole"),
            TagSet::Policy(_) => ("iam:TagPolicy", "iam:UntagPolicy"),
            TagSet::Provider(arn) => crate::ops::identity_providers::tag_actions(arn),
        }
    }

    fn ignores_key_case(self) -> bool {
        !matches!(self, TagSet::Policy(_))
    }

    /// The resource's tag owner type, id and ARN, or `NoSuchEntity`.
    async fn load(
        self,
        conn: &mut SqliteConnection,
        account_id: &str,
    ) -> IamResult<(&'static str, String, String)> {
        match self {
            TagSet::User(name) => {
                validate_name(NameKind::ExistingUser, "userName", name)?;
                let user = users::load(conn, account_id, name).await?;
                let arn = arn::user_arn(account_id, &user.path, &user.name);
                Ok((USER, user.id, arn))
            }
            TagSet::Role(name) => {
                validate_name(NameKind::Role, "roleName", name)?;
                let role = crate::ops::roles::load(conn, account_id, name).await?;
                let arn = arn::role_arn(account_id, &role.path, &role.name);
                Ok((crate::ops::roles::ROLE, role.id, arn))
            }
            TagSet::Policy(policy_arn) => {
                let id = taggable_policy(conn, account_id, policy_arn).await?;
                let owner = crate::ops::managed_policies::POLICY_TAGS;
                Ok((owner, id, policy_arn.to_owned()))
            }
            TagSet::Provider(arn) => {
                let (owner, id) =
                    crate::ops::identity_providers::tag_owner(conn, account_id, arn).await?;
                Ok((owner, id, arn.to_owned()))
            }
        }
    }
}

/// The console's tag editor: the resource's tags become exactly `wanted`, in one transaction.
/// The caller must be allowed both calls the change stands for, as AWS's console makes them:
/// untagging the keys it drops and tagging what it keeps or sets.
pub async fn replace_tags(
    ctx: &Ctx,
    principal: &Principal,
    of: TagSet<'_>,
    wanted: &[Tag],
) -> IamResult<()> {
    let ignore_case = of.ignores_key_case();
    validate_tags(wanted, ignore_case)?;
    let (tag_action, untag_action) = of.actions();
    let account_id = principal.account_id();
    let mut tx = ctx.begin().await?;
    let (owner, id, resource) = of.load(&mut tx, account_id).await?;
    let kept: std::collections::HashSet<String> = wanted
        .iter()
        .map(|t| key_match(&t.key, ignore_case))
        .collect();
    let dropped: Vec<String> = store::tags::list(&mut tx, owner, &id)
        .await
        .map_err(db_error)?
        .into_iter()
        .map(|t| t.key)
        .filter(|key| !kept.contains(&key_match(key, ignore_case)))
        .collect();
    if !dropped.is_empty() {
        let keys = [("aws:TagKeys", dropped.clone())];
        authz::authorize_with(
            &mut tx,
            principal,
            account_id,
            untag_action,
            &resource,
            &keys,
        )
        .await?;
    }
    if !wanted.is_empty() {
        let keys = authz::request_tag_keys(wanted);
        let extra = authz::as_extra(&keys);
        authz::authorize_with(
            &mut tx, principal, account_id, tag_action, &resource, &extra,
        )
        .await?;
    }
    remove_tags(&mut tx, owner, &id, &dropped, ignore_case).await?;
    merge_tags(&mut tx, account_id, owner, &id, wanted, ignore_case).await?;
    tx.commit().await.map_err(db_error)
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
    validate_keys(keys)?;
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
    remove_tags(&mut tx, USER, &user.id, keys, true).await?;
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
    validate_keys(keys)?;
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(ctx, principal, &account_id, "iam:UntagPolicy", policy_arn).await?;
    let mut tx = ctx.begin().await?;
    let id = taggable_policy(&mut tx, &account_id, policy_arn).await?;
    let policy_tags = crate::ops::managed_policies::POLICY_TAGS;
    remove_tags(&mut tx, policy_tags, &id, keys, false).await?;
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

    async fn tagged_user(ctx: &Ctx, root: &Principal, name: &str, tags: Vec<Tag>) {
        let req = CreateUserRequest {
            user_name: name.into(),
            path: None,
            permissions_boundary: None,
            tags,
        };
        create_user(ctx, root, req).await.unwrap();
    }

    async fn user_tags(ctx: &Ctx, root: &Principal, name: &str) -> Vec<Tag> {
        get_user(ctx, root, Some(name)).await.unwrap().tags
    }

    #[tokio::test]
    async fn a_tag_set_is_replaced_whole_for_users_roles_and_policies() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        tagged_user(
            &ctx,
            &root,
            "ann",
            vec![tag("Team", "a"), tag("env", "dev")],
        )
        .await;
        let wanted = [tag("TEAM", "b"), tag("owner", "x")];
        replace_tags(&ctx, &root, TagSet::User("ann"), &wanted)
            .await
            .unwrap();
        assert_eq!(
            user_tags(&ctx, &root, "ann").await,
            vec![tag("owner", "x"), tag("TEAM", "b")],
            "env dropped, Team respelled and revalued, owner added"
        );

        // Dropping first frees room: 50 tags can give way to 50 others.
        let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("a{i:02}"), "v")).collect();
        let other_fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("b{i:02}"), "v")).collect();
        replace_tags(&ctx, &root, TagSet::User("ann"), &fifty)
            .await
            .unwrap();
        replace_tags(&ctx, &root, TagSet::User("ann"), &other_fifty)
            .await
            .unwrap();
        assert_eq!(user_tags(&ctx, &root, "ann").await, other_fifty);
        replace_tags(&ctx, &root, TagSet::User("ann"), &[])
            .await
            .unwrap();
        assert!(user_tags(&ctx, &root, "ann").await.is_empty());

        let role = crate::ops::roles::CreateRoleRequest {
            role_name: "deployer".into(),
            path: None,
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
            description: None,
            max_session_duration: None,
            permissions_boundary: None,
            tags: vec![tag("Stage", "one")],
        };
        crate::ops::roles::create_role(&ctx, &root, role)
            .await
            .unwrap();
        replace_tags(
            &ctx,
            &root,
            TagSet::Role("deployer"),
            &[tag("stage", "two")],
        )
        .await
        .unwrap();
        let role = crate::ops::roles::get_role(&ctx, &root, "deployer")
            .await
            .unwrap();
        assert_eq!(role.tags, vec![tag("stage", "two")]);

        let policy = crate::ops::managed_policies::CreatePolicyRequest {
            policy_name: "reader".into(),
            path: None,
            policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}"#.into(),
            description: None,
            tags: vec![tag("Env", "a")],
        };
        let arn = crate::ops::managed_policies::create_policy(&ctx, &root, policy)
            .await
            .unwrap()
            .arn;
        // Policy tag keys are case-sensitive: `env` is another key, and `Env` goes.
        replace_tags(&ctx, &root, TagSet::Policy(&arn), &[tag("env", "b")])
            .await
            .unwrap();
        assert_eq!(
            list_policy_tags(&ctx, &root, &arn).await.unwrap(),
            vec![tag("env", "b")]
        );
        let missing = replace_tags(&ctx, &root, TagSet::Role("nobody"), &[])
            .await
            .unwrap_err();
        assert_eq!(missing.code, ErrorCode::NoSuchEntity);
    }

    #[tokio::test]
    async fn a_tag_set_change_needs_both_calls_and_changes_nothing_when_refused() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        tagged_user(&ctx, &root, "ann", vec![tag("env", "dev")]).await;
        tagged_user(&ctx, &root, "untagger", Vec::new()).await;
        crate::ops::inline_policies::put_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "untagger",
            "untag-only",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:UntagUser","iam:GetUser"],"Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let untagger = get_user(&ctx, &root, Some("untagger")).await.unwrap();
        let as_untagger = Principal::User {
            account_id: root.account_id().to_owned(),
            user_id: untagger.user_id,
            name: untagger.user_name,
            path: untagger.path,
        };
        let err = replace_tags(&ctx, &as_untagger, TagSet::User("ann"), &[tag("team", "b")])
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert!(err.message.contains("iam:TagUser"), "{}", err.message);
        assert_eq!(
            user_tags(&ctx, &root, "ann").await,
            vec![tag("env", "dev")],
            "the drop it was allowed is not kept"
        );
        // Dropping alone is what it may do.
        replace_tags(&ctx, &as_untagger, TagSet::User("ann"), &[])
            .await
            .unwrap();
        assert!(user_tags(&ctx, &root, "ann").await.is_empty());
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
