//! Instance profiles: `CreateInstanceProfile`, `GetInstanceProfile`, `ListInstanceProfiles`,
//! `ListInstanceProfilesForRole`, `AddRoleToInstanceProfile`,
//! `RemoveRoleFromInstanceProfile`, `DeleteInstanceProfile`, and their tags.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::model::names::{NameKind, name_key, validate_name};
use crate::model::path::{ROOT_PATH, validate_path, validate_path_prefix};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::roles::{self, Role};
use crate::ops::{Principal, authz, tags, timestamp};
use crate::store::{self, db_error, instance_profiles::InstanceProfileRow};

pub const INSTANCE_PROFILES_PER_ACCOUNT: i64 = 1000;
/// Tag resource type of instance profiles.
pub const INSTANCE_PROFILE: &str = "instance-profile";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceProfile {
    pub path: String,
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub arn: String,
    pub create_date: OffsetDateTime,
    pub roles: Vec<Role>,
    pub tags: Vec<Tag>,
}

fn not_found(name: &str) -> IamError {
    IamError::no_such_entity(format!("Instance Profile {name} cannot be found."))
}

fn profile_arn(row: &InstanceProfileRow) -> String {
    arn::instance_profile_arn(&row.account_id, &row.path, &row.name)
}

async fn describe(
    conn: &mut SqliteConnection,
    row: InstanceProfileRow,
    with_tags: bool,
) -> IamResult<InstanceProfile> {
    let roles = store::instance_profiles::roles(conn, &row.id)
        .await
        .map_err(db_error)?
        .into_iter()
        .map(Role::from)
        .collect();
    let tags = if with_tags {
        store::tags::list(conn, INSTANCE_PROFILE, &row.id)
            .await
            .map_err(db_error)?
    } else {
        Vec::new()
    };
    Ok(InstanceProfile {
        arn: profile_arn(&row),
        path: row.path,
        instance_profile_name: row.name,
        instance_profile_id: row.id,
        create_date: timestamp(row.created_at),
        roles,
        tags,
    })
}

/// Loads the profile and authorizes `action` on it (its ARN, or the one it would have).
async fn load_authorized(
    conn: &mut SqliteConnection,
    principal: &Principal,
    name: &str,
    action: &str,
    extra: authz::ExtraKeys<'_>,
) -> IamResult<InstanceProfileRow> {
    validate_name(NameKind::InstanceProfile, "instanceProfileName", name)?;
    let account_id = principal.account_id();
    let row = store::instance_profiles::find_by_name(conn, account_id, name)
        .await
        .map_err(db_error)?;
    let target = row.as_ref().map_or_else(
        || arn::instance_profile_arn(account_id, ROOT_PATH, name),
        profile_arn,
    );
    authz::authorize_with(conn, principal, account_id, action, &target, extra).await?;
    row.ok_or_else(|| not_found(name))
}

pub async fn create_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    path: Option<&str>,
    new_tags: &[Tag],
) -> IamResult<InstanceProfile> {
    let mut tx = ctx.begin().await?;
    let profile = create_instance_profile_in(ctx, &mut tx, principal, name, path, new_tags).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(profile)
}

/// `create_instance_profile` within the caller's transaction.
pub(crate) async fn create_instance_profile_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    name: &str,
    path: Option<&str>,
    new_tags: &[Tag],
) -> IamResult<InstanceProfile> {
    let path = path.unwrap_or(ROOT_PATH);
    validate_name(NameKind::InstanceProfile, "instanceProfileName", name)?;
    validate_path("path", path)?;
    validate_tags(new_tags, false)?;
    let account_id = principal.account_id().to_owned();
    let keys = authz::request_tag_keys(new_tags);
    authz::authorize_with(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateInstanceProfile",
        &arn::instance_profile_arn(&account_id, path, name),
        &authz::as_extra(&keys),
    )
    .await?;
    let exists = || IamError::already_exists(format!("Instance Profile {name} already exists."));
    if store::instance_profiles::find_by_name(&mut *tx, &account_id, name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(exists());
    }
    if store::instance_profiles::count(&mut *tx, &account_id)
        .await
        .map_err(db_error)?
        >= INSTANCE_PROFILES_PER_ACCOUNT
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for InstanceProfilesPerAccount: {INSTANCE_PROFILES_PER_ACCOUNT}"
        )));
    }
    let row = InstanceProfileRow {
        id: encode_id(IdPrefix::InstanceProfile, &ctx.random_bytes::<17>()),
        account_id: account_id.clone(),
        name: name.to_owned(),
        path: path.to_owned(),
        created_at: ctx.now(),
    };
    store::instance_profiles::insert(&mut *tx, &row)
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                exists()
            } else {
                db_error(e)
            }
        })?;
    tags::merge_tags(
        &mut *tx,
        &account_id,
        INSTANCE_PROFILE,
        &row.id,
        new_tags,
        false,
    )
    .await?;
    describe(&mut *tx, row, true).await
}

pub async fn get_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
) -> IamResult<InstanceProfile> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = load_authorized(&mut conn, principal, name, "iam:GetInstanceProfile", &[]).await?;
    describe(&mut conn, row, true).await
}

pub async fn list_instance_profiles(
    ctx: &Ctx,
    principal: &Principal,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<InstanceProfile>> {
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let after = page.after("instance-profiles")?;
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListInstanceProfiles", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows =
        store::instance_profiles::list(&mut conn, account_id, prefix, after.as_deref(), limit + 1)
            .await
            .map_err(db_error)?;
    describe_page(&mut conn, rows, limit, "instance-profiles").await
}

pub async fn list_instance_profiles_for_role(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    page: &PageRequest,
) -> IamResult<Page<InstanceProfile>> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let limit = page.limit()?;
    let after = page.after("role-instance-profiles")?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let role = roles::load(&mut conn, account_id, role_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListInstanceProfilesForRole",
        &arn::role_arn(account_id, &role.path, &role.name),
    )
    .await?;
    let rows =
        store::instance_profiles::list_for_role(&mut conn, &role.id, after.as_deref(), limit + 1)
            .await
            .map_err(db_error)?;
    describe_page(&mut conn, rows, limit, "role-instance-profiles").await
}

async fn describe_page(
    conn: &mut SqliteConnection,
    rows: Vec<InstanceProfileRow>,
    limit: u32,
    list: &str,
) -> IamResult<Page<InstanceProfile>> {
    let page = paginate(rows, limit, list, |p| name_key(&p.name), |p| p);
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        items.push(describe(conn, row, false).await?);
    }
    Ok(Page {
        items,
        marker: page.marker,
    })
}

pub async fn add_role_to_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    profile_name: &str,
    role_name: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    add_role_to_instance_profile_in(ctx, &mut tx, principal, profile_name, role_name).await?;
    tx.commit().await.map_err(db_error)
}

/// `add_role_to_instance_profile` within the caller's transaction.
pub(crate) async fn add_role_to_instance_profile_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    profile_name: &str,
    role_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let profile = load_authorized(
        &mut *tx,
        principal,
        profile_name,
        "iam:AddRoleToInstanceProfile",
        &[],
    )
    .await?;
    let role = roles::load(&mut *tx, principal.account_id(), role_name).await?;
    let held = store::instance_profiles::roles(&mut *tx, &profile.id)
        .await
        .map_err(db_error)?;
    if held.iter().any(|r| r.id == role.id) {
        return Err(IamError::already_exists(format!(
            "Role {role_name} is already associated with instance profile {profile_name}."
        )));
    }
    if !held.is_empty() {
        return Err(IamError::limit_exceeded(
            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
        ));
    }
    store::instance_profiles::add_role(&mut *tx, &profile.id, &role.id, ctx.now())
        .await
        .map_err(db_error)
}

pub async fn remove_role_from_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    profile_name: &str,
    role_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let mut tx = ctx.begin().await?;
    let profile = load_authorized(
        &mut tx,
        principal,
        profile_name,
        "iam:RemoveRoleFromInstanceProfile",
        &[],
    )
    .await?;
    let role = roles::load(&mut tx, principal.account_id(), role_name).await?;
    if !store::instance_profiles::remove_role(&mut tx, &profile.id, &role.id)
        .await
        .map_err(db_error)?
    {
        return Err(IamError::no_such_entity(format!(
            "The role with name {role_name} is not associated with instance profile {profile_name}."
        )));
    }
    tx.commit().await.map_err(db_error)
}

/// `DeleteInstanceProfile`: only an empty profile.
pub async fn delete_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let row = load_authorized(&mut tx, principal, name, "iam:DeleteInstanceProfile", &[]).await?;
    if !store::instance_profiles::roles(&mut tx, &row.id)
        .await
        .map_err(db_error)?
        .is_empty()
    {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must remove roles from instance profile first.",
        ));
    }
    store::tags::remove_all(&mut tx, INSTANCE_PROFILE, &row.id)
        .await
        .map_err(db_error)?;
    store::instance_profiles::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn tag_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    new_tags: &[Tag],
) -> IamResult<()> {
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    let row = load_authorized(
        &mut tx,
        principal,
        name,
        "iam:TagInstanceProfile",
        &authz::as_extra(&keys),
    )
    .await?;
    tags::merge_tags(
        &mut tx,
        principal.account_id(),
        INSTANCE_PROFILE,
        &row.id,
        new_tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

pub async fn untag_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    keys: &[String],
) -> IamResult<()> {
    tags::validate_keys(keys)?;
    let mut tx = ctx.begin().await?;
    let row = load_authorized(
        &mut tx,
        principal,
        name,
        "iam:UntagInstanceProfile",
        &[("aws:TagKeys", keys.to_vec())],
    )
    .await?;
    tags::remove_tags(&mut tx, INSTANCE_PROFILE, &row.id, keys, false).await?;
    tx.commit().await.map_err(db_error)
}

pub async fn list_instance_profile_tags(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    page.limit()?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = load_authorized(
        &mut conn,
        principal,
        name,
        "iam:ListInstanceProfileTags",
        &[],
    )
    .await?;
    tags::page_of_tags(
        &mut conn,
        INSTANCE_PROFILE,
        &row.id,
        "instance-profile-tags",
        page,
    )
    .await
}
