//! Roles: `CreateRole`, `GetRole`, `ListRoles`, `UpdateRole`, `UpdateRoleDescription`,
//! `UpdateAssumeRolePolicy`, `DeleteRole`, role permissions boundaries and role tags.
//!
//! Service-linked roles (`iam::ops::service_linked_roles`) are roles too, but protected: only
//! their description and tags change, and only `DeleteServiceLinkedRole` deletes them.

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
use crate::ops::{Principal, authz, boundaries, tags, timestamp};
use crate::policy::{PolicyKind, non_whitespace_len, parse_policy};
use crate::store::{self, db_error, roles::RoleRow};

/// AWS's quotas and bounds.
pub const ROLES_PER_ACCOUNT: i64 = 1000;
pub const TRUST_POLICY_MAX_LEN: usize = 2048;
pub const MIN_MAX_SESSION_DURATION: i64 = 3600;
pub const MAX_MAX_SESSION_DURATION: i64 = 43200;
const DESCRIPTION_MAX_LEN: usize = 1000;

/// Tag resource type of roles; role tag keys compare ignoring case.
pub const ROLE: &str = "role";

/// The path under which service-linked roles live, and no other role.
pub const SERVICE_LINKED_PATH: &str = "/aws-service-role/";

pub fn is_service_linked(path: &str) -> bool {
    path.starts_with(SERVICE_LINKED_PATH)
}

/// What a change to a service-linked role answers.
pub(crate) fn protected_role(name: &str) -> IamError {
    IamError::new(
        crate::error::ErrorCode::UnmodifiableEntity,
        format!(
            "Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"
        ),
    )
}

/// Refuses to change a service-linked role.
pub(crate) fn ensure_modifiable(row: &RoleRow) -> IamResult<()> {
    if is_service_linked(&row.path) {
        Err(protected_role(&row.name))
    } else {
        Ok(())
    }
}

/// When and where a role was last assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLastUsed {
    pub last_used_date: OffsetDateTime,
    pub region: Option<String>,
}

/// A role as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub path: String,
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub create_date: OffsetDateTime,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub permissions_boundary: Option<String>,
    /// `GetRole` and `CreateRole` only; lists leave them out.
    pub tags: Vec<Tag>,
    pub role_last_used: Option<RoleLastUsed>,
}

impl From<RoleRow> for Role {
    fn from(row: RoleRow) -> Self {
        Self {
            arn: arn::role_arn(&row.account_id, &row.path, &row.name),
            path: row.path,
            role_name: row.name,
            role_id: row.id,
            create_date: timestamp(row.created_at),
            assume_role_policy_document: row.trust_policy,
            description: row.description,
            max_session_duration: row.max_session_duration,
            permissions_boundary: row.permissions_boundary,
            tags: Vec::new(),
            role_last_used: row.last_used_at.map(|at| RoleLastUsed {
                last_used_date: timestamp(at),
                region: row.last_used_region,
            }),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CreateRoleRequest {
    pub role_name: String,
    pub path: Option<String>,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: Option<i64>,
    pub permissions_boundary: Option<String>,
    pub tags: Vec<Tag>,
}

pub(crate) fn not_found(name: &str) -> IamError {
    IamError::no_such_entity(format!("The role with name {name} cannot be found."))
}

/// Loads a role by name, or `NoSuchEntity`.
pub(crate) async fn load(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> IamResult<RoleRow> {
    store::roles::find_by_name(conn, account_id, name)
        .await
        .map_err(db_error)?
        .ok_or_else(|| not_found(name))
}

/// The ARN to authorize against: the role's own, or the one it would have.
fn target(account_id: &str, row: Option<&RoleRow>, name: &str) -> String {
    row.map_or_else(
        || arn::role_arn(account_id, ROOT_PATH, name),
        |r| arn::role_arn(account_id, &r.path, &r.name),
    )
}

/// Validates a trust policy: the grammar of a resource policy (a `Principal`, no `Resource`)
/// and the size quota.
pub fn validate_trust_policy(document: &str) -> IamResult<()> {
    if non_whitespace_len(document) > TRUST_POLICY_MAX_LEN {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_MAX_LEN}"
        )));
    }
    parse_policy(document, PolicyKind::Trust).map(|_| ())
}

fn validate_description(description: Option<&str>) -> IamResult<()> {
    match description {
        Some(d) if d.chars().count() > DESCRIPTION_MAX_LEN => Err(IamError::constraint(
            "description",
            d,
            "Member must have length less than or equal to 1000",
        )),
        _ => Ok(()),
    }
}

fn validate_max_session_duration(seconds: i64) -> IamResult<()> {
    if (MIN_MAX_SESSION_DURATION..=MAX_MAX_SESSION_DURATION).contains(&seconds) {
        Ok(())
    } else {
        Err(IamError::constraint(
            "maxSessionDuration",
            &seconds.to_string(),
            "Member must have value less than or equal to 43200 and greater than or equal to 3600",
        ))
    }
}

pub async fn create_role(
    ctx: &Ctx,
    principal: &Principal,
    req: CreateRoleRequest,
) -> IamResult<Role> {
    let mut tx = ctx.begin().await?;
    let role = create_role_in(ctx, &mut tx, principal, req).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(role)
}

/// `create_role` within the caller's transaction.
pub(crate) async fn create_role_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    req: CreateRoleRequest,
) -> IamResult<Role> {
    let path = req.path.clone().unwrap_or_else(|| ROOT_PATH.to_owned());
    validate_request(&req, &path)?;
    if is_service_linked(&path) {
        return Err(IamError::invalid_input(format!(
            "The path {SERVICE_LINKED_PATH} is reserved for service-linked roles: use CreateServiceLinkedRole."
        )));
    }
    let account_id = principal.account_id().to_owned();
    let mut keys = authz::request_tag_keys(&req.tags);
    if let Some(boundary) = &req.permissions_boundary {
        keys.push(("iam:PermissionsBoundary".to_owned(), vec![boundary.clone()]));
    }
    authz::authorize_with(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateRole",
        &arn::role_arn(&account_id, &path, &req.role_name),
        &authz::as_extra(&keys),
    )
    .await?;
    insert_role_in(ctx, tx, &account_id, req).await
}

fn validate_request(req: &CreateRoleRequest, path: &str) -> IamResult<()> {
    validate_name(NameKind::Role, "roleName", &req.role_name)?;
    validate_path("path", path)?;
    validate_description(req.description.as_deref())?;
    validate_max_session_duration(req.max_session_duration.unwrap_or(MIN_MAX_SESSION_DURATION))?;
    validate_tags(&req.tags, true)
}

/// Stores a new role once its creation is authorized: the trust policy, the boundary, the
/// name's uniqueness and the account's quota are checked here.
pub(crate) async fn insert_role_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    account_id: &str,
    req: CreateRoleRequest,
) -> IamResult<Role> {
    let path = req.path.clone().unwrap_or_else(|| ROOT_PATH.to_owned());
    validate_request(&req, &path)?;
    let max_session = req.max_session_duration.unwrap_or(MIN_MAX_SESSION_DURATION);
    let account_id = account_id.to_owned();
    validate_trust_policy(&req.assume_role_policy_document)?;

    let exists =
        || IamError::already_exists(format!("Role with name {} already exists.", req.role_name));
    if let Some(boundary) = &req.permissions_boundary {
        boundaries::check_boundary(&mut *tx, &account_id, boundary).await?;
    }
    if store::roles::find_by_name(&mut *tx, &account_id, &req.role_name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(exists());
    }
    if store::roles::count(&mut *tx, &account_id)
        .await
        .map_err(db_error)?
        >= ROLES_PER_ACCOUNT
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for RolesPerAccount: {ROLES_PER_ACCOUNT}"
        )));
    }
    let row = RoleRow {
        id: encode_id(IdPrefix::Role, &ctx.random_bytes::<17>()),
        account_id: account_id.clone(),
        name: req.role_name.clone(),
        path,
        trust_policy: req.assume_role_policy_document.clone(),
        description: req.description.clone(),
        max_session_duration: max_session,
        permissions_boundary: req.permissions_boundary.clone(),
        last_used_at: None,
        last_used_region: None,
        created_at: ctx.now(),
    };
    store::roles::insert(&mut *tx, &row).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            exists()
        } else {
            db_error(e)
        }
    })?;
    tags::merge_tags(&mut *tx, &account_id, ROLE, &row.id, &req.tags, true).await?;
    Ok(Role {
        tags: req.tags,
        ..Role::from(row)
    })
}

pub async fn get_role(ctx: &Ctx, principal: &Principal, role_name: &str) -> IamResult<Role> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = store::roles::find_by_name(&mut conn, account_id, role_name)
        .await
        .map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:GetRole",
        &target(account_id, row.as_ref(), role_name),
    )
    .await?;
    let row = row.ok_or_else(|| not_found(role_name))?;
    let role_tags = store::tags::list(&mut conn, ROLE, &row.id)
        .await
        .map_err(db_error)?;
    Ok(Role {
        tags: role_tags,
        ..Role::from(row)
    })
}

pub async fn list_roles(
    ctx: &Ctx,
    principal: &Principal,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<Role>> {
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let after = page.after("roles")?;
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListRoles", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::roles::list(&mut conn, account_id, prefix, after.as_deref(), limit + 1)
        .await
        .map_err(db_error)?;
    Ok(paginate(
        rows,
        limit,
        "roles",
        |r| name_key(&r.name),
        Role::from,
    ))
}

/// Loads the role and authorizes `action` on it, in the write transaction `tx`.
async fn load_for_write(
    tx: &mut SqliteConnection,
    principal: &Principal,
    role_name: &str,
    action: &str,
    extra: authz::ExtraKeys<'_>,
) -> IamResult<RoleRow> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let account_id = principal.account_id();
    let row = store::roles::find_by_name(tx, account_id, role_name)
        .await
        .map_err(db_error)?;
    authz::authorize_with(
        tx,
        principal,
        account_id,
        action,
        &target(account_id, row.as_ref(), role_name),
        extra,
    )
    .await?;
    row.ok_or_else(|| not_found(role_name))
}

/// `UpdateRole`: the description and the maximum session duration; an absent field is kept.
pub async fn update_role(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    description: Option<&str>,
    max_session_duration: Option<i64>,
) -> IamResult<()> {
    validate_description(description)?;
    if let Some(seconds) = max_session_duration {
        validate_max_session_duration(seconds)?;
    }
    let mut tx = ctx.begin().await?;
    let row = load_for_write(&mut tx, principal, role_name, "iam:UpdateRole", &[]).await?;
    // A service-linked role's description may change, its session duration may not.
    if max_session_duration.is_some() {
        ensure_modifiable(&row)?;
    }
    store::roles::update_settings(
        &mut tx,
        &row.id,
        description.or(row.description.as_deref()),
        max_session_duration.unwrap_or(row.max_session_duration),
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `UpdateRoleDescription`: sets the description and returns the role.
pub async fn update_role_description(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    description: &str,
) -> IamResult<Role> {
    validate_description(Some(description))?;
    let mut tx = ctx.begin().await?;
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:UpdateRoleDescription",
        &[],
    )
    .await?;
    store::roles::update_settings(
        &mut tx,
        &row.id,
        Some(description),
        row.max_session_duration,
    )
    .await
    .map_err(db_error)?;
    let role_tags = store::tags::list(&mut tx, ROLE, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Role {
        description: Some(description.to_owned()),
        tags: role_tags,
        ..Role::from(row)
    })
}

pub async fn update_assume_role_policy(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    document: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:UpdateAssumeRolePolicy",
        &[],
    )
    .await?;
    ensure_modifiable(&row)?;
    validate_trust_policy(document)?;
    store::roles::set_trust_policy(&mut tx, &row.id, document)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `DeleteRole`: only a role without policies and instance profiles. Its sessions end with it.
pub async fn delete_role(ctx: &Ctx, principal: &Principal, role_name: &str) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    delete_role_in(&mut tx, principal, role_name).await?;
    tx.commit().await.map_err(db_error)
}

/// `delete_role` within the caller's transaction.
pub(crate) async fn delete_role_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    role_name: &str,
) -> IamResult<()> {
    let row = load_for_write(&mut *tx, principal, role_name, "iam:DeleteRole", &[]).await?;
    ensure_modifiable(&row)?;
    let (inline, attached, profiles) = store::roles::dependents(&mut *tx, &row.id)
        .await
        .map_err(db_error)?;
    if profiles > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must remove roles from instance profile first.",
        ));
    }
    if attached > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must detach all policies first.",
        ));
    }
    if inline > 0 {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must delete policies first.",
        ));
    }
    store::tags::remove_all(&mut *tx, ROLE, &row.id)
        .await
        .map_err(db_error)?;
    store::roles::delete(&mut *tx, &row.id)
        .await
        .map_err(db_error)
}

pub async fn put_role_permissions_boundary(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    policy_arn: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:PutRolePermissionsBoundary",
        &[
            ("iam:PermissionsBoundary", vec![policy_arn.to_owned()]),
            ("iam:PolicyARN", vec![policy_arn.to_owned()]),
        ],
    )
    .await?;
    ensure_modifiable(&row)?;
    boundaries::check_boundary(&mut tx, principal.account_id(), policy_arn).await?;
    store::roles::set_boundary(&mut tx, &row.id, Some(policy_arn))
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_role_permissions_boundary(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let current = {
        validate_name(NameKind::Role, "roleName", role_name)?;
        store::roles::find_by_name(&mut tx, principal.account_id(), role_name)
            .await
            .map_err(db_error)?
            .and_then(|r| r.permissions_boundary)
    };
    let keys: Vec<(&str, Vec<String>)> = current
        .iter()
        .map(|arn| ("iam:PermissionsBoundary", vec![arn.clone()]))
        .collect();
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:DeleteRolePermissionsBoundary",
        &keys,
    )
    .await?;
    ensure_modifiable(&row)?;
    if row.permissions_boundary.is_none() {
        return Err(IamError::no_such_entity(format!(
            "The role with name {role_name} does not have a permissions boundary."
        )));
    }
    store::roles::set_boundary(&mut tx, &row.id, None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn tag_role(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    new_tags: &[Tag],
) -> IamResult<()> {
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:TagRole",
        &authz::as_extra(&keys),
    )
    .await?;
    tags::merge_tags(
        &mut tx,
        principal.account_id(),
        ROLE,
        &row.id,
        new_tags,
        true,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

pub async fn untag_role(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    keys: &[String],
) -> IamResult<()> {
    crate::ops::tags::validate_keys(keys)?;
    let mut tx = ctx.begin().await?;
    let row = load_for_write(
        &mut tx,
        principal,
        role_name,
        "iam:UntagRole",
        &[("aws:TagKeys", keys.to_vec())],
    )
    .await?;
    crate::ops::tags::remove_tags(&mut tx, ROLE, &row.id, keys, true).await?;
    tx.commit().await.map_err(db_error)
}

pub async fn list_role_tags(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = load(&mut conn, account_id, role_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListRoleTags",
        &arn::role_arn(account_id, &row.path, &row.name),
    )
    .await?;
    tags::page_of_tags(&mut conn, ROLE, &row.id, "role-tags", page).await
}
