//! Console passwords: `CreateLoginProfile`, `GetLoginProfile`, `UpdateLoginProfile`,
//! `DeleteLoginProfile` and `ChangePassword`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::names::{NameKind, validate_name};
use crate::model::password::validate_password_chars;
use crate::ops::{Principal, authz, password_policy, timestamp, users};
use crate::secrets::SecretString;
use crate::store::{self, db_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProfile {
    pub user_name: String,
    pub create_date: OffsetDateTime,
    pub password_reset_required: bool,
}

fn missing_profile(user_name: &str) -> IamError {
    IamError::no_such_entity(format!(
        "Login Profile for User {user_name} cannot be found."
    ))
}

pub async fn create_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    password: &SecretString,
    reset_required: bool,
) -> IamResult<LoginProfile> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    // Authorized before the (deliberately slow) hash, and again in the transaction.
    let target = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        let user = users::load(&mut conn, &account_id, user_name).await?;
        arn::user_arn(&account_id, &user.path, &user.name)
    };
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:CreateLoginProfile",
        &target,
    )
    .await?;
    let hash = new_password_hash(ctx, &account_id, password).await?;
    let mut tx = ctx.begin().await?;
    let profile =
        create_login_profile_in(ctx, &mut tx, principal, user_name, &hash, reset_required).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(profile)
}

/// Checks a new password against the account's password policy and hashes it.
pub(crate) async fn new_password_hash(
    ctx: &Ctx,
    account_id: &str,
    password: &SecretString,
) -> IamResult<String> {
    validate_password_chars("password", password.expose())?;
    password_policy::check_new_password(ctx, account_id, None, password.expose()).await?;
    ctx.hash_password(password.expose()).await
}

/// `create_login_profile` within the caller's transaction, with the password already checked
/// and hashed by `new_password_hash`.
pub(crate) async fn create_login_profile_in(
    ctx: &Ctx,
    tx: &mut sqlx::SqliteConnection,
    principal: &Principal,
    user_name: &str,
    password_hash: &str,
    reset_required: bool,
) -> IamResult<LoginProfile> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let user = users::load(&mut *tx, &account_id, user_name).await?;
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateLoginProfile",
        &arn::user_arn(&account_id, &user.path, &user.name),
    )
    .await?;
    let now = ctx.now();
    let exists = || {
        IamError::already_exists(format!(
            "Login Profile for user {} already exists.",
            user.name
        ))
    };
    if store::login_profiles::find(&mut *tx, &user.id)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(exists());
    }
    store::login_profiles::insert(&mut *tx, &user.id, password_hash, reset_required, now)
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                exists()
            } else {
                db_error(e)
            }
        })?;
    Ok(LoginProfile {
        user_name: user.name,
        create_date: timestamp(now),
        password_reset_required: reset_required,
    })
}

pub async fn get_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
) -> IamResult<LoginProfile> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let user = users::load(&mut conn, account_id, user_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:GetLoginProfile",
        &arn::user_arn(account_id, &user.path, &user.name),
    )
    .await?;
    let profile = store::login_profiles::find(&mut conn, &user.id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| missing_profile(&user.name))?;
    Ok(LoginProfile {
        user_name: user.name,
        create_date: timestamp(profile.created_at),
        password_reset_required: profile.reset_required,
    })
}

pub async fn update_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    password: Option<&SecretString>,
    reset_required: Option<bool>,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let user = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        users::load(&mut conn, &account_id, user_name).await?
    };
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:UpdateLoginProfile",
        &arn::user_arn(&account_id, &user.path, &user.name),
    )
    .await?;
    let hash = match password {
        Some(password) => {
            validate_password_chars("password", password.expose())?;
            password_policy::check_new_password(
                ctx,
                &account_id,
                Some(&user.id),
                password.expose(),
            )
            .await?;
            Some(ctx.hash_password(password.expose()).await?)
        }
        None => None,
    };
    let mut tx = ctx.begin().await?;
    if store::login_profiles::find(&mut tx, &user.id)
        .await
        .map_err(db_error)?
        .is_none()
    {
        return Err(missing_profile(&user.name));
    }
    if let Some(hash) = &hash {
        store::login_profiles::set_password(&mut tx, &user.id, hash, ctx.now())
            .await
            .map_err(db_error)?;
        store::sessions::delete_for(&mut tx, &account_id, Some(&user.id))
            .await
            .map_err(db_error)?;
    }
    if let Some(reset) = reset_required {
        store::login_profiles::set_reset_required(&mut tx, &user.id, reset)
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}

/// Removes a user's console password and ends the user's console sessions.
pub async fn delete_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteLoginProfile",
        &arn::user_arn(&account_id, &user.path, &user.name),
    )
    .await?;
    if store::login_profiles::find(&mut tx, &user.id)
        .await
        .map_err(db_error)?
        .is_none()
    {
        return Err(missing_profile(&user.name));
    }
    store::login_profiles::delete(&mut tx, &user.id)
        .await
        .map_err(db_error)?;
    store::sessions::delete_for(&mut tx, &account_id, Some(&user.id))
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `ChangePassword`: an IAM user changes its own password. Allowed when the password policy
/// lets users change their passwords (IAM's default policy does) or a policy allows
/// `iam:ChangePassword` on the user. Ends the user's console sessions.
pub async fn change_password(
    ctx: &Ctx,
    principal: &Principal,
    old: &SecretString,
    new: &SecretString,
) -> IamResult<()> {
    let Principal::User {
        account_id,
        user_id,
        name,
        path,
    } = principal
    else {
        return Err(IamError::new(
            ErrorCode::InvalidUserType,
            "Only IAM users can change their own password with ChangePassword.",
        ));
    };
    validate_password_chars("oldPassword", old.expose())?;
    validate_password_chars("newPassword", new.expose())?;
    let profile = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        let policy = password_policy::effective(&mut conn, account_id).await?;
        if !policy.allows_users_to_change_password() {
            authz::authorize(
                &mut conn,
                principal,
                account_id,
                "iam:ChangePassword",
                &arn::user_arn(account_id, path, name),
            )
            .await?;
        }
        store::login_profiles::find(&mut conn, user_id)
            .await
            .map_err(db_error)?
            .ok_or_else(|| missing_profile(name))?
    };
    if !ctx
        .verify_password(old.expose(), Some(&profile.password_hash))
        .await?
    {
        return Err(IamError::invalid_input(
            "The old password you entered is incorrect.",
        ));
    }
    password_policy::check_new_password(ctx, account_id, Some(user_id), new.expose()).await?;
    let hash = ctx.hash_password(new.expose()).await?;
    let mut tx = ctx.begin().await?;
    store::login_profiles::set_password(&mut tx, user_id, &hash, ctx.now())
        .await
        .map_err(db_error)?;
    store::login_profiles::set_reset_required(&mut tx, user_id, false)
        .await
        .map_err(db_error)?;
    store::sessions::delete_for(&mut tx, account_id, Some(user_id))
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}
