//! Access Advisor jobs: `GenerateServiceLastAccessedDetails`, `GetServiceLastAccessedDetails`
//! and `GetServiceLastAccessedDetailsWithEntities`. A job is complete when it is generated: its
//! report holds, for each service the target's policies allow, when each of the target's users
//! and roles last asked for it, read from the audit trail (every authenticated request, allowed
//! or not, through the API or the console).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::ops::attachments::{EntityKind, load_entity_by_arn};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::service_access::{grants, identity_policies, validate_namespace};
use crate::ops::{Principal, authz, timestamp};
use crate::policy::PolicyDocument;
use crate::service_reference;
use crate::store::access_advisor_jobs::JobRow;
use crate::store::{self, db_error};

/// How much a report tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Granularity {
    /// When each service was last used.
    ServiceLevel,
    /// Also when each action of a service was last used.
    ActionLevel,
}

impl Granularity {
    pub fn parse(text: Option<&str>) -> IamResult<Self> {
        match text {
            None | Some("SERVICE_LEVEL") => Ok(Self::ServiceLevel),
            Some("ACTION_LEVEL") => Ok(Self::ActionLevel),
            Some(other) => Err(IamError::constraint(
                "granularity",
                other,
                "Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ServiceLevel => "SERVICE_LEVEL",
            Self::ActionLevel => "ACTION_LEVEL",
        }
    }
}

/// A user or role whose use a report follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityInfo {
    pub arn: String,
    pub name: String,
    /// `USER` or `ROLE`.
    pub kind: String,
    pub id: String,
    pub path: String,
}

impl EntityInfo {
    /// Whether a request recorded under `principal_arn` was this entity's: a user's own ARN,
    /// or a session of a role.
    fn made(&self, principal_arn: &str, account_id: &str) -> bool {
        match self.kind.as_str() {
            "ROLE" => principal_arn
                .strip_prefix(&format!("arn:aws:sts::{account_id}:assumed-role/"))
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(role, _)| role == self.name),
            _ => principal_arn == self.arn,
        }
    }
}

/// An action of a service and its latest use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedAction {
    pub action_name: String,
    pub last_accessed_entity: String,
    pub last_accessed_time: i64,
}

/// A service of a report: which entities used it, and when last (entity index, time).
#[derive(Debug, Serialize, Deserialize)]
struct ServiceReport {
    namespace: String,
    uses: Vec<(usize, i64)>,
    tracked: Option<Vec<TrackedAction>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Report {
    granularity: Granularity,
    entities: Vec<EntityInfo>,
    services: Vec<ServiceReport>,
}

/// A service as `GetServiceLastAccessedDetails` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLastAccessed {
    pub namespace: String,
    pub name: String,
    pub last_authenticated: Option<OffsetDateTime>,
    pub last_authenticated_entity: Option<String>,
    pub total_authenticated_entities: usize,
    /// `ACTION_LEVEL` jobs only.
    pub tracked_actions: Option<Vec<TrackedAction>>,
}

/// An entity as `GetServiceLastAccessedDetailsWithEntities` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityDetails {
    pub entity: EntityInfo,
    pub last_authenticated: Option<OffsetDateTime>,
}

/// A job and one page of what it found.
#[derive(Debug, Clone)]
pub struct JobDetails<T> {
    pub granularity: Granularity,
    pub created: OffsetDateTime,
    pub completed: OffsetDateTime,
    pub page: Page<T>,
}

fn user_info(account_id: &str, user: store::users::UserRow) -> EntityInfo {
    EntityInfo {
        arn: arn::user_arn(account_id, &user.path, &user.name),
        name: user.name,
        kind: "USER".to_owned(),
        id: user.id,
        path: user.path,
    }
}

/// Adds a user or role once.
fn add(entities: &mut Vec<EntityInfo>, entity: EntityInfo) {
    if !entities.iter().any(|e| e.arn == entity.arn) {
        entities.push(entity);
    }
}

async fn add_user(
    conn: &mut SqliteConnection,
    account_id: &str,
    user_id: &str,
    entities: &mut Vec<EntityInfo>,
) -> IamResult<()> {
    if let Some(user) = store::users::find_by_id(conn, user_id)
        .await
        .map_err(db_error)?
    {
        add(entities, user_info(account_id, user));
    }
    Ok(())
}

async fn add_members(
    conn: &mut SqliteConnection,
    account_id: &str,
    group_id: &str,
    entities: &mut Vec<EntityInfo>,
) -> IamResult<()> {
    for user in store::groups::members(conn, group_id, None, u32::MAX)
        .await
        .map_err(db_error)?
    {
        add(entities, user_info(account_id, user));
    }
    Ok(())
}

async fn add_role(
    conn: &mut SqliteConnection,
    account_id: &str,
    role_id: &str,
    entities: &mut Vec<EntityInfo>,
) -> IamResult<()> {
    if let Some(role) = store::roles::find_by_id(conn, role_id)
        .await
        .map_err(db_error)?
    {
        add(
            entities,
            EntityInfo {
                arn: arn::role_arn(account_id, &role.path, &role.name),
                name: role.name,
                kind: "ROLE".to_owned(),
                id: role.id,
                path: role.path,
            },
        );
    }
    Ok(())
}

/// What a report covers: the documents whose services it lists, and the users and roles whose
/// use it follows (a group's members; a policy's users, groups' members and roles).
async fn target(
    conn: &mut SqliteConnection,
    account_id: &str,
    target_arn: &str,
) -> IamResult<(Vec<PolicyDocument>, Vec<EntityInfo>)> {
    let mut entities = Vec::new();
    if target_arn.contains(":policy/") {
        let missing = || IamError::no_such_entity(format!("Policy {target_arn} was not found."));
        let parsed = arn::parse_policy_arn(target_arn)?;
        let ours = target_arn.starts_with(&format!("arn:aws:iam::{account_id}:"));
        if !parsed.is_aws_managed() && !ours {
            return Err(missing());
        }
        let policy = authz::managed(conn, target_arn)
            .await?
            .ok_or_else(missing)?;
        let (users, groups, roles) =
            store::attachments::entities_for_policy(conn, account_id, target_arn)
                .await
                .map_err(db_error)?;
        for (_, id) in users {
            add_user(conn, account_id, &id, &mut entities).await?;
        }
        for (_, id) in groups {
            add_members(conn, account_id, &id, &mut entities).await?;
        }
        for (_, id) in roles {
            add_role(conn, account_id, &id, &mut entities).await?;
        }
        return Ok((vec![(*policy.document).clone()], entities));
    }
    let (kind, entity) = load_entity_by_arn(conn, account_id, target_arn).await?;
    let documents = identity_policies(conn, kind, &entity)
        .await?
        .into_iter()
        .map(|held| held.document)
        .collect();
    match kind {
        EntityKind::User => add_user(conn, account_id, &entity.id, &mut entities).await?,
        EntityKind::Group => add_members(conn, account_id, &entity.id, &mut entities).await?,
        EntityKind::Role => add_role(conn, account_id, &entity.id, &mut entities).await?,
    }
    Ok((documents, entities))
}

/// The report: every service of the service reference the documents allow, with the uses the
/// audit trail recorded for the entities (`(principal ARN, service:Action, latest time)`).
fn report(
    granularity: Granularity,
    documents: &[PolicyDocument],
    entities: Vec<EntityInfo>,
    uses: &[(String, String, i64)],
    account_id: &str,
) -> Report {
    // (entity, action name, time) by lower-case service prefix.
    let mut by_service: BTreeMap<String, Vec<(usize, &str, i64)>> = BTreeMap::new();
    for (principal_arn, action, at) in uses {
        let Some((service, action_name)) = action.split_once(':') else {
            continue;
        };
        if let Some(index) = entities
            .iter()
            .position(|e| e.made(principal_arn, account_id))
        {
            by_service
                .entry(service.to_lowercase())
                .or_default()
                .push((index, action_name, *at));
        }
    }
    let mut services = Vec::new();
    for namespace in service_reference::services().keys() {
        if !documents.iter().any(|d| grants(d, namespace)) {
            continue;
        }
        let mut last: BTreeMap<usize, i64> = BTreeMap::new();
        let mut tracked: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
        for &(index, action_name, at) in by_service.get(namespace).into_iter().flatten() {
            let latest = last.entry(index).or_insert(at);
            *latest = (*latest).max(at);
            let action = tracked.entry(action_name).or_insert((at, index));
            if at > action.0 {
                *action = (at, index);
            }
        }
        let tracked = (granularity == Granularity::ActionLevel).then(|| {
            tracked
                .into_iter()
                .map(|(name, (at, index))| TrackedAction {
                    action_name: name.to_owned(),
                    last_accessed_entity: entities[index].arn.clone(),
                    last_accessed_time: at,
                })
                .collect()
        });
        services.push(ServiceReport {
            namespace: namespace.clone(),
            uses: last.into_iter().collect(),
            tracked,
        });
    }
    Report {
        granularity,
        entities,
        services,
    }
}

/// `GenerateServiceLastAccessedDetails` for a user, group, role or managed policy; the job is
/// complete when its ID is returned.
pub async fn generate_service_last_accessed_details(
    ctx: &Ctx,
    principal: &Principal,
    target_arn: &str,
    granularity: Option<&str>,
) -> IamResult<String> {
    let granularity = Granularity::parse(granularity)?;
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:GenerateServiceLastAccessedDetails",
        target_arn,
    )
    .await?;
    // Every request made so far belongs in the report.
    ctx.audit.flush().await;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let (documents, entities) = target(&mut conn, account_id, target_arn).await?;
    let uses = store::audit_events::last_uses(&mut conn, account_id)
        .await
        .map_err(db_error)?;
    drop(conn);
    let report = report(granularity, &documents, entities, &uses, account_id);
    let now = ctx.now();
    let row = JobRow {
        // Shaped as AWS's job IDs: 36 characters, hexadecimal groups 8-4-4-4-12.
        job_id: crate::ops::random_uuid(ctx),
        account_id: account_id.to_owned(),
        created_at: now,
        completed_at: now,
        report: serde_json::to_string(&report).map_err(|_| IamError::service_failure())?,
    };
    let mut tx = ctx.begin().await?;
    store::access_advisor_jobs::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(row.job_id)
}

/// The caller's account's job, once `action` is allowed.
async fn load_job(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    job_id: &str,
) -> IamResult<(JobRow, Report)> {
    if job_id.chars().count() != 36 {
        return Err(IamError::constraint(
            "jobId",
            job_id,
            "Member must have length less than or equal to 36 and greater than or equal to 36",
        ));
    }
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, action, "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = store::access_advisor_jobs::find(&mut conn, account_id, job_id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| IamError::no_such_entity(format!("No job found with ID {job_id}.")))?;
    let report: Report =
        serde_json::from_str(&row.report).map_err(|_| IamError::service_failure())?;
    Ok((row, report))
}

fn details<T>(row: &JobRow, report: &Report, page: Page<T>) -> JobDetails<T> {
    JobDetails {
        granularity: report.granularity,
        created: timestamp(row.created_at),
        completed: timestamp(row.completed_at),
        page,
    }
}

/// `GetServiceLastAccessedDetails`: a page of the job's services, by namespace.
pub async fn get_service_last_accessed_details(
    ctx: &Ctx,
    principal: &Principal,
    job_id: &str,
    page: &PageRequest,
) -> IamResult<JobDetails<ServiceLastAccessed>> {
    const LIST: &str = "last-accessed";
    let limit = page.limit()?;
    let after = page.after(LIST)?;
    let (row, report) =
        load_job(ctx, principal, "iam:GetServiceLastAccessedDetails", job_id).await?;
    let rows: Vec<&ServiceReport> = report
        .services
        .iter()
        .filter(|s| after.as_deref().is_none_or(|a| s.namespace.as_str() > a))
        .take(limit as usize + 1)
        .collect();
    let page = paginate(
        rows,
        limit,
        LIST,
        |s| s.namespace.clone(),
        |s| {
            let latest = s.uses.iter().max_by_key(|(_, at)| *at);
            ServiceLastAccessed {
                name: service_reference::service(&s.namespace)
                    .map_or_else(|| s.namespace.clone(), |service| service.name.clone()),
                namespace: s.namespace.clone(),
                last_authenticated: latest.map(|(_, at)| timestamp(*at)),
                last_authenticated_entity: latest
                    .and_then(|(index, _)| report.entities.get(*index))
                    .map(|e| e.arn.clone()),
                total_authenticated_entities: s.uses.len(),
                tracked_actions: s.tracked.clone(),
            }
        },
    );
    Ok(details(&row, &report, page))
}

/// `GetServiceLastAccessedDetailsWithEntities`: a page of the job's users and roles, by ARN,
/// with when each last used the service (none when the target's policies do not allow it).
pub async fn get_service_last_accessed_details_with_entities(
    ctx: &Ctx,
    principal: &Principal,
    job_id: &str,
    namespace: &str,
    page: &PageRequest,
) -> IamResult<JobDetails<EntityDetails>> {
    const LIST: &str = "last-accessed-entities";
    validate_namespace("serviceNamespace", namespace)?;
    let limit = page.limit()?;
    let after = page.after(LIST)?;
    let (row, report) = load_job(
        ctx,
        principal,
        "iam:GetServiceLastAccessedDetailsWithEntities",
        job_id,
    )
    .await?;
    let Some(service) = report
        .services
        .iter()
        .find(|s| s.namespace.eq_ignore_ascii_case(namespace))
    else {
        let page = Page {
            items: Vec::new(),
            marker: None,
        };
        return Ok(details(&row, &report, page));
    };
    let mut rows: Vec<(usize, &EntityInfo)> = report
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| after.as_deref().is_none_or(|a| e.arn.as_str() > a))
        .collect();
    rows.sort_by(|a, b| a.1.arn.cmp(&b.1.arn));
    rows.truncate(limit as usize + 1);
    let page = paginate(
        rows,
        limit,
        LIST,
        |(_, e)| e.arn.clone(),
        |(index, e)| EntityDetails {
            entity: e.clone(),
            last_authenticated: service
                .uses
                .iter()
                .find(|(used_by, _)| *used_by == index)
                .map(|(_, at)| timestamp(*at)),
        },
    );
    Ok(details(&row, &report, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{RequestMeta, with_request};
    use crate::error::ErrorCode;
    use crate::model::audit::Channel;
    use crate::ops::attachments::attach_policy;
    use crate::ops::inline_policies::put_policy;
    use crate::ops::users::{self, CreateUserRequest};
    use crate::store::test_support::{test_account, test_ctx};

    #[test]
    fn requests_are_a_users_own_or_a_roles_sessions() {
        let role = EntityInfo {
            arn: "arn:aws:iam::123456789012:role/ops/deployer".into(),
            name: "deployer".into(),
            kind: "ROLE".into(),
            id: "AROAEXAMPLE".into(),
            path: "/ops/".into(),
        };
        let account = "123456789012";
        assert!(role.made(
            "arn:aws:sts::123456789012:assumed-role/deployer/ci",
            account
        ));
        assert!(!role.made(
            "arn:aws:sts::123456789012:assumed-role/deployer2/ci",
            account
        ));
        assert!(!role.made(
            "arn:aws:sts::210987654321:assumed-role/deployer/ci",
            account
        ));
        let user = EntityInfo {
            arn: "arn:aws:iam::123456789012:user/ann".into(),
            name: "ann".into(),
            kind: "USER".into(),
            id: "AIDAEXAMPLE".into(),
            path: "/".into(),
        };
        assert!(user.made("arn:aws:iam::123456789012:user/ann", account));
        assert!(!user.made("arn:aws:iam::123456789012:user/anna", account));
    }

    const IAM_AND_S3: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","s3:GetObject"],"Resource":"*"}]}"#;

    #[tokio::test]
    async fn a_job_reports_the_allowed_services_and_who_used_them_when() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let mut people = Vec::new();
        for name in ["ann", "bob"] {
            let request = CreateUserRequest {
                user_name: name.into(),
                ..Default::default()
            };
            people.push(users::create_user(&ctx, &root, request).await.unwrap());
        }
        crate::ops::groups::create_group(&ctx, &root, "ops", None)
            .await
            .unwrap();
        for name in ["ann", "bob"] {
            crate::ops::groups::add_user_to_group(&ctx, &root, "ops", name)
                .await
                .unwrap();
        }
        put_policy(&ctx, &root, EntityKind::Group, "ops", "get", IAM_AND_S3)
            .await
            .unwrap();
        let ec2 = "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess";
        attach_policy(&ctx, &root, EntityKind::User, "bob", ec2)
            .await
            .unwrap();
        let ann = Principal::User {
            account_id: account_id.clone(),
            user_id: people[0].user_id.clone(),
            name: "ann".into(),
            path: "/".into(),
        };
        let meta = RequestMeta {
            channel: Some(Channel::Api),
            audit: Some(ctx.audit.clone()),
            ..RequestMeta::default()
        };
        with_request(meta, async {
            users::get_user(&ctx, &ann, Some("bob")).await.unwrap();
        })
        .await;

        // The group: its policy's services, and its members' use.
        let group_arn = format!("arn:aws:iam::{account_id}:group/ops");
        let job =
            generate_service_last_accessed_details(&ctx, &root, &group_arn, Some("ACTION_LEVEL"))
                .await
                .unwrap();
        assert_eq!(job.len(), 36);
        let all = PageRequest::default();
        let got = get_service_last_accessed_details(&ctx, &root, &job, &all)
            .await
            .unwrap();
        assert_eq!(got.granularity, Granularity::ActionLevel);
        let namespaces: Vec<&str> = got
            .page
            .items
            .iter()
            .map(|s| s.namespace.as_str())
            .collect();
        assert_eq!(namespaces, vec!["iam", "s3"]);
        let iam = &got.page.items[0];
        assert_eq!(iam.name, "AWS Identity and Access Management (IAM)");
        assert_eq!(
            iam.last_authenticated_entity.as_deref(),
            Some(people[0].arn.as_str())
        );
        assert!(iam.last_authenticated.is_some());
        assert_eq!(iam.total_authenticated_entities, 1);
        let tracked = iam.tracked_actions.clone().unwrap();
        assert_eq!(tracked[0].action_name, "GetUser");
        let s3 = &got.page.items[1];
        assert_eq!(
            (s3.last_authenticated, s3.total_authenticated_entities),
            (None, 0)
        );

        let one = PageRequest {
            max_items: Some(1),
            ..PageRequest::default()
        };
        let first = get_service_last_accessed_details_with_entities(&ctx, &root, &job, "iam", &one)
            .await
            .unwrap();
        assert_eq!(first.page.items[0].entity.name, "ann");
        assert!(first.page.items[0].last_authenticated.is_some());
        let next = PageRequest {
            marker: first.page.marker.clone(),
            ..PageRequest::default()
        };
        let second =
            get_service_last_accessed_details_with_entities(&ctx, &root, &job, "iam", &next)
                .await
                .unwrap();
        assert_eq!(second.page.items[0].entity.name, "bob");
        assert_eq!(second.page.items[0].last_authenticated, None);
        assert!(second.page.marker.is_none());

        // A user: its own and its groups' policies; a managed policy: its users' use.
        let bob = generate_service_last_accessed_details(&ctx, &root, &people[1].arn, None)
            .await
            .unwrap();
        let got = get_service_last_accessed_details(&ctx, &root, &bob, &all)
            .await
            .unwrap();
        let namespaces: Vec<&str> = got
            .page
            .items
            .iter()
            .map(|s| s.namespace.as_str())
            .collect();
        assert!(namespaces.contains(&"ec2") && namespaces.contains(&"iam"));
        assert!(got.page.items.iter().all(|s| s.tracked_actions.is_none()));
        let of_policy = generate_service_last_accessed_details(&ctx, &root, ec2, None)
            .await
            .unwrap();
        let entities =
            get_service_last_accessed_details_with_entities(&ctx, &root, &of_policy, "ec2", &all)
                .await
                .unwrap();
        let names: Vec<&str> = entities
            .page
            .items
            .iter()
            .map(|e| e.entity.name.as_str())
            .collect();
        assert_eq!(names, vec!["bob"]);

        let unknown = "00000000-0000-0000-0000-000000000000";
        let missing = get_service_last_accessed_details(&ctx, &root, unknown, &all).await;
        assert_eq!(missing.unwrap_err().code, ErrorCode::NoSuchEntity);
        let malformed = get_service_last_accessed_details(&ctx, &root, "no-such-job", &all).await;
        assert_eq!(malformed.unwrap_err().code, ErrorCode::ValidationError);
        let nobody = format!("arn:aws:iam::{account_id}:user/nobody");
        let err = generate_service_last_accessed_details(&ctx, &root, &nobody, None).await;
        assert_eq!(err.unwrap_err().code, ErrorCode::NoSuchEntity);
        let err =
            generate_service_last_accessed_details(&ctx, &root, &group_arn, Some("ALL")).await;
        assert_eq!(err.unwrap_err().code, ErrorCode::ValidationError);
        let err = generate_service_last_accessed_details(&ctx, &ann, &group_arn, None).await;
        assert_eq!(err.unwrap_err().code, ErrorCode::AccessDenied);
    }
}
