//! `ListPoliciesGrantingServiceAccess`: for each service namespace asked about, the identity
//! policies of a user (with its groups'), group or role that allow some action of the service.

use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::ops::attachments::{Entity, EntityKind, load_entity_by_arn};
use crate::ops::{Principal, authz};
use crate::policy::matching::glob;
use crate::policy::{Effect, PolicyDocument, PolicyKind, parse_policy};
use crate::store::{self, db_error};

/// AWS's limit on the namespaces of one request.
pub const MAX_NAMESPACES: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantingPolicyType {
    Inline,
    Managed,
}

impl GrantingPolicyType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inline => "INLINE",
            Self::Managed => "MANAGED",
        }
    }
}

/// A policy that allows some action of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantingPolicy {
    pub policy_name: String,
    pub policy_type: GrantingPolicyType,
    /// Managed policies only.
    pub policy_arn: Option<String>,
    /// The user, group or role an inline policy belongs to.
    pub entity: Option<(EntityKind, String)>,
}

/// The policies granting one service namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceGrants {
    pub namespace: String,
    pub policies: Vec<GrantingPolicy>,
}

/// A policy of the entity, with its document.
pub(crate) struct Held {
    pub(crate) policy: GrantingPolicy,
    pub(crate) document: PolicyDocument,
}

fn validate_namespaces(namespaces: &[String]) -> IamResult<()> {
    if namespaces.is_empty() || namespaces.len() > MAX_NAMESPACES {
        return Err(IamError::validation(format!(
            "1 validation error detected: Value at 'serviceNamespaces' failed to satisfy constraint: Member must have length less than or equal to {MAX_NAMESPACES} and greater than or equal to 1"
        )));
    }
    for namespace in namespaces {
        validate_namespace("serviceNamespaces", namespace)?;
    }
    Ok(())
}

/// A service namespace as requests name one: 1–64 word characters or hyphens.
pub(crate) fn validate_namespace(member: &str, namespace: &str) -> IamResult<()> {
    let valid = (1..=64).contains(&namespace.len())
        && namespace
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(IamError::constraint(
            member,
            namespace,
            "Member must have length less than or equal to 64 and satisfy regular expression pattern: [\\w-]*",
        ))
    }
}

/// Whether an `Action` or `NotAction` pattern covers actions of the service `namespace`.
fn covers(pattern: &str, namespace: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    pattern
        .split_once(':')
        .is_some_and(|(service, _)| glob(service, namespace, true))
}

/// Whether a `NotAction` pattern leaves out every action of the service.
fn excludes_all(pattern: &str, namespace: &str) -> bool {
    pattern == "*"
        || pattern
            .split_once(':')
            .is_some_and(|(service, action)| action == "*" && glob(service, namespace, true))
}

/// Whether the document allows some action of the service.
pub fn grants(document: &PolicyDocument, namespace: &str) -> bool {
    document
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .any(|s| {
            let patterns = &s.action.values;
            if s.action.negated {
                !patterns.iter().any(|p| excludes_all(p, namespace))
            } else {
                patterns.iter().any(|p| covers(p, namespace))
            }
        })
}

/// The inline and attached policies of one user, group or role.
async fn held_by(
    conn: &mut SqliteConnection,
    kind: EntityKind,
    id: &str,
    name: &str,
    out: &mut Vec<Held>,
) -> IamResult<()> {
    for (policy_name, text) in store::inline_policies::all(conn, kind.table_name(), id)
        .await
        .map_err(db_error)?
    {
        if let Ok(document) = parse_policy(&text, PolicyKind::Inline) {
            out.push(Held {
                policy: GrantingPolicy {
                    policy_name,
                    policy_type: GrantingPolicyType::Inline,
                    policy_arn: None,
                    entity: Some((kind, name.to_owned())),
                },
                document,
            });
        }
    }
    for arn in store::attachments::list_for(conn, kind.table_name(), id, None, 1000)
        .await
        .map_err(db_error)?
    {
        if let Some(loaded) = authz::managed(conn, &arn).await? {
            out.push(Held {
                policy: GrantingPolicy {
                    policy_name: arn.rsplit('/').next().unwrap_or(&arn).to_owned(),
                    policy_type: GrantingPolicyType::Managed,
                    policy_arn: Some(arn.clone()),
                    entity: None,
                },
                document: (*loaded.document).clone(),
            });
        }
    }
    Ok(())
}

/// The identity policies of a user (with its groups'), group or role.
pub(crate) async fn identity_policies(
    conn: &mut SqliteConnection,
    kind: EntityKind,
    entity: &Entity,
) -> IamResult<Vec<Held>> {
    let mut held = Vec::new();
    held_by(conn, kind, &entity.id, &entity.name, &mut held).await?;
    if kind == EntityKind::User {
        for group in store::groups::list_for_user(conn, &entity.id, None, 1000)
            .await
            .map_err(db_error)?
        {
            held_by(conn, EntityKind::Group, &group.id, &group.name, &mut held).await?;
        }
    }
    Ok(held)
}

pub async fn list_policies_granting_service_access(
    ctx: &Ctx,
    principal: &Principal,
    entity_arn: &str,
    namespaces: &[String],
) -> IamResult<Vec<ServiceGrants>> {
    validate_namespaces(namespaces)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListPoliciesGrantingServiceAccess",
        entity_arn,
    )
    .await?;
    let (kind, entity) = load_entity_by_arn(&mut conn, account_id, entity_arn).await?;
    let mut held = Vec::new();
    held_by(&mut conn, kind, &entity.id, &entity.name, &mut held).await?;
    if kind == EntityKind::User {
        for group in store::groups::list_for_user(&mut conn, &entity.id, None, 1000)
            .await
            .map_err(db_error)?
        {
            held_by(
                &mut conn,
                EntityKind::Group,
                &group.id,
                &group.name,
                &mut held,
            )
            .await?;
        }
    }
    Ok(namespaces
        .iter()
        .map(|namespace| ServiceGrants {
            namespace: namespace.clone(),
            policies: held
                .iter()
                .filter(|h| grants(&h.document, namespace))
                .map(|h| h.policy.clone())
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::store::test_support::{test_account, test_ctx};

    fn document(statements: &str) -> PolicyDocument {
        parse_policy(
            &format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#),
            PolicyKind::Inline,
        )
        .unwrap()
    }

    #[test]
    fn a_document_grants_a_service_through_allowed_actions_only() {
        let s3 = document(r#"{"Effect":"Allow","Action":["S3:Get*"],"Resource":"*"}"#);
        assert!(grants(&s3, "s3"));
        assert!(!grants(&s3, "ec2"));
        let wildcard = document(r#"{"Effect":"Allow","Action":"ec*:Describe*","Resource":"*"}"#);
        assert!(grants(&wildcard, "ec2") && grants(&wildcard, "ecs"));
        let all = document(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#);
        assert!(grants(&all, "iam"));
        let denied = document(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
        assert!(!grants(&denied, "s3"));
        let but_iam =
            document(r#"{"Effect":"Allow","NotAction":["iam:*","s3:Delete*"],"Resource":"*"}"#);
        assert!(!grants(&but_iam, "iam"));
        assert!(grants(&but_iam, "s3") && grants(&but_iam, "ec2"));
    }

    #[tokio::test]
    async fn a_users_own_and_group_policies_are_listed_per_service() {
        use crate::ops::attachments::{EntityKind, attach_policy};
        use crate::ops::inline_policies::put_policy;
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let ann = crate::ops::users::CreateUserRequest {
            user_name: "ann".into(),
            ..Default::default()
        };
        let ann = crate::ops::users::create_user(&ctx, &root, ann)
            .await
            .unwrap();
        crate::ops::groups::create_group(&ctx, &root, "ops", None)
            .await
            .unwrap();
        crate::ops::groups::add_user_to_group(&ctx, &root, "ops", "ann")
            .await
            .unwrap();
        put_policy(
            &ctx,
            &root,
            EntityKind::User,
            "ann",
            "own-s3",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let ec2 = "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess";
        attach_policy(&ctx, &root, EntityKind::Group, "ops", ec2)
            .await
            .unwrap();
        let namespaces = ["s3".to_owned(), "ec2".to_owned(), "kms".to_owned()];
        let grants = list_policies_granting_service_access(&ctx, &root, &ann.arn, &namespaces)
            .await
            .unwrap();
        let names: Vec<(&str, Vec<&str>)> = grants
            .iter()
            .map(|g| {
                let policies = g.policies.iter().map(|p| p.policy_name.as_str()).collect();
                (g.namespace.as_str(), policies)
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("s3", vec!["own-s3"]),
                ("ec2", vec!["AmazonEC2ReadOnlyAccess"]),
                ("kms", vec![]),
            ]
        );
        assert_eq!(
            grants[0].policies[0].entity,
            Some((EntityKind::User, "ann".to_owned()))
        );
        assert_eq!(grants[1].policies[0].policy_arn.as_deref(), Some(ec2));

        let group_arn = ann.arn.replace(":user/ann", ":group/ops");
        let of_group = list_policies_granting_service_access(&ctx, &root, &group_arn, &namespaces)
            .await
            .unwrap();
        assert!(of_group[0].policies.is_empty());
        assert_eq!(of_group[1].policies.len(), 1);

        let elsewhere = ann.arn.replace(":user/ann", ":user/nobody");
        let missing = list_policies_granting_service_access(&ctx, &root, &elsewhere, &namespaces)
            .await
            .unwrap_err();
        assert_eq!(missing.code, ErrorCode::NoSuchEntity);
        let policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        let wrong_kind =
            list_policies_granting_service_access(&ctx, &root, policy_arn, &namespaces)
                .await
                .unwrap_err();
        assert_eq!(wrong_kind.code, ErrorCode::InvalidInput);
        let none = list_policies_granting_service_access(&ctx, &root, &ann.arn, &[])
            .await
            .unwrap_err();
        assert_eq!(none.code, ErrorCode::ValidationError);
    }
}
