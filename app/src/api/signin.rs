//! First-start account creation and sign-in.

use leptos::prelude::*;

use crate::error::ConsoleError;

/// Whether the console should offer "Create your account" (no account exists yet).
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn sign_up_open() -> Result<bool, ConsoleError> {
    let server = crate::api::server::server_context()?;
    Ok(!iam::ops::accounts::any_account(&server.ctx).await?)
}

/// Creates the first account and its root user, then sends the browser to sign-in.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn create_account(
    email: String,
    password: String,
    confirm_password: String,
    alias: String,
) -> Result<(), ConsoleError> {
    use iam::ops::accounts::{CreateAccountRequest, create_first_account};
    let server = crate::api::server::server_context()?;
    if password != confirm_password {
        return Err(ConsoleError::new(
            "ValidationError",
            "The passwords do not match.",
        ));
    }
    let alias = Some(alias).filter(|a| !a.trim().is_empty());
    let req = CreateAccountRequest {
        email,
        password: password.into(),
        alias,
    };
    let account = create_first_account(&server.ctx, req).await?;
    leptos_axum::redirect(&format!("/signin?created={}", account.account_id));
    Ok(())
}

/// Signs the root user in.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn sign_in_root(email: String, password: String) -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, set_session_cookie};
    let server = server_context()?;
    let signed = iam::ops::signin::sign_in_root(&server.ctx, &email, &password.into()).await?;
    set_session_cookie(&server, signed.token.expose());
    redirect_for_stage(signed.stage);
    Ok(())
}

/// Signs an IAM user in; a required password change comes first.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn sign_in_user(
    account: String,
    user_name: String,
    password: String,
) -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, set_session_cookie};
    let server = server_context()?;
    let signed =
        iam::ops::signin::sign_in_user(&server.ctx, &account, &user_name, &password.into()).await?;
    set_session_cookie(&server, signed.token.expose());
    redirect_for_stage(signed.stage);
    Ok(())
}

/// Where sign-in continues from a session's stage.
#[cfg(feature = "ssr")]
fn redirect_for_stage(stage: iam::ops::signin::SessionStage) {
    use iam::ops::signin::SessionStage;
    leptos_axum::redirect(match stage {
        SessionStage::Active => "/iam/dashboard",
        SessionStage::PasswordChange => "/signin/change-password",
        SessionStage::Mfa => "/signin/mfa",
    });
}

/// The second step of sign-in for principals with an MFA device: a code from it.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn verify_mfa(code: String) -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, session_token, set_session_cookie};
    let server = server_context()?;
    let token = session_token().ok_or_else(ConsoleError::not_signed_in)?;
    let signed = iam::ops::signin::verify_mfa_at_sign_in(&server.ctx, &token, code.trim()).await?;
    set_session_cookie(&server, signed.token.expose());
    redirect_for_stage(signed.stage);
    Ok(())
}

/// Who must change their password (for the change-password page's heading).
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn password_change_identity() -> Result<String, ConsoleError> {
    let session = crate::api::server::current_session()
        .await?
        .ok_or_else(ConsoleError::not_signed_in)?;
    Ok(format!(
        "{} @ {}",
        session.principal.display_name(),
        session.account.label()
    ))
}

/// Changes the password a sign-in required and starts the full session.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn change_password(
    old_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, session_token, set_session_cookie};
    let server = server_context()?;
    let token = session_token().ok_or_else(ConsoleError::not_signed_in)?;
    let signed = iam::ops::signin::change_password_at_sign_in(
        &server.ctx,
        &token,
        &old_password.into(),
        &new_password.into(),
        &confirm_password.into(),
    )
    .await?;
    set_session_cookie(&server, signed.token.expose());
    leptos_axum::redirect("/iam/dashboard");
    Ok(())
}
