//! The IAM operations of AWS Organizations. A Latchkey account stands alone, in no
//! organization, so once the caller is authorized these answer as AWS does for such an account:
//! there is no organization (`OrganizationNotFoundException`), and no access report job exists.

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::ops::{Principal, authz};

/// The operations that act on the caller's organization.
pub const ORGANIZATION_ACTIONS: [&str; 6] = [
    "ListOrganizationsFeatures",
    "EnableOrganizationsRootCredentialsManagement",
    "DisableOrganizationsRootCredentialsManagement",
    "EnableOrganizationsRootSessions",
    "DisableOrganizationsRootSessions",
    "GenerateOrganizationsAccessReport",
];

fn no_organization() -> IamError {
    IamError::new(
        ErrorCode::OrganizationNotFound,
        "The request was rejected because no organization is associated with your account.",
    )
}

/// One of `ORGANIZATION_ACTIONS`: authorized, then refused for want of an organization.
pub async fn organization_operation(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
) -> IamResult<()> {
    if !ORGANIZATION_ACTIONS.contains(&action) {
        return Err(IamError::service_failure());
    }
    let iam_action = format!("iam:{action}");
    authz::authorize_now(ctx, principal, principal.account_id(), &iam_action, "*").await?;
    Err(no_organization())
}

/// `GetOrganizationsAccessReport`: no report can have been generated.
pub async fn get_organizations_access_report(
    ctx: &Ctx,
    principal: &Principal,
    job_id: &str,
) -> IamResult<()> {
    let action = "iam:GetOrganizationsAccessReport";
    authz::authorize_now(ctx, principal, principal.account_id(), action, "*").await?;
    Err(IamError::no_such_entity(format!(
        "No organizations access report with job ID {job_id} was found."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{test_ctx, test_root_and_user};

    #[tokio::test]
    async fn every_operation_is_authorized_then_finds_no_organization() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, dev) = test_root_and_user(&ctx, "dev").await;
        for action in ORGANIZATION_ACTIONS {
            let denied = organization_operation(&ctx, &dev, action)
                .await
                .unwrap_err();
            assert_eq!(denied.code, ErrorCode::AccessDenied, "{action}");
            let missing = organization_operation(&ctx, &root, action)
                .await
                .unwrap_err();
            assert_eq!(missing.code, ErrorCode::OrganizationNotFound, "{action}");
        }
        let report = get_organizations_access_report(&ctx, &root, "job")
            .await
            .unwrap_err();
        assert_eq!(report.code, ErrorCode::NoSuchEntity);
    }
}
