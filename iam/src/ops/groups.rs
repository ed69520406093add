//! Groups and membership: `CreateGroup`, `GetGroup`, `ListGroups`, `UpdateGroup`, `DeleteGroup`,
//! `AddUserToGroup`, `RemoveUserFromGroup`, `ListGroupsForUser`.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::model::names::{NameKind, name_key, validate_name};
use crate::model::path::{ROOT_PATH, validate_path, validate_path_prefix};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::users::{self, User};
use crate::ops::{Principal, authz, timestamp};
use crate::store::{self, db_error, groups::GroupRow};

/// AWS's quotas.
pub const GROUPS_PER_ACCOUNT: i64 = 300;
pub const GROUPS_PER_USER: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub path: String,
    pub group_name: String,
    pub group_id: String,
    pub arn: String,
    pub create_date: OffsetDateTime,
}

impl From<GroupRow> for Group {
    fn from(row: GroupRow) -> Self {
        Self {
            arn: arn::group_arn(&row.account_id, &row.path, &row.name),
            path: row.path,
            group_name: row.name,
            group_id: row.id,
            create_date: timestamp(row.created_at),
        }
    }
}

fn not_found(name: &str) -> IamError {
    IamError::no_such_entity(format!("The group with name {name} cannot be found."))
}

/// Loads a group by name, or `NoSuchEntity`.
pub(crate) async fn load(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> IamResult<GroupRow> {
    store::groups::find_by_name(conn, account_id, name)
        .await
        .map_err(db_error)?
        .ok_or_else(|| not_found(name))
}

/// The ARN to authorize against: the group's own, or the one it would have.
fn target(account_id: &str, row: Option<&GroupRow>, name: &str) -> String {
    row.map_or_else(
        || arn::group_arn(account_id, ROOT_PATH, name),
        |g| arn::group_arn(account_id, &g.path, &g.name),
    )
}

pub async fn create_group(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    path: Option<&str>,
) -> IamResult<Group> {
    let mut tx = ctx.begin().await?;
    let group = create_group_in(ctx, &mut tx, principal, name, path).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(group)
}

/// `create_group` within the caller's transaction.
pub(crate) async fn create_group_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    name: &str,
    path: Option<&str>,
) -> IamResult<Group> {
    let path = path.unwrap_or(ROOT_PATH);
    validate_name(NameKind::Group, "groupName", name)?;
    validate_path("path", path)?;
    let account_id = principal.account_id().to_owned();
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateGroup",
        &arn::group_arn(&account_id, path, name),
    )
    .await?;
    let exists = || IamError::already_exists(format!("Group with name {name} already exists."));
    if store::groups::find_by_name(&mut *tx, &account_id, name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(exists());
    }
    if store::groups::count(&mut *tx, &account_id)
        .await
        .map_err(db_error)?
        >= GROUPS_PER_ACCOUNT
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for GroupsPerAccount: {GROUPS_PER_ACCOUNT}"
        )));
    }
    let row = GroupRow {
        id: encode_id(IdPrefix::Group, &ctx.random_bytes::<17>()),
        account_id,
        name: name.to_owned(),
        path: path.to_owned(),
        created_at: ctx.now(),
    };
    store::groups::insert(&mut *tx, &row).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            exists()
        } else {
            db_error(e)
        }
    })?;
    Ok(Group::from(row))
}

/// `GetGroup`: the group and one page of its users.
pub async fn get_group(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    page: &PageRequest,
) -> IamResult<(Group, Page<User>)> {
    validate_name(NameKind::Group, "groupName", name)?;
    let limit = page.limit()?;
    let after = page.after("group-users")?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = store::groups::find_by_name(&mut conn, account_id, name)
        .await
        .map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:GetGroup",
        &target(account_id, row.as_ref(), name),
    )
    .await?;
    let row = row.ok_or_else(|| not_found(name))?;
    let members = store::groups::members(&mut conn, &row.id, after.as_deref(), limit + 1)
        .await
        .map_err(db_error)?;
    let users = paginate(
        members,
        limit,
        "group-users",
        |u| name_key(&u.name),
        User::from,
    );
    Ok((Group::from(row), users))
}

pub async fn list_groups(
    ctx: &Ctx,
    principal: &Principal,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<Group>> {
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let after = page.after("groups")?;
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListGroups", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::groups::list(&mut conn, account_id, prefix, after.as_deref(), limit + 1)
        .await
        .map_err(db_error)?;
    Ok(paginate(
        rows,
        limit,
        "groups",
        |g| name_key(&g.name),
        Group::from,
    ))
}

pub async fn list_groups_for_user(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    page: &PageRequest,
) -> IamResult<Page<Group>> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let limit = page.limit()?;
    let after = page.after("user-groups")?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let user = users::load(&mut conn, account_id, user_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListGroupsForUser",
        &arn::user_arn(account_id, &user.path, &user.name),
    )
    .await?;
    let rows = store::groups::list_for_user(&mut conn, &user.id, after.as_deref(), limit + 1)
        .await
        .map_err(db_error)?;
    Ok(paginate(
        rows,
        limit,
        "user-groups",
        |g| name_key(&g.name),
        Group::from,
    ))
}

pub async fn update_group(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    new_name: Option<&str>,
    new_path: Option<&str>,
) -> IamResult<()> {
    validate_name(NameKind::Group, "groupName", name)?;
    if let Some(new_name) = new_name {
        validate_name(NameKind::Group, "newGroupName", new_name)?;
    }
    if let Some(new_path) = new_path {
        validate_path("newPath", new_path)?;
    }
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let row = store::groups::find_by_name(&mut tx, &account_id, name)
        .await
        .map_err(db_error)?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:UpdateGroup",
        &target(&account_id, row.as_ref(), name),
    )
    .await?;
    let row = row.ok_or_else(|| not_found(name))?;
    let new_name = new_name.unwrap_or(&row.name).to_owned();
    let new_path = new_path.unwrap_or(&row.path).to_owned();
    if !new_name.eq_ignore_ascii_case(&row.name)
        && store::groups::find_by_name(&mut tx, &account_id, &new_name)
            .await
            .map_err(db_error)?
            .is_some()
    {
        return Err(IamError::already_exists(format!(
            "Group with name {new_name} already exists."
        )));
    }
    store::groups::rename(&mut tx, &row.id, &new_name, &new_path)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_group(ctx: &Ctx, principal: &Principal, name: &str) -> IamResult<()> {
    validate_name(NameKind::Group, "groupName", name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let row = store::groups::find_by_name(&mut tx, &account_id, name)
        .await
        .map_err(db_error)?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteGroup",
        &target(&account_id, row.as_ref(), name),
    )
    .await?;
    let row = row.ok_or_else(|| not_found(name))?;
    let (members, inline, attached) = store::groups::dependents(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    if members > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must remove users from group first.",
        ));
    }
    if inline > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must delete policies first.",
        ));
    }
    if attached > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must detach all policies first.",
        ));
    }
    store::groups::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// The group and the user of a membership change, once `action` on the group is authorized.
async fn membership(
    conn: &mut SqliteConnection,
    principal: &Principal,
    group_name: &str,
    user_name: &str,
    action: &str,
) -> IamResult<(GroupRow, crate::store::users::UserRow)> {
    let account_id = principal.account_id();
    let group = store::groups::find_by_name(conn, account_id, group_name)
        .await
        .map_err(db_error)?;
    authz::authorize(
        conn,
        principal,
        account_id,
        action,
        &target(account_id, group.as_ref(), group_name),
    )
    .await?;
    let group = group.ok_or_else(|| not_found(group_name))?;
    let user = users::load(conn, account_id, user_name).await?;
    Ok((group, user))
}

pub async fn add_user_to_group(
    ctx: &Ctx,
    principal: &Principal,
    group_name: &str,
    user_name: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    add_user_to_group_in(ctx, &mut tx, principal, group_name, user_name).await?;
    tx.commit().await.map_err(db_error)
}

/// `add_user_to_group` within the caller's transaction.
pub(crate) async fn add_user_to_group_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    group_name: &str,
    user_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Group, "groupName", group_name)?;
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let (group, user) = membership(
        &mut *tx,
        principal,
        group_name,
        user_name,
        "iam:AddUserToGroup",
    )
    .await?;
    if store::groups::count_for_user(&mut *tx, &user.id)
        .await
        .map_err(db_error)?
        >= GROUPS_PER_USER
    {
        let already = store::groups::list_for_user(&mut *tx, &user.id, None, 1000)
            .await
            .map_err(db_error)?
            .iter()
            .any(|g| g.id == group.id);
        if !already {
            return Err(IamError::limit_exceeded(format!(
                "Cannot exceed quota for GroupsPerUser: {GROUPS_PER_USER}"
            )));
        }
    }
    store::groups::add_member(&mut *tx, &group.id, &user.id, ctx.now())
        .await
        .map_err(db_error)?;
    Ok(())
}

pub async fn remove_user_from_group(
    ctx: &Ctx,
    principal: &Principal,
    group_name: &str,
    user_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Group, "groupName", group_name)?;
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let mut tx = ctx.begin().await?;
    let (group, user) = membership(
        &mut tx,
        principal,
        group_name,
        user_name,
        "iam:RemoveUserFromGroup",
    )
    .await?;
    if !store::groups::remove_member(&mut tx, &group.id, &user.id)
        .await
        .map_err(db_error)?
    {
        return Err(IamError::no_such_entity(format!(
            "The user with name {} cannot be found in group {}.",
            user.name, group.name
        )));
    }
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::users::{CreateUserRequest, create_user, delete_user};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn membership_lifecycle_and_conflicts() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let group = create_group(&ctx, &root, "Admins", None).await.unwrap();
        assert!(group.group_id.starts_with("AGPA"));
        let dup = create_group(&ctx, &root, "admins", None).await.unwrap_err();
        assert_eq!(dup.code, ErrorCode::EntityAlreadyExists);
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "ann".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        add_user_to_group(&ctx, &root, "admins", "ann")
            .await
            .unwrap();
        add_user_to_group(&ctx, &root, "Admins", "ANN")
            .await
            .unwrap();
        let (_, members) = get_group(&ctx, &root, "Admins", &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(members.items.len(), 1);
        let groups = list_groups_for_user(&ctx, &root, "ann", &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(groups.items[0].group_name, "Admins");

        assert_eq!(
            delete_group(&ctx, &root, "Admins")
                .await
                .unwrap_err()
                .message,
            "Cannot delete entity, must remove users from group first."
        );
        assert_eq!(
            delete_user(&ctx, &root, "ann").await.unwrap_err().code,
            ErrorCode::DeleteConflict
        );
        remove_user_from_group(&ctx, &root, "Admins", "ann")
            .await
            .unwrap();
        assert_eq!(
            remove_user_from_group(&ctx, &root, "Admins", "ann")
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
        delete_group(&ctx, &root, "Admins").await.unwrap();
        delete_user(&ctx, &root, "ann").await.unwrap();
    }

    #[tokio::test]
    async fn a_user_joins_at_most_ten_groups() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "joiner".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        for i in 0..=GROUPS_PER_USER {
            create_group(&ctx, &root, &format!("g{i}"), None)
                .await
                .unwrap();
        }
        for i in 0..GROUPS_PER_USER {
            add_user_to_group(&ctx, &root, &format!("g{i}"), "joiner")
                .await
                .unwrap();
        }
        let err = add_user_to_group(&ctx, &root, "g10", "joiner")
            .await
            .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::LimitExceeded,
                "Cannot exceed quota for GroupsPerUser: 10"
            )
        );
        add_user_to_group(&ctx, &root, "g0", "joiner")
            .await
            .unwrap();
    }
}
