//! Service-linked roles: `CreateServiceLinkedRole`, `DeleteServiceLinkedRole` and
//! `GetServiceLinkedRoleDeletionStatus`.
//!
//! A service-linked role is a role AWS defines for one service: its name
//! (`AWSServiceRoleFor…`), its path (`/aws-service-role/<service principal>/`), a trust policy
//! naming the service, and the service's AWS managed policy, which nothing else may attach.
//! Latchkey knows the services in `SERVICES`. Such a role is protected (`roles::ensure_modifiable`):
//! only its description and tags change, and only `DeleteServiceLinkedRole` deletes it. No
//! service runs here to hold on to a role, so a deletion completes at once; its task is kept
//! for `GetServiceLinkedRoleDeletionStatus`.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::names::{NameKind, is_name_char, validate_name};
use crate::ops::attachments::EntityKind;
use crate::ops::roles::{self, CreateRoleRequest, ROLE, Role, SERVICE_LINKED_PATH};
use crate::ops::{Principal, authz};
use crate::store::{self, db_error, role_deletions::DeletionRow, roles::RoleRow};

/// A service that defines a service-linked role.
struct LinkedService {
    /// The service principal, as `AWSServiceName` names it.
    principal: &'static str,
    /// The role is named `AWSServiceRoleFor` + this.
    role_suffix: &'static str,
    /// The AWS managed policy (path `/aws-service-role/`) the role holds.
    policy: &'static str,
    /// Whether the service lets a `CustomSuffix` make several roles.
    custom_suffix: bool,
}

const fn service(
    principal: &'static str,
    role_suffix: &'static str,
    policy: &'static str,
) -> LinkedService {
    LinkedService {
        principal,
        role_suffix,
        policy,
        custom_suffix: false,
    }
}

#[rustfmt::skip]
const SERVICES: &[LinkedService] = &[
    LinkedService {
        custom_suffix: true,
        ..service("autoscaling.amazonaws.com", "AutoScaling", "AutoScalingServiceRolePolicy")
    },
    service("access-analyzer.amazonaws.com", "AccessAnalyzer", "AccessAnalyzerServiceRolePolicy"),
    service("appsync.amazonaws.com", "AppSync", "AWSAppSyncServiceRolePolicy"),
    service("backup.amazonaws.com", "Backup", "AWSBackupServiceLinkedRolePolicyForBackup"),
    service("cloudtrail.amazonaws.com", "CloudTrail", "CloudTrailServiceRolePolicy"),
    service("compute-optimizer.amazonaws.com", "ComputeOptimizer", "ComputeOptimizerServiceRolePolicy"),
    service("config.amazonaws.com", "Config", "AWSConfigServiceRolePolicy"),
    service("datasync.amazonaws.com", "DataSync", "AWSDataSyncServiceRolePolicy"),
    service("dynamodb.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_DynamoDBTable", "AWSApplicationAutoscalingDynamoDBTablePolicy"),
    service("ec2.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_EC2SpotFleetRequest", "AWSApplicationAutoscalingEC2SpotFleetRequestPolicy"),
    service("ecs.amazonaws.com", "ECS", "AmazonECSServiceRolePolicy"),
    service("ecs.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_ECSService", "AWSApplicationAutoscalingECSServicePolicy"),
    service("eks.amazonaws.com", "AmazonEKS", "AmazonEKSServiceRolePolicy"),
    service("eks-nodegroup.amazonaws.com", "AmazonEKSNodegroup", "AWSServiceRoleForAmazonEKSNodegroup"),
    service("elasticache.amazonaws.com", "ElastiCache", "ElastiCacheServiceRolePolicy"),
    service("elasticbeanstalk.amazonaws.com", "ElasticBeanstalk", "AWSElasticBeanstalkServiceRolePolicy"),
    service("elasticloadbalancing.amazonaws.com", "ElasticLoadBalancing", "AWSElasticLoadBalancingServiceRolePolicy"),
    service("elasticmapreduce.amazonaws.com", "EMRCleanup", "AmazonEMRCleanupPolicy"),
    service("es.amazonaws.com", "AmazonElasticsearchService", "AmazonElasticsearchServiceRolePolicy"),
    service("fsx.amazonaws.com", "AmazonFSx", "AmazonFSxServiceRolePolicy"),
    service("globalaccelerator.amazonaws.com", "GlobalAccelerator", "AWSGlobalAcceleratorSLRPolicy"),
    service("guardduty.amazonaws.com", "AmazonGuardDuty", "AmazonGuardDutyServiceRolePolicy"),
    service("imagebuilder.amazonaws.com", "ImageBuilder", "AWSServiceRoleForImageBuilder"),
    service("inspector2.amazonaws.com", "AmazonInspector2", "AmazonInspector2ServiceRolePolicy"),
    service("kafka.amazonaws.com", "Kafka", "KafkaServiceRolePolicy"),
    service("lambda.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_LambdaConcurrency", "AWSApplicationAutoscalingLambdaConcurrencyPolicy"),
    service("macie.amazonaws.com", "AmazonMacie", "AmazonMacieServiceRolePolicy"),
    service("mq.amazonaws.com", "AmazonMQ", "AmazonMQServiceRolePolicy"),
    service("opensearchservice.amazonaws.com", "AmazonOpenSearchService", "AmazonOpenSearchServiceRolePolicy"),
    service("ops.apigateway.amazonaws.com", "APIGateway", "APIGatewayServiceRolePolicy"),
    service("organizations.amazonaws.com", "Organizations", "AWSOrganizationsServiceTrustPolicy"),
    service("rds.amazonaws.com", "RDS", "AmazonRDSServiceRolePolicy"),
    service("rds.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_RDSCluster", "AWSApplicationAutoscalingRDSClusterPolicy"),
    service("redshift.amazonaws.com", "Redshift", "AmazonRedshiftServiceLinkedRolePolicy"),
    service("replicator.lambda.amazonaws.com", "LambdaReplicator", "AWSLambdaReplicator"),
    service("securityhub.amazonaws.com", "SecurityHub", "AWSSecurityHubServiceRolePolicy"),
    service("spot.amazonaws.com", "EC2Spot", "AWSEC2SpotServiceRolePolicy"),
    service("spotfleet.amazonaws.com", "EC2SpotFleet", "AWSEC2SpotFleetServiceRolePolicy"),
    service("ssm.amazonaws.com", "AmazonSSM", "AmazonSSMServiceRolePolicy"),
    service("sso.amazonaws.com", "SSO", "AWSSSOServiceRolePolicy"),
    service("support.amazonaws.com", "Support", "AWSSupportServiceRolePolicy"),
    service("transitgateway.amazonaws.com", "VPCTransitGateway", "AWSVPCTransitGatewayServiceRolePolicy"),
    service("trustedadvisor.amazonaws.com", "TrustedAdvisor", "AWSTrustedAdvisorServiceRolePolicy"),
];

/// The service principals Latchkey can create service-linked roles for.
pub fn supported_services() -> impl Iterator<Item = &'static str> {
    SERVICES.iter().map(|s| s.principal)
}

fn linked_service(name: &str) -> IamResult<&'static LinkedService> {
    if !(1..=128).contains(&name.chars().count()) || !name.chars().all(is_name_char) {
        return Err(IamError::constraint(
            "awsServiceName",
            name,
            "Member must have length less than or equal to 128 and satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    SERVICES.iter().find(|s| s.principal == name).ok_or_else(|| {
        IamError::invalid_input(format!(
            "Service name {name} is not eligible for a service-linked role here. Latchkey creates service-linked roles for: {}.",
            supported_services().collect::<Vec<_>>().join(", ")
        ))
    })
}

fn managed_policy_arn(service: &LinkedService) -> String {
    format!(
        "arn:aws:iam::aws:policy{SERVICE_LINKED_PATH}{}",
        service.policy
    )
}

fn trust_policy(service: &LinkedService) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":["{}"]}},"Action":"sts:AssumeRole"}}]}}"#,
        service.principal
    )
}

/// `CreateServiceLinkedRole`: the role the service defines, with the service's policy.
pub async fn create_service_linked_role(
    ctx: &Ctx,
    principal: &Principal,
    aws_service_name: &str,
    description: Option<&str>,
    custom_suffix: Option<&str>,
) -> IamResult<Role> {
    let service = linked_service(aws_service_name)?;
    let mut role_name = format!("AWSServiceRoleFor{}", service.role_suffix);
    if let Some(suffix) = custom_suffix {
        if !(1..=64).contains(&suffix.chars().count()) || !suffix.chars().all(is_name_char) {
            return Err(IamError::constraint(
                "customSuffix",
                suffix,
                "Member must have length less than or equal to 64 and satisfy regular expression pattern: [\\w+=,.@-]+",
            ));
        }
        if !service.custom_suffix {
            return Err(IamError::invalid_input(format!(
                "Custom suffix is not allowed for {}",
                service.principal
            )));
        }
        role_name = format!("{role_name}_{suffix}");
    }
    validate_name(NameKind::Role, "customSuffix", &role_name)?;
    let path = format!("{SERVICE_LINKED_PATH}{}/", service.principal);
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        &account_id,
        "iam:CreateServiceLinkedRole",
        &arn::role_arn(&account_id, &path, &role_name),
        &[("iam:AWSServiceName", vec![service.principal.to_owned()])],
    )
    .await?;
    if store::roles::find_by_name(&mut tx, &account_id, &role_name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::invalid_input(format!(
            "Service role name {role_name} has been taken in this account, please try a different suffix."
        )));
    }
    let role = roles::insert_role_in(
        ctx,
        &mut tx,
        &account_id,
        CreateRoleRequest {
            role_name,
            path: Some(path),
            assume_role_policy_document: trust_policy(service),
            description: description.map(str::to_owned),
            ..Default::default()
        },
    )
    .await?;
    // The service's own policy, which `AttachRolePolicy` refuses to anyone else.
    store::attachments::attach_within_quota(
        &mut tx,
        &account_id,
        EntityKind::Role.table_name(),
        &role.role_id,
        &managed_policy_arn(service),
        ctx.now(),
        crate::ops::attachments::POLICIES_PER_ENTITY,
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(role)
}

/// `DeleteServiceLinkedRole`: deletes the role with everything it holds; the task ID answers
/// `GetServiceLinkedRoleDeletionStatus`.
pub async fn delete_service_linked_role(
    ctx: &Ctx,
    principal: &Principal,
    role_name: &str,
) -> IamResult<String> {
    validate_name(NameKind::Role, "roleName", role_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let row = store::roles::find_by_name(&mut tx, &account_id, role_name)
        .await
        .map_err(db_error)?;
    let role_arn = row.as_ref().map_or_else(
        || arn::role_arn(&account_id, "/", role_name),
        |r| arn::role_arn(&account_id, &r.path, &r.name),
    );
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteServiceLinkedRole",
        &role_arn,
    )
    .await?;
    let row = row.ok_or_else(|| roles::not_found(role_name))?;
    let Some(service) = row.path.strip_prefix(SERVICE_LINKED_PATH) else {
        return Err(IamError::invalid_input(format!(
            "Role {role_name} is not a service-linked role: delete it with DeleteRole."
        )));
    };
    let task_id = format!(
        "task{SERVICE_LINKED_PATH}{service}{}/{}",
        row.name,
        crate::ops::random_uuid(ctx)
    );
    remove_role_and_holdings(&mut tx, &row).await?;
    store::role_deletions::insert(
        &mut tx,
        &DeletionRow {
            task_id: task_id.clone(),
            account_id,
            role_arn,
            status: DeletionStatus::Succeeded.as_str().to_owned(),
            created_at: ctx.now(),
        },
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(task_id)
}

/// Everything a service-linked role holds goes with it: its policies, its place in instance
/// profiles and its tags. Its sessions end with it.
async fn remove_role_and_holdings(conn: &mut SqliteConnection, row: &RoleRow) -> IamResult<()> {
    let table = EntityKind::Role.table_name();
    for policy_arn in store::attachments::list_for(conn, table, &row.id, None, 1000)
        .await
        .map_err(db_error)?
    {
        store::attachments::detach(conn, table, &row.id, &policy_arn)
            .await
            .map_err(db_error)?;
    }
    for (name, _) in store::inline_policies::all(conn, table, &row.id)
        .await
        .map_err(db_error)?
    {
        store::inline_policies::delete(conn, table, &row.id, &name)
            .await
            .map_err(db_error)?;
    }
    for profile in store::instance_profiles::list_for_role(conn, &row.id, None, 1000)
        .await
        .map_err(db_error)?
    {
        store::instance_profiles::remove_role(conn, &profile.id, &row.id)
            .await
            .map_err(db_error)?;
    }
    store::tags::remove_all(conn, ROLE, &row.id)
        .await
        .map_err(db_error)?;
    store::roles::delete(conn, &row.id).await.map_err(db_error)
}

/// Where a deletion task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeletionStatus {
    NotStarted,
    InProgress,
    Succeeded,
    Failed,
}

impl DeletionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "NOT_STARTED",
            Self::InProgress => "IN_PROGRESS",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
        }
    }

    fn parse(stored: &str) -> IamResult<Self> {
        [
            Self::NotStarted,
            Self::InProgress,
            Self::Succeeded,
            Self::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)
        .ok_or_else(IamError::service_failure)
    }
}

/// `GetServiceLinkedRoleDeletionStatus`: how the deletion the task ID names went.
pub async fn get_deletion_status(
    ctx: &Ctx,
    principal: &Principal,
    deletion_task_id: &str,
) -> IamResult<DeletionStatus> {
    if !(1..=1000).contains(&deletion_task_id.chars().count()) {
        return Err(IamError::constraint(
            "deletionTaskId",
            deletion_task_id,
            "Member must have length less than or equal to 1000 and greater than or equal to 1",
        ));
    }
    // task/aws-service-role/<service>/<role name>/<uuid>: the role it names is authorized.
    let invalid =
        || IamError::invalid_input(format!("Invalid deletion task id: {deletion_task_id}"));
    let role_part = deletion_task_id
        .strip_prefix("task/")
        .and_then(|rest| rest.rsplit_once('/'))
        .map(|(role, _)| role)
        .filter(|role| role.starts_with(SERVICE_LINKED_PATH.trim_start_matches('/')))
        .ok_or_else(invalid)?;
    let account_id = principal.account_id();
    let role_arn = format!("arn:aws:iam::{account_id}:role/{role_part}");
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:GetServiceLinkedRoleDeletionStatus",
        &role_arn,
    )
    .await?;
    let task = store::role_deletions::find(&mut conn, account_id, deletion_task_id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| {
            IamError::no_such_entity(format!(
                "The deletion task {deletion_task_id} cannot be found."
            ))
        })?;
    DeletionStatus::parse(&task.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::attachments::{attach_policy, detach_policy, list_attached_policies};
    use crate::ops::inline_policies::put_policy;
    use crate::ops::paging::PageRequest;
    use crate::store::test_support::{test_account, test_ctx, test_root_and_user};

    const ALLOW_ALL: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    async fn root(ctx: &Ctx) -> Principal {
        Principal::Root {
            account_id: test_account(ctx).await,
        }
    }

    #[tokio::test]
    async fn a_service_linked_role_is_the_services_role_with_its_policy() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = root(&ctx).await;
        let role = create_service_linked_role(
            &ctx,
            &root,
            "autoscaling.amazonaws.com",
            Some("scales"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(role.role_name, "AWSServiceRoleForAutoScaling");
        assert_eq!(role.path, "/aws-service-role/autoscaling.amazonaws.com/");
        assert!(role.arn.ends_with(
            ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
        ));
        assert!(
            role.assume_role_policy_document
                .contains(r#""Service":["autoscaling.amazonaws.com"]"#)
        );
        assert_eq!(role.description.as_deref(), Some("scales"));
        let attached = list_attached_policies(
            &ctx,
            &root,
            EntityKind::Role,
            &role.role_name,
            None,
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            attached.items[0].policy_arn,
            "arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy"
        );
        assert!(
            crate::catalog::aws_managed_policy(&attached.items[0].policy_arn).is_some(),
            "the policy ships"
        );

        let again =
            create_service_linked_role(&ctx, &root, "autoscaling.amazonaws.com", None, None)
                .await
                .unwrap_err();
        assert_eq!(again.code, ErrorCode::InvalidInput);
        assert!(again.message.contains("has been taken"), "{again:?}");
        let suffixed = create_service_linked_role(
            &ctx,
            &root,
            "autoscaling.amazonaws.com",
            None,
            Some("fleet"),
        )
        .await
        .unwrap();
        assert_eq!(suffixed.role_name, "AWSServiceRoleForAutoScaling_fleet");
        let no_suffix =
            create_service_linked_role(&ctx, &root, "ecs.amazonaws.com", None, Some("x"))
                .await
                .unwrap_err();
        assert_eq!(no_suffix.code, ErrorCode::InvalidInput);
        let unknown = create_service_linked_role(&ctx, &root, "nope.amazonaws.com", None, None)
            .await
            .unwrap_err();
        assert_eq!(unknown.code, ErrorCode::InvalidInput);
        assert!(unknown.message.contains("autoscaling.amazonaws.com"));
    }

    #[test]
    fn every_known_service_has_a_shipped_service_role_policy() {
        for service in SERVICES {
            let arn = managed_policy_arn(service);
            let policy = crate::catalog::aws_managed_policy(&arn);
            assert!(policy.is_some_and(|p| !p.is_attachable()), "{arn}");
        }
    }

    #[tokio::test]
    async fn only_the_description_and_tags_of_a_service_linked_role_change() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = root(&ctx).await;
        let name = create_service_linked_role(&ctx, &root, "ecs.amazonaws.com", None, None)
            .await
            .unwrap()
            .role_name;
        let policy = "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy";
        let refusals = [
            roles::delete_role(&ctx, &root, &name).await,
            roles::update_assume_role_policy(&ctx, &root, &name, &trust_policy(&SERVICES[0])).await,
            roles::update_role(&ctx, &root, &name, None, Some(7200)).await,
            attach_policy(
                &ctx,
                &root,
                EntityKind::Role,
                &name,
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
            )
            .await,
            detach_policy(&ctx, &root, EntityKind::Role, &name, policy).await,
            put_policy(&ctx, &root, EntityKind::Role, &name, "extra", ALLOW_ALL).await,
            roles::put_role_permissions_boundary(
                &ctx,
                &root,
                &name,
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
            )
            .await,
        ];
        for refused in refusals {
            let err = refused.unwrap_err();
            assert_eq!(err.code, ErrorCode::UnmodifiableEntity, "{err:?}");
            assert!(err.message.contains(&format!("protected role '{name}'")));
        }
        roles::update_role_description(&ctx, &root, &name, "edited")
            .await
            .unwrap();
        roles::tag_role(
            &ctx,
            &root,
            &name,
            &[crate::model::tags::Tag {
                key: "k".into(),
                value: "v".into(),
            }],
        )
        .await
        .unwrap();
        let reserved = roles::create_role(
            &ctx,
            &root,
            CreateRoleRequest {
                role_name: "mine".into(),
                path: Some("/aws-service-role/mine/".into()),
                assume_role_policy_document: trust_policy(&SERVICES[0]),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(reserved.code, ErrorCode::InvalidInput);
    }

    #[tokio::test]
    async fn deletion_removes_the_role_and_leaves_a_task() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, ops) = test_root_and_user(&ctx, "ops").await;
        let name = create_service_linked_role(&ctx, &root, "rds.amazonaws.com", None, None)
            .await
            .unwrap()
            .role_name;
        roles::tag_role(
            &ctx,
            &root,
            &name,
            &[crate::model::tags::Tag {
                key: "k".into(),
                value: "v".into(),
            }],
        )
        .await
        .unwrap();
        let denied = delete_service_linked_role(&ctx, &ops, &name)
            .await
            .unwrap_err();
        assert_eq!(denied.code, ErrorCode::AccessDenied);

        let task = delete_service_linked_role(&ctx, &root, &name)
            .await
            .unwrap();
        let prefix = format!("task/aws-service-role/rds.amazonaws.com/{name}/");
        assert!(task.starts_with(&prefix), "{task}");
        assert_eq!(task.len(), prefix.len() + 36);
        let gone = roles::get_role(&ctx, &root, &name).await.unwrap_err();
        assert_eq!(gone.code, ErrorCode::NoSuchEntity);
        assert_eq!(
            get_deletion_status(&ctx, &root, &task).await.unwrap(),
            DeletionStatus::Succeeded
        );
        let denied = get_deletion_status(&ctx, &ops, &task).await.unwrap_err();
        assert_eq!(denied.code, ErrorCode::AccessDenied);
        let unknown = format!("{prefix}00000000-0000-0000-0000-000000000000");
        assert_eq!(
            get_deletion_status(&ctx, &root, &unknown)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
        assert_eq!(
            get_deletion_status(&ctx, &root, "not-a-task")
                .await
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );
        // The role's name is free again; the console's Delete deletes it the same way.
        create_service_linked_role(&ctx, &root, "rds.amazonaws.com", None, None)
            .await
            .unwrap();
        crate::ops::role_console::delete_role_and_dependents(&ctx, &root, &name)
            .await
            .unwrap();
        assert_eq!(
            roles::get_role(&ctx, &root, &name).await.unwrap_err().code,
            ErrorCode::NoSuchEntity
        );

        roles::create_role(
            &ctx,
            &root,
            CreateRoleRequest {
                role_name: "plain".into(),
                assume_role_policy_document: trust_policy(&SERVICES[0]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let plain = delete_service_linked_role(&ctx, &root, "plain")
            .await
            .unwrap_err();
        assert_eq!(plain.code, ErrorCode::InvalidInput);
    }
}
