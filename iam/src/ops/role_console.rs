//! The console's role operations: "Create role" (the role, its policies and, for EC2, an
//! instance profile of the same name), "Delete" (everything that hangs on the role first) and
//! "Revoke active sessions". Composite changes are one transaction, each step authorized as its
//! own API action.

use time::format_description::well_known::Rfc3339;

use crate::context::Ctx;
use crate::error::IamResult;
use crate::model::arn;
use crate::ops::attachments::{self, Entity, EntityKind, attach_policy_in};
use crate::ops::inline_policies;
use crate::ops::inline_policies::put_policy;
use crate::ops::instance_profiles::{
    INSTANCE_PROFILE, add_role_to_instance_profile_in, create_instance_profile_in,
};
use crate::ops::roles::{
    CreateRoleRequest, Role, create_role_in, delete_role_in, is_service_linked, load,
};
use crate::ops::{Principal, authz};
use crate::store::{self, db_error};

/// The inline policy the console writes to revoke a role's sessions.
pub const REVOKE_POLICY_NAME: &str = "AWSRevokeOlderSessions";

/// What the create-role wizard submits.
#[derive(Debug, Clone, Default)]
pub struct NewRole {
    pub role: CreateRoleRequest,
    pub policy_arns: Vec<String>,
    /// EC2 roles also get an instance profile of the same name holding the role.
    pub instance_profile: bool,
}

pub async fn create_role_with_permissions(
    ctx: &Ctx,
    principal: &Principal,
    request: NewRole,
) -> IamResult<Role> {
    let name = request.role.role_name.clone();
    let mut tx = ctx.begin().await?;
    let role = create_role_in(ctx, &mut tx, principal, request.role).await?;
    for policy_arn in &request.policy_arns {
        attach_policy_in(ctx, &mut tx, principal, EntityKind::Role, &name, policy_arn).await?;
    }
    if request.instance_profile {
        create_instance_profile_in(ctx, &mut tx, principal, &name, None, &[]).await?;
        add_role_to_instance_profile_in(ctx, &mut tx, principal, &name, &name).await?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(role)
}

/// Detaches the role's managed policies, deletes its inline policies, takes it out of its
/// instance profiles (deleting the one of the same name), then deletes the role. A
/// service-linked role is deleted as `DeleteServiceLinkedRole` deletes it.
pub async fn delete_role_and_dependents(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let role = load(&mut tx, &account_id, role_name).await?;
    if is_service_linked(&role.path) {
        drop(tx);
        return crate::ops::service_linked_roles::delete_service_linked_role(
            ctx, principal, role_name,
        )
        .await
        .map(|_| ());
    }
    let role_arn = arn::role_arn(&account_id, &role.path, &role.name);
    let entity = Entity {
        id: role.id.clone(),
        name: role.name.clone(),
        arn: role_arn,
    };
    attachments::detach_all_in(&mut tx, principal, EntityKind::Role, &entity).await?;
    inline_policies::delete_all_in(&mut tx, principal, EntityKind::Role, &entity).await?;
    for profile in store::instance_profiles::list_for_role(&mut tx, &role.id, None, 1000)
        .await
        .map_err(db_error)?
    {
        let profile_arn = arn::instance_profile_arn(&account_id, &profile.path, &profile.name);
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:RemoveRoleFromInstanceProfile",
            &profile_arn,
        )
        .await?;
        store::instance_profiles::remove_role(&mut tx, &profile.id, &role.id)
            .await
            .map_err(db_error)?;
        if profile.name.eq_ignore_ascii_case(&role.name) {
            authz::authorize(
                &mut tx,
                principal,
                &account_id,
                "iam:DeleteInstanceProfile",
                &profile_arn,
            )
            .await?;
            store::tags::remove_all(&mut tx, INSTANCE_PROFILE, &profile.id)
                .await
                .map_err(db_error)?;
            store::instance_profiles::delete(&mut tx, &profile.id)
                .await
                .map_err(db_error)?;
        }
    }
    delete_role_in(&mut tx, principal, role_name).await?;
    tx.commit().await.map_err(db_error)
}

/// The `AWSRevokeOlderSessions` document: deny everything to sessions issued before `now`.
pub fn revoke_document(now: time::OffsetDateTime) -> String {
    let at = now
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&Rfc3339)
        .unwrap_or_default();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{{"DateLessThan":{{"aws:TokenIssueTime":"{at}"}}}}}}]}}"#
    )
}

/// "Revoke active sessions": puts (or overwrites) `AWSRevokeOlderSessions` on the role.
pub async fn revoke_role_sessions(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
) -> IamResult<()> {
    let document = revoke_document(crate::ops::timestamp(ctx.now()));
    put_policy(
        ctx,
        principal,
        EntityKind::Role,
        role_name,
        REVOKE_POLICY_NAME,
        &document,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::instance_profiles::get_instance_profile;
    use crate::ops::roles::get_role;
    use crate::store::test_support::{test_account, test_ctx};

    const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    fn ec2_role(name: &str, policies: &[&str]) -> NewRole {
        NewRole {
            role: CreateRoleRequest {
                role_name: name.into(),
                assume_role_policy_document: EC2_TRUST.into(),
                ..Default::default()
            },
            policy_arns: policies.iter().map(|p| (*p).to_owned()).collect(),
            instance_profile: true,
        }
    }

    #[tokio::test]
    async fn ec2_roles_get_an_instance_profile_and_lose_it_on_delete() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let request = ec2_role("web", &["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        create_role_with_permissions(&ctx, &root, request)
            .await
            .unwrap();
        let profile = get_instance_profile(&ctx, &root, "web").await.unwrap();
        assert_eq!(profile.roles[0].role_name, "web");
        revoke_role_sessions(&ctx, &root, "web").await.unwrap();

        delete_role_and_dependents(&ctx, &root, "web")
            .await
            .unwrap();
        assert_eq!(
            get_role(&ctx, &root, "web").await.unwrap_err().code,
            ErrorCode::NoSuchEntity
        );
        assert_eq!(
            get_instance_profile(&ctx, &root, "web")
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
    }

    #[tokio::test]
    async fn a_failing_step_creates_nothing() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let request = ec2_role("half", &["arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"]);
        let err = create_role_with_permissions(&ctx, &root, request)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NoSuchEntity);
        assert_eq!(
            get_role(&ctx, &root, "half").await.unwrap_err().code,
            ErrorCode::NoSuchEntity
        );
    }

    #[test]
    fn revoke_document_denies_older_sessions() {
        let at = time::macros::datetime!(2026-01-02 03:04:05.678 UTC);
        let doc = revoke_document(at);
        assert!(doc.contains(r#""aws:TokenIssueTime":"2026-01-02T03:04:05Z""#));
        crate::policy::parse_policy(&doc, crate::policy::PolicyKind::Inline).unwrap();
    }
}
