//! Users: `CreateUser`, `GetUser`, `ListUsers`, `UpdateUser`, `DeleteUser`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::model::names::{NameKind, validate_name};
use crate::model::path::{ROOT_PATH, validate_path, validate_path_prefix};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz, boundaries, tags, timestamp};
use crate::store::{self, db_error, users::UserRow};

/// A user as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub path: String,
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub create_date: OffsetDateTime,
    pub password_last_used: Option<OffsetDateTime>,
    pub permissions_boundary: Option<String>,
    /// The user's tags (`GetUser` and `CreateUser` only; lists leave them out).
    pub tags: Vec<Tag>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            arn: arn::user_arn(&row.account_id, &row.path, &row.name),
            path: row.path,
            user_name: row.name,
            user_id: row.id,
            create_date: timestamp(row.created_at),
            password_last_used: row.password_last_used.map(timestamp),
            permissions_boundary: row.permissions_boundary,
            tags: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CreateUserRequest {
    pub user_name: String,
    pub path: Option<String>,
    pub permissions_boundary: Option<String>,
    pub tags: Vec<Tag>,
}

/// The resource ARN used to authorize an action on the user `name` before it is known to exist.
fn resource(principal: &Principal, path: &str, name: &str) -> String {
    arn::user_arn(principal.account_id(), path, name)
}

/// Loads a user by name within a transaction, or `NoSuchEntity`.
pub(crate) async fn load(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    name: &str,
) -> IamResult<UserRow> {
    store::users::find_by_name(conn, account_id, name)
        .await
        .map_err(db_error)?
        .ok_or_else(|| {
            IamError::no_such_entity(format!("The user with name {name} cannot be found."))
        })
}

pub async fn create_user(
    ctx: &Ctx,
    principal: &Principal,
    req: CreateUserRequest,
) -> IamResult<User> {
    let mut tx = ctx.begin().await?;
    let user = create_user_in(ctx, &mut tx, principal, req).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(user)
}

/// `create_user` within the caller's transaction.
pub(crate) async fn create_user_in(
    ctx: &Ctx,
    tx: &mut sqlx::SqliteConnection,
    principal: &Principal,
    req: CreateUserRequest,
) -> IamResult<User> {
    let path = req.path.unwrap_or_else(|| ROOT_PATH.to_owned());
    validate_name(NameKind::User, "userName", &req.user_name)?;
    validate_path("path", &path)?;
    validate_tags(&req.tags, true)?;
    let account_id = principal.account_id().to_owned();
    let mut keys = authz::request_tag_keys(&req.tags);
    if let Some(boundary) = &req.permissions_boundary {
        keys.push(("iam:PermissionsBoundary".to_owned(), vec![boundary.clone()]));
    }
    authz::authorize_with(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateUser",
        &resource(principal, &path, &req.user_name),
        &authz::as_extra(&keys),
    )
    .await?;
    if let Some(boundary) = &req.permissions_boundary {
        boundaries::check_boundary(&mut *tx, &account_id, boundary).await?;
    }
    let id = encode_id(IdPrefix::User, &ctx.random_bytes::<17>());
    let now = ctx.now();
    let new = store::users::NewUser {
        id: &id,
        account_id: &account_id,
        name: &req.user_name,
        path: &path,
        permissions_boundary: req.permissions_boundary.as_deref(),
        created_at: now,
    };
    // A taken name is found by the insert's unique key; only at the quota does it need a look,
    // since AWS answers EntityAlreadyExists before LimitExceeded.
    let inserted = store::users::insert_within_quota(&mut *tx, &new, ctx.settings.users_quota)
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                already_exists(&req.user_name)
            } else {
                db_error(e)
            }
        })?;
    if !inserted {
        if store::users::find_by_name(&mut *tx, &account_id, &req.user_name)
            .await
            .map_err(db_error)?
            .is_some()
        {
            return Err(already_exists(&req.user_name));
        }
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for UsersPerAccount: {}",
            ctx.settings.users_quota
        )));
    }
    tags::merge_tags(&mut *tx, &account_id, tags::USER, &id, &req.tags, true).await?;
    Ok(User {
        arn: arn::user_arn(&account_id, &path, &req.user_name),
        path,
        user_name: req.user_name,
        user_id: id,
        create_date: timestamp(now),
        password_last_used: None,
        permissions_boundary: req.permissions_boundary.clone(),
        tags: req.tags,
    })
}

/// AWS's answer when a call that defaults to the caller's own user comes from a role session.
/// The user an operation on a user's credentials acts on: the named one, or the calling user.
/// `None` for the root user without a name.
pub(crate) async fn named_or_calling_user(
    conn: &mut sqlx::SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<Option<UserRow>> {
    let account_id = principal.account_id();
    match (user_name, principal) {
        (Some(name), _) => {
            validate_name(NameKind::ExistingUser, "userName", name)?;
            load(conn, account_id, name).await.map(Some)
        }
        (None, Principal::User { user_id, .. }) => store::users::find_by_id(conn, user_id)
            .await
            .map_err(db_error),
        (None, Principal::Root { .. }) => Ok(None),
        (None, Principal::Role(_) | Principal::Federated(_)) => Err(user_name_required()),
    }
}

pub(crate) fn user_name_required() -> IamError {
    IamError::validation("Must specify userName when calling with non-User credentials")
}

fn already_exists(name: &str) -> IamError {
    IamError::already_exists(format!("User with name {name} already exists."))
}

/// `GetUser`: the named user, or the caller when no name is given.
pub async fn get_user(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<User> {
    let account_id = principal.account_id();
    let name = match (user_name, principal) {
        (Some(name), _) => name.to_owned(),
        (None, Principal::User { name, .. }) => name.clone(),
        (None, Principal::Role(_) | Principal::Federated(_)) => return Err(user_name_required()),
        (None, Principal::Root { account_id }) => {
            let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
            let root = store::accounts::find_root(&mut conn, account_id)
                .await
                .map_err(db_error)?;
            return Ok(User {
                path: String::new(),
                user_name: String::new(),
                user_id: account_id.clone(),
                arn: arn::root_arn(account_id),
                create_date: timestamp(root.as_ref().map_or(0, |r| r.created_at)),
                password_last_used: root.and_then(|r| r.password_last_used).map(timestamp),
                permissions_boundary: None,
                tags: Vec::new(),
            });
        }
    };
    validate_name(NameKind::ExistingUser, "userName", &name)?;
    let found = find_with_tags(ctx, account_id, &name).await?;
    let target = found.as_ref().map_or_else(
        || resource(principal, "/", &name),
        |found| arn::user_arn(account_id, &found.0.path, &found.0.name),
    );
    authz::authorize_now(ctx, principal, account_id, "iam:GetUser", &target).await?;
    let (row, user_tags) = found.as_deref().cloned().ok_or_else(|| {
        IamError::no_such_entity(format!("The user with name {name} cannot be found."))
    })?;
    Ok(User {
        tags: user_tags,
        ..User::from(row)
    })
}

/// The user named `name` with its tags, from the cache while no write has ended since it was
/// read (see `crate::cache`); only a miss takes a pooled connection, which never sees an
/// uncommitted write.
async fn find_with_tags(
    ctx: &Ctx,
    account_id: &str,
    name: &str,
) -> IamResult<Option<std::sync::Arc<store::users::UserWithTags>>> {
    let key = (account_id.to_owned(), crate::model::names::name_key(name));
    let version = ctx.caches.version();
    if let Some(hit) = ctx.caches.users.get(&key, version) {
        return Ok(Some(hit));
    }
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let found = store::users::find_by_name_with_tags(&mut conn, account_id, name, tags::USER)
        .await
        .map_err(db_error)?;
    Ok(found.map(|found| {
        let found = std::sync::Arc::new(found);
        ctx.caches.users.insert(key, version, found.clone());
        found
    }))
}

pub async fn list_users(
    ctx: &Ctx,
    principal: &Principal,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<User>> {
    let account_id = principal.account_id();
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let after = page.after("users")?;
    authz::authorize_now(ctx, principal, account_id, "iam:ListUsers", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::users::list(&mut conn, account_id, prefix, after.as_deref(), limit + 1)
        .await
        .map_err(db_error)?;
    Ok(paginate(
        rows,
        limit,
        "users",
        |r| crate::model::names::name_key(&r.name),
        User::from,
    ))
}

#[derive(Debug, Clone, Default)]
pub struct UpdateUserRequest {
    pub user_name: String,
    pub new_user_name: Option<String>,
    pub new_path: Option<String>,
}

pub async fn update_user(
    ctx: &Ctx,
    principal: &Principal,
    req: UpdateUserRequest,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", &req.user_name)?;
    if let Some(new_name) = &req.new_user_name {
        validate_name(NameKind::User, "newUserName", new_name)?;
    }
    if let Some(new_path) = &req.new_path {
        validate_path("newPath", new_path)?;
    }
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let row = store::users::find_by_name(&mut tx, &account_id, &req.user_name)
        .await
        .map_err(db_error)?;
    let target = row.as_ref().map_or_else(
        || resource(principal, "/", &req.user_name),
        |r| arn::user_arn(&account_id, &r.path, &r.name),
    );
    authz::authorize(&mut tx, principal, &account_id, "iam:UpdateUser", &target).await?;
    let row = row.ok_or_else(|| {
        IamError::no_such_entity(format!(
            "The user with name {} cannot be found.",
            req.user_name
        ))
    })?;
    let new_name = req.new_user_name.unwrap_or_else(|| row.name.clone());
    let new_path = req.new_path.unwrap_or_else(|| row.path.clone());
    if !new_name.eq_ignore_ascii_case(&row.name)
        && store::users::find_by_name(&mut tx, &account_id, &new_name)
            .await
            .map_err(db_error)?
            .is_some()
    {
        return Err(already_exists(&new_name));
    }
    store::users::rename(&mut tx, &row.id, &new_name, &new_path)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_user(ctx: &Ctx, principal: &Principal, user_name: &str) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let row = store::users::find_by_name(&mut tx, &account_id, user_name)
        .await
        .map_err(db_error)?;
    let target = row.as_ref().map_or_else(
        || resource(principal, "/", user_name),
        |r| arn::user_arn(&account_id, &r.path, &r.name),
    );
    authz::authorize(&mut tx, principal, &account_id, "iam:DeleteUser", &target).await?;
    let row = row.ok_or_else(|| {
        IamError::no_such_entity(format!("The user with name {user_name} cannot be found."))
    })?;
    let deps = store::users::dependents(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    let conflict = if deps.login_profile {
        Some("login profile")
    } else if deps.access_keys {
        Some("access keys")
    } else if deps.inline_policies {
        Some("policies")
    } else if !store::mfa_devices::enabled_for(&mut tx, &account_id, Some(&row.id))
        .await
        .map_err(db_error)?
        .is_empty()
    {
        Some("MFA device")
    } else if !store::service_credentials::list_for(&mut tx, &row.id)
        .await
        .map_err(db_error)?
        .is_empty()
    {
        Some("service specific credentials")
    } else if !store::ssh_public_keys::list_for(&mut tx, &row.id)
        .await
        .map_err(db_error)?
        .is_empty()
    {
        Some("SSH public keys")
    } else if !store::signing_certificates::list_for(&mut tx, &account_id, Some(&row.id))
        .await
        .map_err(db_error)?
        .is_empty()
    {
        Some("signing certificates")
    } else if deps.attached_policies {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must detach all policies first.",
        ));
    } else if deps.groups {
        return Err(IamError::delete_conflict(
            "Cannot delete entity, must remove user from all groups first.",
        ));
    } else {
        None
    };
    if let Some(what) = conflict {
        return Err(IamError::delete_conflict(format!(
            "Cannot delete entity, must delete {what} first."
        )));
    }
    store::tags::remove_all(&mut tx, tags::USER, &row.id)
        .await
        .map_err(db_error)?;
    store::users::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::{access_keys, login_profiles};
    use crate::store::test_support::{test_account, test_ctx};

    fn create(name: &str) -> CreateUserRequest {
        CreateUserRequest {
            user_name: name.into(),
            ..Default::default()
        }
    }

    /// `GetUser` answers from the cache, and every change to the user is in the next answer:
    /// tags, boundary and deletion (write transactions) and a console sign-in's time (a write
    /// outside one).
    #[tokio::test]
    async fn cached_users_follow_every_change() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        create_user(&ctx, &root, create("cache")).await.unwrap();
        let first = get_user(&ctx, &root, Some("cache")).await.unwrap();
        let key = (account_id.clone(), "cache".to_owned());
        assert!(
            ctx.caches.users.get(&key, ctx.caches.version()).is_some(),
            "not cached"
        );
        assert_eq!(get_user(&ctx, &root, Some("CACHE")).await.unwrap(), first);

        let team = crate::model::tags::Tag {
            key: "team".into(),
            value: "blue".into(),
        };
        crate::ops::tags::tag_user(&ctx, &root, "cache", std::slice::from_ref(&team))
            .await
            .unwrap();
        assert_eq!(
            get_user(&ctx, &root, Some("cache")).await.unwrap().tags,
            [team]
        );

        let boundary = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        crate::ops::boundaries::put_user_permissions_boundary(&ctx, &root, "cache", boundary)
            .await
            .unwrap();
        let bounded = get_user(&ctx, &root, Some("cache")).await.unwrap();
        assert_eq!(bounded.permissions_boundary.as_deref(), Some(boundary));

        login_profiles::create_login_profile(&ctx, &root, "cache", &"Some-Pass-1".into(), false)
            .await
            .unwrap();
        let before = get_user(&ctx, &root, Some("cache")).await.unwrap();
        assert_eq!(before.password_last_used, None);
        crate::ops::signin::sign_in_user(&ctx, &account_id, "cache", &"Some-Pass-1".into())
            .await
            .unwrap();
        let signed_in = get_user(&ctx, &root, Some("cache")).await.unwrap();
        assert!(signed_in.password_last_used.is_some());

        login_profiles::delete_login_profile(&ctx, &root, "cache")
            .await
            .unwrap();
        delete_user(&ctx, &root, "cache").await.unwrap();
        let gone = get_user(&ctx, &root, Some("cache")).await.unwrap_err();
        assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    }

    #[tokio::test]
    async fn the_users_quota_is_kept_and_a_taken_name_is_reported_first() {
        let (ctx, _, _dir) = test_ctx().await;
        let ctx = ctx.with_settings(crate::context::Settings {
            users_quota: 2,
            ..Default::default()
        });
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(&ctx, &root, create("one")).await.unwrap();
        let taken = create_user(&ctx, &root, create("ONE")).await.unwrap_err();
        assert_eq!(taken.code, ErrorCode::EntityAlreadyExists);
        create_user(&ctx, &root, create("two")).await.unwrap();
        let over = create_user(&ctx, &root, create("three")).await.unwrap_err();
        assert_eq!(
            (over.code, over.message.as_str()),
            (
                ErrorCode::LimitExceeded,
                "Cannot exceed quota for UsersPerAccount: 2"
            )
        );
        let taken = create_user(&ctx, &root, create("two")).await.unwrap_err();
        assert_eq!(
            (taken.code, taken.message.as_str()),
            (
                ErrorCode::EntityAlreadyExists,
                "User with name two already exists."
            )
        );
        // A deleted user frees its place.
        delete_user(&ctx, &root, "one").await.unwrap();
        create_user(&ctx, &root, create("three")).await.unwrap();
    }

    #[tokio::test]
    async fn create_get_list_and_uniqueness() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let bob = create_user(&ctx, &root, create("Bob")).await.unwrap();
        assert!(bob.user_id.starts_with("AIDA"));
        assert_eq!(bob.arn, format!("arn:aws:iam::{account_id}:user/Bob"));
        let dup = create_user(&ctx, &root, create("bob")).await.err().unwrap();
        assert_eq!(
            (dup.code, dup.message.as_str()),
            (
                ErrorCode::EntityAlreadyExists,
                "User with name bob already exists."
            )
        );
        assert_eq!(
            get_user(&ctx, &root, Some("BOB")).await.unwrap().user_name,
            "Bob"
        );
        for name in ["carol", "alice", "dave"] {
            create_user(&ctx, &root, create(name)).await.unwrap();
        }
        let first = list_users(
            &ctx,
            &root,
            None,
            &PageRequest {
                marker: None,
                max_items: Some(3),
            },
        )
        .await
        .unwrap();
        let names: Vec<_> = first.items.iter().map(|u| u.user_name.as_str()).collect();
        assert_eq!(names, ["alice", "Bob", "carol"]);
        let rest = list_users(
            &ctx,
            &root,
            None,
            &PageRequest {
                marker: first.marker,
                max_items: Some(3),
            },
        )
        .await
        .unwrap();
        assert_eq!(rest.items.len(), 1);
        assert!(!rest.is_truncated());
    }

    #[tokio::test]
    async fn delete_conflicts_until_dependents_are_gone() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root { account_id };
        create_user(&ctx, &root, create("eve")).await.unwrap();
        login_profiles::create_login_profile(&ctx, &root, "eve", &"Some-Pass-1".into(), false)
            .await
            .unwrap();
        let key = access_keys::create_access_key(&ctx, &root, Some("eve"))
            .await
            .unwrap();
        let err = delete_user(&ctx, &root, "eve").await.err().unwrap();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::DeleteConflict,
                "Cannot delete entity, must delete login profile first."
            )
        );
        login_profiles::delete_login_profile(&ctx, &root, "eve")
            .await
            .unwrap();
        let err = delete_user(&ctx, &root, "eve").await.err().unwrap();
        assert_eq!(
            err.message,
            "Cannot delete entity, must delete access keys first."
        );
        access_keys::delete_access_key(&ctx, &root, Some("eve"), &key.access_key_id)
            .await
            .unwrap();
        delete_user(&ctx, &root, "eve").await.unwrap();
        assert_eq!(
            get_user(&ctx, &root, Some("eve")).await.err().unwrap().code,
            ErrorCode::NoSuchEntity
        );
    }

    #[tokio::test]
    async fn users_are_denied_and_nothing_changes() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let bob = create_user(&ctx, &root, create("bob")).await.unwrap();
        let as_bob = Principal::User {
            account_id,
            user_id: bob.user_id,
            name: bob.user_name,
            path: bob.path,
        };
        let err = create_user(&ctx, &as_bob, create("mallory"))
            .await
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert_eq!(
            get_user(&ctx, &root, Some("mallory"))
                .await
                .err()
                .unwrap()
                .code,
            ErrorCode::NoSuchEntity
        );
    }

    #[tokio::test]
    async fn access_key_secrets_are_sealed_at_rest() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root { account_id };
        let key = access_keys::create_access_key(&ctx, &root, None)
            .await
            .unwrap();
        let (stored,): (Vec<u8>,) =
            sqlx::query_as("SELECT secret_ciphertext FROM access_keys WHERE id = ?")
                .bind(&key.access_key_id)
                .fetch_one(&ctx.pool)
                .await
                .unwrap();
        let secret = key.secret_access_key.expose().as_bytes();
        assert!(!stored.windows(secret.len()).any(|w| w == secret));
        let signing = access_keys::signing_key(&ctx, &key.access_key_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(signing.secret.expose(), key.secret_access_key.expose());
        access_keys::create_access_key(&ctx, &root, None)
            .await
            .unwrap();
        let third = access_keys::create_access_key(&ctx, &root, None)
            .await
            .err()
            .unwrap();
        assert_eq!(
            third.message,
            "Cannot exceed quota for AccessKeysPerUser: 2"
        );
    }

    /// The key cache answers from memory until a write that bears on a key: renaming its user,
    /// deactivating, reactivating or deleting the key is seen by the very next signed request,
    /// while other writes leave it cached.
    #[tokio::test]
    async fn signing_keys_follow_status_changes_and_deletions() {
        use access_keys::KeyStatus;
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root { account_id };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "carol".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let key = access_keys::create_access_key(&ctx, &root, Some("carol"))
            .await
            .unwrap();
        let id = key.access_key_id.as_str();
        let active = |ctx: Ctx| async move {
            access_keys::signing_key(&ctx, id)
                .await
                .unwrap()
                .map(|k| k.active)
        };
        assert_eq!(active(ctx.clone()).await, Some(true));
        assert_eq!(active(ctx.clone()).await, Some(true));

        // Writes that change no key, its user or its account leave the key cached.
        let cached = |ctx: &Ctx| {
            ctx.caches
                .signing_keys
                .get(&id.to_owned(), ctx.caches.key_version())
                .is_some()
        };
        assert!(cached(&ctx));
        create_user(&ctx, &root, create("dave")).await.unwrap();
        crate::ops::attachments::attach_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "carol",
            "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
        )
        .await
        .unwrap();
        assert!(cached(&ctx), "an unrelated write dropped the key");

        // A renamed owner is seen by the next request.
        update_user(
            &ctx,
            &root,
            UpdateUserRequest {
                user_name: "carol".into(),
                new_user_name: Some("caroline".into()),
                new_path: None,
            },
        )
        .await
        .unwrap();
        assert!(!cached(&ctx), "a rename left the key cached");
        let owner = access_keys::signing_key(&ctx, id).await.unwrap().unwrap();
        assert!(
            matches!(&owner.principal, Principal::User { name, .. } if name == "caroline"),
            "the key's owner was not renamed"
        );
        let carol = Some("caroline");

        access_keys::update_access_key(&ctx, &root, carol, id, KeyStatus::Inactive)
            .await
            .unwrap();
        assert_eq!(active(ctx.clone()).await, Some(false));
        access_keys::update_access_key(&ctx, &root, carol, id, KeyStatus::Active)
            .await
            .unwrap();
        assert_eq!(active(ctx.clone()).await, Some(true));
        access_keys::delete_access_key(&ctx, &root, carol, id)
            .await
            .unwrap();
        assert_eq!(active(ctx.clone()).await, None);
    }
}
