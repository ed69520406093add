use super::*;
use crate::context::{TemporaryCredential, with_temporary_credential};
use crate::error::ErrorCode;
use crate::ops::attachments::EntityKind;
use crate::ops::inline_policies::put_policy;
use crate::ops::roles::{CreateRoleRequest, create_role};
use crate::ops::{authz, login_profiles, signin};
use crate::store::test_support::{test_ctx, test_root_and_user};

const PASSWORD: &str = "First-Pass-1";

struct World {
    ctx: Ctx,
    clock: std::sync::Arc<crate::context::ManualClock>,
    root: Principal,
    user: Principal,
    token: String,
    _dir: tempfile::TempDir,
}

/// An IAM user `dev` signed in to the console, allowed to assume any role; role `Auditor`
/// trusts the account and may list users; role `Locked` trusts nobody here.
async fn world() -> World {
    let (ctx, clock, dir) = test_ctx().await;
    let (root, user) = test_root_and_user(&ctx, "dev").await;
    let account = root.account_id().to_owned();
    login_profiles::create_login_profile(&ctx, &root, "dev", &PASSWORD.into(), false)
        .await
        .unwrap();
    let allow = |action: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
        )
    };
    put_policy(
        &ctx,
        &root,
        EntityKind::User,
        "dev",
        "assume",
        &allow("sts:AssumeRole"),
    )
    .await
    .unwrap();
    for (name, trusted) in [
        ("Auditor", format!("arn:aws:iam::{account}:root")),
        ("Locked", "arn:aws:iam::999999999999:root".to_owned()),
    ] {
        let trust = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{trusted}"}},"Action":"sts:AssumeRole"}}]}}"#
        );
        let request = CreateRoleRequest {
            role_name: name.into(),
            assume_role_policy_document: trust,
            ..Default::default()
        };
        create_role(&ctx, &root, request).await.unwrap();
        put_policy(
            &ctx,
            &root,
            EntityKind::Role,
            name,
            "list",
            &allow("iam:ListUsers"),
        )
        .await
        .unwrap();
    }
    let signed = signin::sign_in_user(&ctx, &account, "dev", &PASSWORD.into())
        .await
        .unwrap();
    World {
        ctx,
        clock,
        root,
        user,
        token: signed.token.expose().to_owned(),
        _dir: dir,
    }
}

fn to(role: &str, display_name: &str, account: &str) -> SwitchRoleRequest {
    SwitchRoleRequest {
        account: account.into(),
        role: role.into(),
        display_name: display_name.into(),
    }
}

async fn may(ctx: &Ctx, who: &Principal, credential: Option<TemporaryCredential>) -> bool {
    let check = authz::authorize_now(ctx, who, who.account_id(), "iam:ListUsers", "*");
    match credential {
        Some(credential) => with_temporary_credential(credential, check).await,
        None => check.await,
    }
    .is_ok()
}

#[tokio::test]
async fn the_session_acts_as_the_role_until_the_user_switches_back() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    assert!(!may(&w.ctx, &w.user, None).await);

    switch_role(&w.ctx, &w.token, &to("Auditor", "", &account))
        .await
        .unwrap();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    let switched = live.switched.clone().unwrap();
    assert_eq!(switched.display_name, format!("Auditor @ {account}"));
    assert_eq!(switched.signed_in_as, w.user);
    assert_eq!(
        live.principal.arn(),
        format!("arn:aws:sts::{account}:assumed-role/Auditor/dev")
    );
    assert_eq!(
        switched.credential.expires_at - switched.credential.issued_at,
        CONSOLE_ROLE_SECONDS
    );
    assert!(may(&w.ctx, &live.principal, Some(switched.credential)).await);

    switch_back(&w.ctx, &w.token).await.unwrap();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert_eq!(live.principal, w.user);
    assert!(live.switched.is_none());
}

#[tokio::test]
async fn switching_again_assumes_as_the_user_not_the_role() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    switch_role(&w.ctx, &w.token, &to("Auditor", "first", &account))
        .await
        .unwrap();
    // Only the user may assume `Locked` now; a role session (chaining) may not.
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{}"}},"Action":"sts:AssumeRole"}}]}}"#,
        w.user.arn()
    );
    crate::ops::roles::update_assume_role_policy(&w.ctx, &w.root, "Locked", &trust)
        .await
        .unwrap();
    // Spaces around the account and slashes around the role are what a user pastes.
    let pasted = format!("  {account} ");
    switch_role(&w.ctx, &w.token, &to("/Locked", "second", &pasted))
        .await
        .unwrap();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert_eq!(live.switched.unwrap().display_name, "second");
    assert!(live.principal.arn().ends_with(":assumed-role/Locked/dev"));
}

#[tokio::test]
async fn security_credentials_are_managed_only_as_the_user_who_signed_in() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert_eq!(live.credentials_owner().unwrap(), &w.user);

    switch_role(&w.ctx, &w.token, &to("Auditor", "audit", &account))
        .await
        .unwrap();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    let refused = live.credentials_owner().unwrap_err();
    assert_eq!(refused.code, ErrorCode::AccessDenied);
    assert!(
        refused.message.contains("role audit") && refused.message.contains("switch back"),
        "{}",
        refused.message
    );

    switch_back(&w.ctx, &w.token).await.unwrap();
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert_eq!(live.credentials_owner().unwrap(), &w.user);
}

#[tokio::test]
async fn an_ended_role_session_returns_the_console_to_the_user() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    switch_role(&w.ctx, &w.token, &to("Auditor", "", &account))
        .await
        .unwrap();
    w.clock.advance(time::Duration::minutes(40));
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert!(live.switched.is_some());
    w.clock.advance(time::Duration::minutes(21));
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert!(live.switched.is_none(), "the hour is up");
    assert_eq!(live.principal, w.user);
}

#[tokio::test]
async fn refusals_say_why() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    let refused = |request: SwitchRoleRequest| {
        let (ctx, token) = (&w.ctx, w.token.clone());
        async move { switch_role(ctx, &token, &request).await.unwrap_err() }
    };
    let untrusted = refused(to("Locked", "", &account)).await;
    assert_eq!(untrusted.code, ErrorCode::AccessDenied);
    assert!(
        untrusted.message.contains("sts:AssumeRole"),
        "{}",
        untrusted.message
    );
    let missing = refused(to("Nobody", "", &account)).await;
    assert_eq!(missing.code, ErrorCode::AccessDenied);
    let unknown = refused(to("Auditor", "", "no-such-alias")).await;
    assert!(unknown.message.contains("no-such-alias"));
    let empty = refused(to(" ", "", &account)).await;
    assert_eq!(empty.code, ErrorCode::InvalidInput);
    let long = refused(to("Auditor", &"x".repeat(65), &account)).await;
    assert!(long.message.contains("64"));
    // None of these changed what the session acts as.
    let live = session(&w.ctx, &w.token).await.unwrap().unwrap();
    assert!(live.switched.is_none());

    let root_session = signin::sign_in_root(&w.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let root_refused = switch_role(
        &w.ctx,
        root_session.token.expose(),
        &to("Auditor", "", &account),
    )
    .await
    .unwrap_err();
    assert!(root_refused.message.contains("root user"));
    assert!(
        switch_role(&w.ctx, "not-a-session", &to("Auditor", "", &account))
            .await
            .is_err()
    );
}

/// Signs `dev` in again with its password and an MFA code; returns the new session's token.
async fn sign_in_with_mfa(w: &World, seed: &[u8]) -> String {
    let account = w.root.account_id();
    let pending = signin::sign_in_user(&w.ctx, account, "dev", &PASSWORD.into())
        .await
        .unwrap();
    assert_eq!(pending.stage, signin::SessionStage::Mfa);
    let code = crate::ops::mfa::test_support::next_code(&w.ctx, seed);
    let signed = signin::verify_mfa_at_sign_in(&w.ctx, pending.token.expose(), &code)
        .await
        .unwrap();
    signed.token.expose().to_owned()
}

#[tokio::test]
async fn a_role_that_requires_mfa_is_open_to_a_sign_in_that_used_it() {
    let w = world().await;
    let account = w.root.account_id().to_owned();
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}]}}"#
    );
    crate::ops::roles::update_assume_role_policy(&w.ctx, &w.root, "Auditor", &trust)
        .await
        .unwrap();
    let password_only = switch_role(&w.ctx, &w.token, &to("Auditor", "", &account))
        .await
        .unwrap_err();
    assert_eq!(password_only.code, ErrorCode::AccessDenied);

    let seed =
        crate::ops::mfa::test_support::enable_virtual_device(&w.ctx, &w.root, Some("dev")).await;
    let token = sign_in_with_mfa(&w, &seed).await;
    let live = session(&w.ctx, &token).await.unwrap().unwrap();
    assert!(live.mfa_authenticated());
    switch_role(&w.ctx, &token, &to("Auditor", "", &account))
        .await
        .unwrap();
    let switched = session(&w.ctx, &token).await.unwrap().unwrap().switched;
    assert!(
        switched.is_some_and(|s| s.credential.mfa_present),
        "the role session carries the sign-in's MFA on"
    );
}

#[tokio::test]
async fn console_requests_carry_what_the_sign_in_used() {
    let w = world().await;
    // Listing users is allowed to `dev` only with MFA.
    let mfa_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
    put_policy(&w.ctx, &w.root, EntityKind::User, "dev", "mfa", mfa_only)
        .await
        .unwrap();
    let password_only = session(&w.ctx, &w.token).await.unwrap().unwrap();
    let credential = password_only.credential();
    assert!(credential.is_some_and(|c| !c.mfa_present));
    assert!(!may(&w.ctx, &w.user, credential).await);

    let seed =
        crate::ops::mfa::test_support::enable_virtual_device(&w.ctx, &w.root, Some("dev")).await;
    let token = sign_in_with_mfa(&w, &seed).await;
    let with_mfa = session(&w.ctx, &token).await.unwrap().unwrap();
    assert!(may(&w.ctx, &w.user, with_mfa.credential()).await);
    // Long-term access keys carry no MFA at all.
    assert!(!may(&w.ctx, &w.user, None).await);

    let root_session = signin::sign_in_root(&w.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let root_live = session(&w.ctx, root_session.token.expose())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        root_live.credential(),
        None,
        "no policy binds the root user"
    );
}
