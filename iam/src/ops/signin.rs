//! Console sign-in and sessions. Root signs in with email and password; IAM users with account
//! (ID or alias), user name and password. Every failure answers the same generic message, so
//! nothing tells whether the account, the user or the password was wrong.
//!
//! A session is a random token in an HttpOnly cookie; the store keeps only its SHA-256. Each
//! sign-in issues a new token, so a session ID never survives a change of privilege.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::context::{Ctx, TemporaryCredential};
use crate::error::{IamError, IamResult};
use crate::model::password::EffectivePasswordPolicy;
use crate::ops::accounts::{self, AccountInfo};
use crate::ops::sign_in_throttle::ThrottleKey;
use crate::ops::{Principal, login_profiles, password_policy};
use crate::secrets::SecretString;
use crate::store::{self, db_error};

/// The one message every failed sign-in gets.
pub const GENERIC_FAILURE: &str = "Your authentication information is incorrect. Please try again.";

/// How long a session that may only change an expired or reset password lives, in seconds.
const PASSWORD_CHANGE_SECS: i64 = 15 * 60;

/// How often `last_seen_at` is written for an active session, in seconds.
const TOUCH_EVERY_SECS: i64 = 60;

/// What a session may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStage {
    /// Signed in.
    Active,
    /// The password must be changed before anything else.
    PasswordChange,
    /// The password was right; an MFA code is needed next.
    Mfa,
}

impl SessionStage {
    fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::PasswordChange => "password_change",
            Self::Mfa => "mfa",
        }
    }
}

/// A new session: the cookie token (shown to the browser only) and its stage.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: SecretString,
    pub stage: SessionStage,
}

/// A live console session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSession {
    /// Who acts: the signed-in principal, or the role session it switched to.
    pub principal: Principal,
    pub stage: SessionStage,
    /// The signed-in principal's account.
    pub account: AccountInfo,
    pub switched: Option<SwitchedRole>,
    /// What policy conditions know of an IAM user's sign-in: when it began and whether it used
    /// MFA, as for any temporary credential. `None` for the root user, whom no policy binds.
    pub sign_in: Option<TemporaryCredential>,
}

impl ConsoleSession {
    /// The credential the session's console requests carry: the role session's while switched,
    /// else the sign-in's.
    pub fn credential(&self) -> Option<TemporaryCredential> {
        match &self.switched {
            Some(switched) => Some(switched.credential),
            None => self.sign_in,
        }
    }

    /// Whether the sign-in used an MFA code.
    pub fn mfa_authenticated(&self) -> bool {
        self.sign_in.is_some_and(|c| c.mfa_present)
    }

    /// Who may manage the session's own security credentials (password, access keys, MFA):
    /// the principal who signed in. Refused while a role is in use: a role has no credentials
    /// of its own to manage, and the user's are out of the role session's reach.
    pub fn credentials_owner(&self) -> IamResult<&Principal> {
        match &self.switched {
            Some(role) => Err(IamError::access_denied(format!(
                "You are using the role {}. Security credentials belong to the IAM user who signed in: switch back to manage yours.",
                role.display_name
            ))),
            None => Ok(&self.principal),
        }
    }
}

/// The role session a console session acts as after Switch role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwitchedRole {
    pub display_name: String,
    /// The IAM user who signed in and switched.
    pub signed_in_as: Principal,
    /// What policy conditions know of the role session's credential.
    pub credential: TemporaryCredential,
}

fn failure() -> IamError {
    IamError::access_denied(GENERIC_FAILURE)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The anti-forgery token of the session behind `session_token`. The console's script reads it
/// from a cookie and sends it back in a header; another site can neither read the cookie nor
/// derive the token, since the session token itself stays in an HttpOnly cookie. It changes
/// whenever the session is rotated.
pub fn csrf_token(session_token: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(b"latchkey-csrf:");
    digest.update(session_token.as_bytes());
    hex::encode(digest.finalize())
}

/// Whether `presented` is the anti-forgery token of `session_token` (compared in constant time).
pub fn csrf_token_matches(session_token: &str, presented: &str) -> bool {
    use subtle::ConstantTimeEq;
    csrf_token(session_token)
        .as_bytes()
        .ct_eq(presented.as_bytes())
        .into()
}

async fn start_session(
    ctx: &Ctx,
    account_id: &str,
    user_id: Option<&str>,
    stage: SessionStage,
    mfa_authenticated: bool,
) -> IamResult<SignedIn> {
    let token = URL_SAFE_NO_PAD.encode(ctx.random_bytes::<32>());
    let now = ctx.now();
    let lifetime = match stage {
        SessionStage::Active => ctx.settings.session_absolute_secs,
        SessionStage::PasswordChange | SessionStage::Mfa => PASSWORD_CHANGE_SECS,
    };
    let session = store::sessions::NewSession {
        token_hash: &token_hash(&token),
        account_id,
        user_id,
        stage: stage.as_str(),
        now,
        expires_at: now + lifetime,
        mfa_authenticated,
    };
    let mut tx = ctx.begin().await?;
    store::sessions::insert(&mut tx, &session)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(SignedIn {
        token: SecretString::new(token),
        stage,
    })
}

/// The keys a sign-in attempt is throttled under: the claimed user and the client address.
fn throttle_keys(user: String) -> Vec<ThrottleKey> {
    let mut keys = vec![ThrottleKey::User(user)];
    if let Some(address) = crate::context::current_request().source_ip {
        keys.push(ThrottleKey::Address(address));
    }
    keys
}

/// Records a sign-in attempt in the account's audit trail (`signin:ConsoleLogin`).
fn audit_sign_in(ctx: &Ctx, account_id: &str, principal_arn: &str, denial: Option<&str>) {
    ctx.audit.decision(crate::audit::Decision {
        account_id,
        principal_arn,
        action: "signin:ConsoleLogin",
        resource: principal_arn,
        denial,
    });
}

/// Runs a password check under sign-in throttling: refused while the user or the address must
/// wait, counted as a failure when it fails, clearing the user's count when it succeeds. Every
/// outcome is recorded in the account's audit trail when the account is known.
async fn throttled<T>(
    ctx: &Ctx,
    keys: &[ThrottleKey],
    audit_as: Option<(&str, &str)>,
    attempt: impl std::future::Future<Output = IamResult<T>>,
) -> IamResult<T> {
    let outcome = match ctx.sign_in_throttle.check(keys, ctx.now_millis()) {
        Ok(()) => attempt.await,
        Err(err) => Err(err),
    };
    match &outcome {
        Ok(_) => ctx.sign_in_throttle.record_success(keys),
        Err(err) if err.code == crate::error::ErrorCode::Throttling => {}
        Err(_) => ctx.sign_in_throttle.record_failure(keys, ctx.now_millis()),
    }
    if let Some((account_id, principal_arn)) = audit_as {
        let denial = outcome.as_ref().err().map(|e| e.message.as_str());
        audit_sign_in(ctx, account_id, principal_arn, denial);
    }
    outcome
}

/// Signs the root user in by email and password.
pub async fn sign_in_root(ctx: &Ctx, email: &str, password: &SecretString) -> IamResult<SignedIn> {
    let keys = throttle_keys(format!("root:{}", email.trim().to_lowercase()));
    let account_id = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::accounts::find_root_by_email(&mut conn, email.trim())
            .await
            .map_err(db_error)?
            .map(|root| root.account_id)
    };
    let root_arn = account_id.as_deref().map(crate::model::arn::root_arn);
    let audit_as = account_id.as_deref().zip(root_arn.as_deref());
    throttled(ctx, &keys, audit_as, check_root(ctx, email, password)).await
}

async fn check_root(ctx: &Ctx, email: &str, password: &SecretString) -> IamResult<SignedIn> {
    let root = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::accounts::find_root_by_email(&mut conn, email.trim())
            .await
            .map_err(db_error)?
    };
    let hash = root.as_ref().map(|r| r.password_hash.as_str());
    if !ctx.verify_password(password.expose(), hash).await? {
        return Err(failure());
    }
    let root = root.ok_or_else(failure)?;
    {
        let mut tx = ctx.begin().await?;
        store::accounts::record_root_sign_in(&mut tx, &root.account_id, ctx.now())
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
    }
    let stage = if crate::ops::mfa::has_mfa(
        ctx,
        &Principal::Root {
            account_id: root.account_id.clone(),
        },
    )
    .await?
    {
        SessionStage::Mfa
    } else {
        SessionStage::Active
    };
    start_session(ctx, &root.account_id, None, stage, false).await
}

/// Signs an IAM user in. A user whose password must be reset (or has expired) gets a session
/// that may only change the password.
pub async fn sign_in_user(
    ctx: &Ctx,
    account: &str,
    user_name: &str,
    password: &SecretString,
) -> IamResult<SignedIn> {
    let account_id = accounts::resolve_account(ctx, account).await?;
    let name = user_name.trim();
    let keys = throttle_keys(format!(
        "{}/{}",
        account_id.as_deref().unwrap_or(account).to_lowercase(),
        name.to_lowercase()
    ));
    let user_arn = account_id
        .as_deref()
        .map(|id| crate::model::arn::user_arn(id, "/", name));
    let audit_as = account_id.as_deref().zip(user_arn.as_deref());
    throttled(
        ctx,
        &keys,
        audit_as,
        check_user(ctx, account_id.as_deref(), name, password),
    )
    .await
}

async fn check_user(
    ctx: &Ctx,
    account_id: Option<&str>,
    user_name: &str,
    password: &SecretString,
) -> IamResult<SignedIn> {
    let found = match &account_id {
        Some(account_id) => {
            let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
            match store::users::find_by_name(&mut conn, account_id, user_name.trim())
                .await
                .map_err(db_error)?
            {
                Some(user) => store::login_profiles::find(&mut conn, &user.id)
                    .await
                    .map_err(db_error)?
                    .map(|p| (user, p)),
                None => None,
            }
        }
        None => None,
    };
    let hash = found
        .as_ref()
        .map(|(_, profile)| profile.password_hash.as_str());
    if !ctx.verify_password(password.expose(), hash).await? {
        return Err(failure());
    }
    let (user, profile) = found.ok_or_else(failure)?;
    let principal = Principal::User {
        account_id: user.account_id.clone(),
        user_id: user.id.clone(),
        name: user.name.clone(),
        path: user.path.clone(),
    };
    if crate::ops::mfa::has_mfa(ctx, &principal).await? {
        let stage = SessionStage::Mfa;
        return start_session(ctx, &user.account_id, Some(&user.id), stage, false).await;
    }
    let stage = user_stage(ctx, &user, &profile).await?;
    start_session(ctx, &user.account_id, Some(&user.id), stage, false).await
}

/// The stage an IAM user's session starts in once the credentials are proven: a password
/// that must be reset (or has expired) must be changed first.
async fn user_stage(
    ctx: &Ctx,
    user: &store::users::UserRow,
    profile: &store::login_profiles::LoginProfileRow,
) -> IamResult<SessionStage> {
    let now = ctx.now();
    let policy = {
        let mut tx = ctx.begin().await?;
        store::users::record_sign_in(&mut tx, &user.id, now)
            .await
            .map_err(db_error)?;
        let policy = password_policy::effective(&mut tx, &user.account_id).await?;
        tx.commit().await.map_err(db_error)?;
        policy
    };
    let expired = match &policy {
        EffectivePasswordPolicy::Custom(custom) => custom
            .max_password_age
            .is_some_and(|days| now - profile.password_changed_at > i64::from(days) * 86_400),
        EffectivePasswordPolicy::IamDefault => false,
    };
    if expired && matches!(&policy, EffectivePasswordPolicy::Custom(c) if c.hard_expiry) {
        return Err(IamError::access_denied(
            "Your password has expired. Ask your administrator to reset it.",
        ));
    }
    Ok(if profile.reset_required || expired {
        SessionStage::PasswordChange
    } else {
        SessionStage::Active
    })
}

/// Completes sign-in with an MFA code: the session waiting for it is replaced by a new one
/// (a new token), active or limited to the required password change.
pub async fn verify_mfa_at_sign_in(ctx: &Ctx, token: &str, code: &str) -> IamResult<SignedIn> {
    let session = session(ctx, token)
        .await?
        .filter(|s| s.stage == SessionStage::Mfa)
        .ok_or_else(|| IamError::access_denied("Your session has expired. Sign in again."))?;
    // MFA codes count against the same user as the password, so six digits cannot be guessed
    // at speed either.
    let principal_arn = session.principal.arn();
    let keys = throttle_keys(format!("mfa:{principal_arn}"));
    let check = async {
        if crate::ops::mfa::verify_code(ctx, &session.principal, None, code).await? {
            Ok(())
        } else {
            Err(failure())
        }
    };
    throttled(
        ctx,
        &keys,
        Some((session.principal.account_id(), &principal_arn)),
        check,
    )
    .await?;
    sign_out(ctx, token).await?;
    let stage = match &session.principal {
        Principal::User { user_id, .. } => {
            let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
            let user = store::users::find_by_id(&mut conn, user_id)
                .await
                .map_err(db_error)?
                .ok_or_else(failure)?;
            let profile = store::login_profiles::find(&mut conn, user_id)
                .await
                .map_err(db_error)?
                .ok_or_else(failure)?;
            drop(conn);
            user_stage(ctx, &user, &profile).await?
        }
        _ => SessionStage::Active,
    };
    let mfa_authenticated = true;
    start_session(
        ctx,
        session.principal.account_id(),
        session.principal.iam_user_id(),
        stage,
        mfa_authenticated,
    )
    .await
}

/// The live session behind `token`, or `None` when it is unknown, expired or idle too long.
pub async fn session(ctx: &Ctx, token: &str) -> IamResult<Option<ConsoleSession>> {
    let hash = token_hash(token);
    let now = ctx.now();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(row) = store::sessions::find(&mut conn, &hash)
        .await
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    if row.expires_at <= now || row.last_seen_at + ctx.settings.session_idle_secs <= now {
        drop(conn);
        delete_session(ctx, &hash).await?;
        return Ok(None);
    }
    let Some(signed_in) =
        Principal::load(&mut conn, &row.account_id, row.user_id.as_deref()).await?
    else {
        return Ok(None);
    };
    let account = store::accounts::find(&mut conn, &row.account_id)
        .await
        .map_err(db_error)?
        .ok_or_else(IamError::service_failure)?;
    // The pooled connection goes back before the role lookup and the writer's turn.
    drop(conn);
    let role = match &row.role_key_id {
        Some(key_id) => crate::ops::sts::console_role_session(ctx, key_id).await?,
        None => None,
    };
    // A role session that has ended (or whose role is gone) returns the console to the user.
    let role_ended = row.role_key_id.is_some() && role.is_none();
    if role_ended || now - row.last_seen_at >= TOUCH_EVERY_SECS {
        let mut tx = ctx.begin().await?;
        store::sessions::touch(&mut tx, &hash, now)
            .await
            .map_err(db_error)?;
        if role_ended {
            store::sessions::set_role(&mut tx, &hash, None)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
    }
    let (principal, switched) = match role {
        Some((role_session, credential)) => (
            role_session,
            Some(SwitchedRole {
                display_name: row.role_display_name.clone().unwrap_or_default(),
                signed_in_as: signed_in,
                credential,
            }),
        ),
        None => (signed_in, None),
    };
    let sign_in = row.user_id.is_some().then_some(TemporaryCredential {
        issued_at: row.created_at,
        expires_at: row.expires_at,
        mfa_present: row.mfa_authenticated,
        from_session_token: false,
    });
    let stage = match row.stage.as_str() {
        "password_change" => SessionStage::PasswordChange,
        "mfa" => SessionStage::Mfa,
        _ => SessionStage::Active,
    };
    Ok(Some(ConsoleSession {
        principal,
        stage,
        account: AccountInfo {
            account_id: account.id,
            alias: account.alias,
        },
        switched,
        sign_in,
    }))
}

/// Completes a required password change: changes the password (which ends the user's
/// sessions) and starts a fresh, full session under a new token.
pub async fn change_password_at_sign_in(
    ctx: &Ctx,
    token: &str,
    old: &SecretString,
    new: &SecretString,
    confirm: &SecretString,
) -> IamResult<SignedIn> {
    // Only a session past every other check (MFA included) may change the password here.
    let session = session(ctx, token)
        .await?
        .filter(|s| s.stage != SessionStage::Mfa)
        .ok_or_else(|| IamError::access_denied("Your session has expired. Sign in again."))?;
    if new != confirm {
        return Err(IamError::invalid_input("The new passwords do not match."));
    }
    login_profiles::change_password(ctx, &session.principal, old, new).await?;
    start_session(
        ctx,
        session.principal.account_id(),
        session.principal.iam_user_id(),
        SessionStage::Active,
        session.mfa_authenticated(),
    )
    .await
}

/// Ends the session behind `token`.
pub async fn sign_out(ctx: &Ctx, token: &str) -> IamResult<()> {
    delete_session(ctx, &token_hash(token)).await
}

/// Deletes the sessions that have expired or gone idle.
pub async fn sweep_sessions(ctx: &Ctx) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    store::sessions::delete_expired(&mut tx, ctx.now(), ctx.settings.session_idle_secs)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

async fn delete_session(ctx: &Ctx, hash: &str) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    store::sessions::delete(&mut tx, hash)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::{login_profiles, users};
    use crate::store::test_support::{test_account, test_ctx};

    async fn user_with_password(ctx: &Ctx, account_id: &str, name: &str, reset: bool) {
        let root = Principal::Root {
            account_id: account_id.into(),
        };
        let req = users::CreateUserRequest {
            user_name: name.into(),
            ..Default::default()
        };
        users::create_user(ctx, &root, req).await.unwrap();
        login_profiles::create_login_profile(ctx, &root, name, &"First-Pass-1".into(), reset)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn repeated_failures_make_the_next_attempt_wait_even_with_the_right_password() {
        let (ctx, clock, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        user_with_password(&ctx, &account_id, "alice", false).await;
        for _ in 0..3 {
            let err = sign_in_user(&ctx, &account_id, "alice", &"wrong".into())
                .await
                .unwrap_err();
            assert_eq!(err.message, GENERIC_FAILURE);
        }
        let err = sign_in_user(&ctx, &account_id, "alice", &"First-Pass-1".into())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Throttling);
        // Another user is not held back by alice's failures.
        user_with_password(&ctx, &account_id, "bob", false).await;
        assert!(
            sign_in_user(&ctx, &account_id, "bob", &"First-Pass-1".into())
                .await
                .is_ok()
        );
        clock.advance(time::Duration::seconds(1));
        assert!(
            sign_in_user(&ctx, &account_id, "alice", &"First-Pass-1".into())
                .await
                .is_ok()
        );
        // Root's email is throttled the same way.
        for _ in 0..3 {
            let _ = sign_in_root(&ctx, "root@example.com", &"nope".into()).await;
        }
        let err = sign_in_root(&ctx, "ROOT@example.com", &"Root-Pass-1".into())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Throttling);
    }

    #[tokio::test]
    async fn an_administrator_changing_or_removing_the_password_ends_the_sessions() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        user_with_password(&ctx, &account_id, "carol", false).await;
        let first = sign_in_user(&ctx, &account_id, "carol", &"First-Pass-1".into())
            .await
            .unwrap();
        let second = sign_in_user(&ctx, &account_id, "carol", &"First-Pass-1".into())
            .await
            .unwrap();
        login_profiles::update_login_profile(
            &ctx,
            &root,
            "carol",
            Some(&"Second-Pass-2".into()),
            None,
        )
        .await
        .unwrap();
        for signed in [&first, &second] {
            assert!(
                session(&ctx, signed.token.expose())
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        let third = sign_in_user(&ctx, &account_id, "carol", &"Second-Pass-2".into())
            .await
            .unwrap();
        login_profiles::delete_login_profile(&ctx, &root, "carol")
            .await
            .unwrap();
        assert!(session(&ctx, third.token.expose()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn the_anti_forgery_token_belongs_to_its_session() {
        let token = csrf_token("session-a");
        assert!(csrf_token_matches("session-a", &token));
        assert!(!csrf_token_matches("session-b", &token));
        assert!(!csrf_token_matches("session-a", ""));
    }

    #[tokio::test]
    async fn root_signs_in_and_out() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let signed = sign_in_root(&ctx, "ROOT@example.com", &"Root-Pass-1".into())
            .await
            .unwrap();
        assert_eq!(signed.stage, SessionStage::Active);
        let session = session(&ctx, signed.token.expose()).await.unwrap().unwrap();
        assert_eq!(
            session.principal,
            Principal::Root {
                account_id: account_id.clone()
            }
        );
        assert_eq!(session.account.label(), "example");
        sign_out(&ctx, signed.token.expose()).await.unwrap();
        assert!(
            super::session(&ctx, signed.token.expose())
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn every_failure_reads_the_same() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        user_with_password(&ctx, &account_id, "bob", false).await;
        let attempts = [
            sign_in_root(&ctx, "root@example.com", &"wrong".into()).await,
            sign_in_root(&ctx, "nobody@example.com", &"Root-Pass-1".into()).await,
            sign_in_user(&ctx, &account_id, "bob", &"wrong".into()).await,
            sign_in_user(&ctx, &account_id, "alice", &"First-Pass-1".into()).await,
            sign_in_user(&ctx, "999999999999", "bob", &"First-Pass-1".into()).await,
            sign_in_user(&ctx, "no-such-alias", "bob", &"First-Pass-1".into()).await,
        ];
        for attempt in attempts {
            let err = attempt.err().unwrap();
            assert_eq!(
                (err.code, err.message.as_str()),
                (ErrorCode::AccessDenied, GENERIC_FAILURE)
            );
        }
    }

    #[tokio::test]
    async fn users_sign_in_by_alias_or_id_ignoring_name_case() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        user_with_password(&ctx, &account_id, "Bob", false).await;
        for account in [account_id.as_str(), "example"] {
            let signed = sign_in_user(&ctx, account, "bob", &"First-Pass-1".into())
                .await
                .unwrap();
            assert_eq!(signed.stage, SessionStage::Active);
        }
    }

    #[tokio::test]
    async fn forced_reset_changes_password_and_rotates_session() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        user_with_password(&ctx, &account_id, "carol", true).await;
        let pending = sign_in_user(&ctx, &account_id, "carol", &"First-Pass-1".into())
            .await
            .unwrap();
        assert_eq!(pending.stage, SessionStage::PasswordChange);
        let weak = change_password_at_sign_in(
            &ctx,
            pending.token.expose(),
            &"First-Pass-1".into(),
            &"short".into(),
            &"short".into(),
        )
        .await;
        assert_eq!(weak.err().unwrap().code, ErrorCode::PasswordPolicyViolation);
        let mismatch = change_password_at_sign_in(
            &ctx,
            pending.token.expose(),
            &"First-Pass-1".into(),
            &"Second-Pass-2".into(),
            &"Other-Pass-3".into(),
        )
        .await;
        assert_eq!(mismatch.err().unwrap().code, ErrorCode::InvalidInput);
        let active = change_password_at_sign_in(
            &ctx,
            pending.token.expose(),
            &"First-Pass-1".into(),
            &"Second-Pass-2".into(),
            &"Second-Pass-2".into(),
        )
        .await
        .unwrap();
        assert_eq!(active.stage, SessionStage::Active);
        assert_ne!(active.token.expose(), pending.token.expose());
        assert!(
            session(&ctx, pending.token.expose())
                .await
                .unwrap()
                .is_none(),
            "old session ended"
        );
        assert!(
            sign_in_user(&ctx, &account_id, "carol", &"First-Pass-1".into())
                .await
                .is_err()
        );
        let again = sign_in_user(&ctx, &account_id, "carol", &"Second-Pass-2".into())
            .await
            .unwrap();
        assert_eq!(again.stage, SessionStage::Active);
    }

    /// A sign-in that used MFA and then had to change the password still used MFA.
    #[tokio::test]
    async fn a_required_password_change_keeps_the_sign_ins_mfa() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        user_with_password(&ctx, &account_id, "dana", true).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let seed =
            crate::ops::mfa::test_support::enable_virtual_device(&ctx, &root, Some("dana")).await;
        let pending = sign_in_user(&ctx, &account_id, "dana", &"First-Pass-1".into())
            .await
            .unwrap();
        let code = crate::ops::mfa::test_support::next_code(&ctx, &seed);
        let changing = verify_mfa_at_sign_in(&ctx, pending.token.expose(), &code)
            .await
            .unwrap();
        assert_eq!(changing.stage, SessionStage::PasswordChange);
        let active = change_password_at_sign_in(
            &ctx,
            changing.token.expose(),
            &"First-Pass-1".into(),
            &"Second-Pass-2".into(),
            &"Second-Pass-2".into(),
        )
        .await
        .unwrap();
        let live = session(&ctx, active.token.expose()).await.unwrap().unwrap();
        assert_eq!(live.stage, SessionStage::Active);
        assert!(live.mfa_authenticated());
    }

    #[tokio::test]
    async fn sessions_expire_when_idle_and_at_their_end() {
        let (ctx, clock, _dir) = test_ctx().await;
        test_account(&ctx).await;
        let signed = sign_in_root(&ctx, "root@example.com", &"Root-Pass-1".into())
            .await
            .unwrap();
        clock.advance(time::Duration::minutes(59));
        assert!(
            session(&ctx, signed.token.expose())
                .await
                .unwrap()
                .is_some()
        );
        clock.advance(time::Duration::minutes(61));
        assert!(
            session(&ctx, signed.token.expose())
                .await
                .unwrap()
                .is_none(),
            "idle for over an hour"
        );

        let signed = sign_in_root(&ctx, "root@example.com", &"Root-Pass-1".into())
            .await
            .unwrap();
        // Kept busy every 55 minutes, the session lives until its 12 hours are up.
        for _ in 0..14 {
            assert!(
                session(&ctx, signed.token.expose())
                    .await
                    .unwrap()
                    .is_some()
            );
            clock.advance(time::Duration::minutes(55));
        }
        assert!(
            session(&ctx, signed.token.expose())
                .await
                .unwrap()
                .is_none(),
            "past 12 hours"
        );
    }

    #[tokio::test]
    async fn sign_up_closes_after_the_first_account() {
        let (ctx, _, _dir) = test_ctx().await;
        assert!(!accounts::any_account(&ctx).await.unwrap());
        test_account(&ctx).await;
        let again = accounts::create_first_account(
            &ctx,
            accounts::CreateAccountRequest {
                email: "other@example.com".into(),
                password: "Root-Pass-1".into(),
                alias: None,
            },
        )
        .await;
        assert_eq!(again.err().unwrap().code, ErrorCode::AccessDenied);
    }
}
