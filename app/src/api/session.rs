//! Who is signed in, for the console header and the pages' access checks.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

/// The signed-in principal as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// `user @ account-or-alias`.
    pub display: String,
    pub account_id: String,
    pub account_alias: Option<String>,
    pub is_root: bool,
    pub arn: String,
    /// After Switch role: `user @ account` of the IAM user who switched.
    pub signed_in_as: Option<String>,
    /// Whether Switch role is offered (IAM users only, as in AWS).
    pub can_switch_role: bool,
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn current_identity() -> Result<SessionView, ConsoleError> {
    let session = crate::api::server::active_session().await?;
    let label =
        |who: &iam::ops::Principal| format!("{} @ {}", who.display_name(), session.account.label());
    let (display, signed_in_as) = match &session.switched {
        Some(switched) => (
            switched.display_name.clone(),
            Some(label(&switched.signed_in_as)),
        ),
        None => (label(&session.principal), None),
    };
    Ok(SessionView {
        display,
        account_id: session.account.account_id.clone(),
        account_alias: session.account.alias.clone(),
        is_root: session.principal.is_root(),
        arn: session.principal.arn(),
        can_switch_role: !session.principal.is_root(),
        signed_in_as,
    })
}

/// Switch role: the signed-in IAM user assumes `role` in `account` (ID or alias) and the
/// console acts as that role session, shown as `display_name`.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn switch_role(
    account: String,
    role: String,
    display_name: String,
) -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, session_token};
    use iam::ops::switch_role::SwitchRoleRequest;
    let server = server_context()?;
    let token = session_token().ok_or_else(ConsoleError::not_signed_in)?;
    let request = SwitchRoleRequest {
        account,
        role,
        display_name,
    };
    iam::ops::switch_role::switch_role(&server.ctx, &token, &request).await?;
    Ok(())
}

/// Returns the console to the IAM user who switched.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn switch_back() -> Result<(), ConsoleError> {
    use crate::api::server::{server_context, session_token};
    let server = server_context()?;
    let token = session_token().ok_or_else(ConsoleError::not_signed_in)?;
    iam::ops::switch_role::switch_back(&server.ctx, &token).await?;
    Ok(())
}

/// Ends the session and returns to the sign-in page.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn sign_out() -> Result<(), ConsoleError> {
    use crate::api::server::{clear_session_cookie, server_context, session_token};
    let server = server_context()?;
    if let Some(token) = session_token() {
        iam::ops::signin::sign_out(&server.ctx, &token).await?;
    }
    clear_session_cookie(&server);
    leptos_axum::redirect("/signin?signed_out=1");
    Ok(())
}
