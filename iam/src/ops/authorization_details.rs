//! `GetAccountAuthorizationDetails`: every user, group and managed policy of the account with
//! the policies that apply to it, in one paginated snapshot.

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn::parse_policy_arn;
use crate::model::tags::Tag;
use crate::ops::attachments::AttachedPolicy;
use crate::ops::groups::Group;
use crate::ops::instance_profiles::InstanceProfile;
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::policies::{self, Policy, PolicyVersion};
use crate::ops::roles::{self, Role};
use crate::ops::users::User;
use crate::ops::{Principal, authz, tags};
use crate::store::{self, db_error};

/// The entity types `Filter` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityFilter {
    User,
    Role,
    Group,
    LocalManagedPolicy,
    AwsManagedPolicy,
}

impl EntityFilter {
    pub fn parse(value: &str) -> IamResult<Self> {
        match value {
            "User" => Ok(Self::User),
            "Role" => Ok(Self::Role),
            "Group" => Ok(Self::Group),
            "LocalManagedPolicy" => Ok(Self::LocalManagedPolicy),
            "AWSManagedPolicy" => Ok(Self::AwsManagedPolicy),
            other => Err(IamError::constraint(
                "filter",
                other,
                "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]",
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct UserDetail {
    pub user: User,
    /// `(name, document)` of the inline policies.
    pub inline_policies: Vec<(String, String)>,
    pub groups: Vec<String>,
    pub attached: Vec<AttachedPolicy>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone)]
pub struct GroupDetail {
    pub group: Group,
    pub inline_policies: Vec<(String, String)>,
    pub attached: Vec<AttachedPolicy>,
}

#[derive(Debug, Clone)]
pub struct RoleDetail {
    pub role: Role,
    pub inline_policies: Vec<(String, String)>,
    pub attached: Vec<AttachedPolicy>,
    pub instance_profiles: Vec<InstanceProfile>,
}

#[derive(Debug, Clone)]
pub struct PolicyDetail {
    pub policy: Policy,
    pub versions: Vec<PolicyVersion>,
}

/// One entry of the snapshot, in the order pages cut it.
#[derive(Debug, Clone)]
pub enum Detail {
    User(Box<UserDetail>),
    Group(Box<GroupDetail>),
    Role(Box<RoleDetail>),
    Policy(Box<PolicyDetail>),
}

async fn attached(
    conn: &mut sqlx::SqliteConnection,
    entity_type: &str,
    entity_id: &str,
) -> IamResult<Vec<AttachedPolicy>> {
    let arns = store::attachments::list_for(conn, entity_type, entity_id, None, 1000)
        .await
        .map_err(db_error)?;
    Ok(arns
        .into_iter()
        .filter_map(|policy_arn| {
            parse_policy_arn(&policy_arn).ok().map(|p| AttachedPolicy {
                policy_name: p.name,
                policy_arn,
            })
        })
        .collect())
}

pub async fn get_account_authorization_details(
    ctx: &Ctx,
    principal: &Principal,
    filter: &[EntityFilter],
    page: &PageRequest,
) -> IamResult<Page<Detail>> {
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:GetAccountAuthorizationDetails",
        "*",
    )
    .await?;
    let limit = page.limit()?;
    let start: usize = page
        .after("authorization-details")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let wants = |f: EntityFilter| filter.is_empty() || filter.contains(&f);
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let mut details = Vec::new();
    if wants(EntityFilter::User) {
        for row in store::users::list(&mut conn, account_id, "/", None, u32::MAX)
            .await
            .map_err(db_error)?
        {
            let inline_policies = store::inline_policies::all(&mut conn, "user", &row.id)
                .await
                .map_err(db_error)?;
            let groups = store::groups::list_for_user(&mut conn, &row.id, None, 1000)
                .await
                .map_err(db_error)?;
            let attached = attached(&mut conn, "user", &row.id).await?;
            let user_tags = store::tags::list(&mut conn, tags::USER, &row.id)
                .await
                .map_err(db_error)?;
            details.push(Detail::User(Box::new(UserDetail {
                user: User::from(row),
                inline_policies,
                groups: groups.into_iter().map(|g| g.name).collect(),
                attached,
                tags: user_tags,
            })));
        }
    }
    if wants(EntityFilter::Group) {
        for row in store::groups::list(&mut conn, account_id, "/", None, u32::MAX)
            .await
            .map_err(db_error)?
        {
            let inline_policies = store::inline_policies::all(&mut conn, "group", &row.id)
                .await
                .map_err(db_error)?;
            let attached = attached(&mut conn, "group", &row.id).await?;
            details.push(Detail::Group(Box::new(GroupDetail {
                group: Group::from(row),
                inline_policies,
                attached,
            })));
        }
    }
    if wants(EntityFilter::Role) {
        for row in store::roles::list(&mut conn, account_id, "/", None, u32::MAX)
            .await
            .map_err(db_error)?
        {
            let inline_policies = store::inline_policies::all(&mut conn, "role", &row.id)
                .await
                .map_err(db_error)?;
            let attached = attached(&mut conn, "role", &row.id).await?;
            let role_tags = store::tags::list(&mut conn, roles::ROLE, &row.id)
                .await
                .map_err(db_error)?;
            let profiles = store::instance_profiles::list_for_role(&mut conn, &row.id, None, 1000)
                .await
                .map_err(db_error)?
                .into_iter()
                .map(|p| InstanceProfile {
                    arn: crate::model::arn::instance_profile_arn(&p.account_id, &p.path, &p.name),
                    path: p.path,
                    instance_profile_name: p.name,
                    instance_profile_id: p.id,
                    create_date: crate::ops::timestamp(p.created_at),
                    roles: Vec::new(),
                    tags: Vec::new(),
                })
                .collect();
            details.push(Detail::Role(Box::new(RoleDetail {
                role: Role {
                    tags: role_tags,
                    ..Role::from(row)
                },
                inline_policies,
                attached,
                instance_profiles: profiles,
            })));
        }
    }
    drop(conn);
    let mut policy_arns = Vec::new();
    if wants(EntityFilter::LocalManagedPolicy) {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        let local = store::policies::list(&mut conn, account_id, "/", "")
            .await
            .map_err(db_error)?;
        policy_arns.extend(local.into_iter().map(|p| p.arn));
    }
    if wants(EntityFilter::AwsManagedPolicy) {
        // AWS lists only the AWS managed policies something in the account uses.
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        let mut used: Vec<String> = store::attachments::attached_arns(&mut conn, account_id)
            .await
            .map_err(db_error)?
            .into_iter()
            .filter(|arn| arn.starts_with("arn:aws:iam::aws:"))
            .collect();
        used.sort();
        policy_arns.extend(used);
    }
    for arn in policy_arns {
        let policy = policies::describe(ctx, account_id, &arn).await?;
        let versions = policies::versions_with_documents(ctx, account_id, &arn).await?;
        details.push(Detail::Policy(Box::new(PolicyDetail { policy, versions })));
    }
    let rows: Vec<(usize, Detail)> = details
        .into_iter()
        .enumerate()
        .skip(start)
        .take(limit as usize + 1)
        .collect();
    Ok(paginate(
        rows,
        limit,
        "authorization-details",
        |(i, _)| (i + 1).to_string(),
        |(_, d)| d,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::attachments::{EntityKind, attach_policy};
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::ops::{groups, inline_policies};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn snapshot_holds_users_groups_and_used_policies() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "det".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        groups::create_group(&ctx, &root, "detg", None)
            .await
            .unwrap();
        groups::add_user_to_group(&ctx, &root, "detg", "det")
            .await
            .unwrap();
        attach_policy(
            &ctx,
            &root,
            EntityKind::User,
            "det",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        )
        .await
        .unwrap();
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::Group, "detg", "s3", doc)
            .await
            .unwrap();

        let all = get_account_authorization_details(&ctx, &root, &[], &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.items.len(), 3);
        let Detail::User(user) = &all.items[0] else {
            panic!("user first")
        };
        assert_eq!(
            (user.groups.as_slice(), user.attached.len()),
            (&["detg".to_string()][..], 1)
        );
        let Detail::Group(group) = &all.items[1] else {
            panic!("group second")
        };
        assert_eq!(group.inline_policies[0].0, "s3");
        let Detail::Policy(policy) = &all.items[2] else {
            panic!("policy last")
        };
        assert_eq!(policy.policy.policy_name, "ReadOnlyAccess");
        assert!(policy.versions[0].document.contains("Statement"));

        let first = get_account_authorization_details(
            &ctx,
            &root,
            &[],
            &PageRequest {
                marker: None,
                max_items: Some(2),
            },
        )
        .await
        .unwrap();
        assert_eq!(first.items.len(), 2);
        let rest = get_account_authorization_details(
            &ctx,
            &root,
            &[],
            &PageRequest {
                marker: first.marker,
                max_items: Some(2),
            },
        )
        .await
        .unwrap();
        assert_eq!(rest.items.len(), 1);
        let only_groups = get_account_authorization_details(
            &ctx,
            &root,
            &[EntityFilter::Group],
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(only_groups.items.len(), 1);
    }
}
