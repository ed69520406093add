//! Switch role in the console: a signed-in IAM user assumes a role (through `AssumeRole`, so
//! the role's trust policy and the user's own `sts:AssumeRole` permission decide), and the
//! console session then acts as that role session until it ends, after an hour, or the user
//! switches back. The role session's secret is dropped: the console authenticates with its own
//! cookie, and the session is found again by its access key ID.

use crate::context::{Ctx, TemporaryCredential, with_credential};
use crate::error::{IamError, IamResult};
use crate::model::switch_role::display_name;
use crate::ops::signin::{SessionStage, session, token_hash};
use crate::ops::sts::{AssumeRoleRequest, assume_role};
use crate::ops::{Principal, accounts};
use crate::store::{self, db_error};

/// How long a console role session lasts, in seconds, as in AWS's console.
pub const CONSOLE_ROLE_SECONDS: i64 = 3600;

/// What the Switch role form sends.
#[derive(Debug, Clone, Default)]
pub struct SwitchRoleRequest {
    /// The role's account: its 12-digit ID or its alias.
    pub account: String,
    /// The role's name, with its path when it has one (`division/admin`).
    pub role: String,
    /// What the console shows while the role is in use; `role @ account` when empty.
    pub display_name: String,
}

/// The signed-in IAM user behind a console session, whether or not it has switched, and what
/// policy conditions know of the sign-in (MFA above all).
async fn signed_in_user(
    ctx: &Ctx,
    token: &str,
) -> IamResult<(Principal, Option<TemporaryCredential>)> {
    let live = session(ctx, token)
        .await?
        .filter(|s| s.stage == SessionStage::Active)
        .ok_or_else(|| IamError::access_denied("Your session has expired. Sign in again."))?;
    let sign_in = live.sign_in;
    let user = live.switched.map_or(live.principal, |s| s.signed_in_as);
    match user {
        Principal::User { .. } => Ok((user, sign_in)),
        _ => Err(IamError::access_denied(
            "You cannot switch roles when you sign in as the root user. Sign in as an IAM user to switch roles.",
        )),
    }
}

/// Assumes the requested role as the signed-in user and makes the session act as it.
pub async fn switch_role(ctx: &Ctx, token: &str, request: &SwitchRoleRequest) -> IamResult<()> {
    let (user, sign_in) = signed_in_user(ctx, token).await?;
    let (account, role) = (request.account.trim(), request.role.trim());
    if account.is_empty() || role.is_empty() {
        return Err(IamError::invalid_input(
            "Enter the account ID or alias and the role name.",
        ));
    }
    let display_name = display_name(role, account, &request.display_name)?;
    let account_id = accounts::resolve_account(ctx, account)
        .await?
        .ok_or_else(|| IamError::invalid_input(format!("There is no account {account}.")))?;
    let role = role.trim_matches('/');
    // As the user signed in, not as the role in use: switching again does not chain.
    let assumed = with_credential(
        sign_in,
        assume_role(
            ctx,
            &user,
            AssumeRoleRequest {
                role_arn: format!("arn:aws:iam::{account_id}:role/{role}"),
                role_session_name: user.display_name(),
                duration_seconds: Some(CONSOLE_ROLE_SECONDS),
                ..Default::default()
            },
        ),
    )
    .await?;
    let key_id = assumed.credentials.access_key_id;
    let mut tx = ctx.begin().await?;
    store::sessions::set_role(&mut tx, &token_hash(token), Some((&key_id, &display_name)))
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Returns the session to the signed-in user.
pub async fn switch_back(ctx: &Ctx, token: &str) -> IamResult<()> {
    signed_in_user(ctx, token).await?;
    let mut tx = ctx.begin().await?;
    store::sessions::set_role(&mut tx, &token_hash(token), None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests;
