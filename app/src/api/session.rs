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
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn current_identity() -> Result<SessionView, ConsoleError> {
    let session = crate::api::server::active_session().await?;
    Ok(SessionView {
        display: format!(
            "{} @ {}",
            session.principal.display_name(),
            session.account.label()
        ),
        account_id: session.account.account_id.clone(),
        account_alias: session.account.alias.clone(),
        is_root: session.principal.is_root(),
        arn: session.principal.arn(),
    })
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
