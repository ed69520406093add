//! Authorization of every operation by the policy engine.
//!
//! The root user may do anything in its own account. An IAM user's request is decided by
//! `iam::policy::eval` over the user's inline and attached policies and those of its groups,
//! capped by its permissions boundary, in a request context with AWS's global keys.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::SqliteConnection;

use crate::catalog;
use crate::error::{IamError, IamResult};
use crate::ops::Principal;
use crate::policy::context::RequestContext;
use crate::policy::eval::{Decision, ImplicitDenyReason, PolicySource, SourceKind, evaluate};
use crate::policy::{PolicyDocument, PolicyKind, parse_policy};
use crate::store::{self, db_error};

/// Condition keys an operation adds to the request context (`aws:RequestTag/…`,
/// `iam:PolicyARN`, …).
pub type ExtraKeys<'a> = &'a [(&'a str, Vec<String>)];

/// Authorizes `principal` to perform `action` on `resource` in `account_id`.
pub async fn authorize(
    conn: &mut SqliteConnection,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
) -> IamResult<()> {
    authorize_with(conn, principal, account_id, action, resource, &[]).await
}

/// As `authorize`, with operation-specific condition keys.
pub async fn authorize_with(
    conn: &mut SqliteConnection,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    extra: ExtraKeys<'_>,
) -> IamResult<()> {
    match principal {
        Principal::Root { account_id: own } if own == account_id => Ok(()),
        Principal::Root { .. } => Err(denied(
            principal,
            action,
            resource,
            ImplicitDenyReason::NoIdentityAllow,
        )),
        Principal::User {
            account_id: own, ..
        } if own != account_id => Err(denied(
            principal,
            action,
            resource,
            ImplicitDenyReason::NoIdentityAllow,
        )),
        Principal::User { user_id, .. } => {
            let policies = UserPolicies::load(conn, user_id).await?;
            let mut ctx = base_context(conn, principal, action, resource).await?;
            for (key, values) in extra {
                ctx.set_all(key, values.clone());
            }
            match policies.decide(&ctx) {
                Decision::Allowed => Ok(()),
                Decision::ExplicitDeny => Err(explicit_deny(principal, action, resource)),
                Decision::ImplicitDeny(reason) => Err(denied(principal, action, resource, reason)),
            }
        }
    }
}

/// The global condition keys of a request by an IAM user.
async fn base_context(
    conn: &mut SqliteConnection,
    principal: &Principal,
    action: &str,
    resource: &str,
) -> IamResult<RequestContext> {
    let mut ctx = RequestContext::new(action, resource);
    let now = time::OffsetDateTime::now_utc();
    ctx.set("aws:CurrentTime", crate::ops::iso_time(now))
        .set("aws:EpochTime", now.unix_timestamp().to_string());
    let request = crate::context::current_request();
    ctx.set("aws:SecureTransport", request.secure_transport.to_string());
    if let Some(ip) = request.source_ip {
        ctx.set("aws:SourceIp", ip);
    }
    if let Some(agent) = request.user_agent {
        ctx.set("aws:UserAgent", agent);
    }
    if let Some(region) = request.requested_region {
        ctx.set("aws:RequestedRegion", region);
    }
    ctx.set("aws:PrincipalArn", principal.arn())
        .set("aws:PrincipalAccount", principal.account_id())
        .set("aws:userid", principal.user_id());
    if let Principal::User { user_id, name, .. } = principal {
        ctx.set("aws:username", name.clone())
            .set("aws:PrincipalType", "User");
        for tag in store::tags::list(conn, crate::ops::tags::USER, user_id)
            .await
            .map_err(db_error)?
        {
            ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value);
        }
    } else {
        ctx.set("aws:PrincipalType", "Account");
    }
    // A user as the target: its tags are the resource tags.
    let user_prefix = format!("arn:aws:iam::{}:user/", principal.account_id());
    if let Some(path_and_name) = resource.strip_prefix(&user_prefix) {
        let name = path_and_name.rsplit('/').next().unwrap_or(path_and_name);
        if let Some(target) = store::users::find_by_name(conn, principal.account_id(), name)
            .await
            .map_err(db_error)?
        {
            for tag in store::tags::list(conn, crate::ops::tags::USER, &target.id)
                .await
                .map_err(db_error)?
            {
                ctx.set(&format!("aws:ResourceTag/{}", tag.key), tag.value.clone());
                ctx.set(&format!("iam:ResourceTag/{}", tag.key), tag.value);
            }
        }
    }
    Ok(ctx)
}

/// A parsed policy and where it came from.
struct Loaded {
    id: String,
    kind: SourceKind,
    document: Arc<PolicyDocument>,
}

/// Every policy that governs one user.
struct UserPolicies {
    identity: Vec<Loaded>,
    boundary: Option<Loaded>,
}

impl UserPolicies {
    async fn load(conn: &mut SqliteConnection, user_id: &str) -> IamResult<Self> {
        let mut identity = Vec::new();
        for (name, document) in store::inline_policies::all(conn, "user", user_id)
            .await
            .map_err(db_error)?
        {
            push_parsed(&mut identity, name, SourceKind::User, &document);
        }
        for arn in store::attachments::list_for(conn, "user", user_id, None, 1000)
            .await
            .map_err(db_error)?
        {
            if let Some(loaded) = managed(conn, &arn).await? {
                identity.push(loaded);
            }
        }
        for group in store::groups::list_for_user(conn, user_id, None, 1000)
            .await
            .map_err(db_error)?
        {
            for (name, document) in store::inline_policies::all(conn, "group", &group.id)
                .await
                .map_err(db_error)?
            {
                push_parsed(&mut identity, name, SourceKind::Group, &document);
            }
            for arn in store::attachments::list_for(conn, "group", &group.id, None, 1000)
                .await
                .map_err(db_error)?
            {
                if let Some(loaded) = managed(conn, &arn).await? {
                    identity.push(loaded);
                }
            }
        }
        let boundary_arn = store::users::find_by_id(conn, user_id)
            .await
            .map_err(db_error)?
            .and_then(|u| u.permissions_boundary);
        let boundary = match boundary_arn {
            Some(arn) => managed(conn, &arn).await?.map(|l| Loaded {
                kind: SourceKind::Boundary,
                ..l
            }),
            None => None,
        };
        Ok(Self { identity, boundary })
    }

    fn decide(&self, ctx: &RequestContext) -> Decision {
        let identity: Vec<PolicySource<'_>> = self.identity.iter().map(Loaded::source).collect();
        let boundary = self.boundary.as_ref().map(Loaded::source);
        evaluate(&identity, boundary.as_ref(), &[], ctx).decision
    }
}

impl Loaded {
    fn source(&self) -> PolicySource<'_> {
        PolicySource {
            id: self.id.clone(),
            kind: self.kind,
            document: &self.document,
        }
    }
}

fn push_parsed(into: &mut Vec<Loaded>, id: String, kind: SourceKind, document: &str) {
    match parse_policy(document, PolicyKind::Inline) {
        Ok(parsed) => into.push(Loaded {
            id,
            kind,
            document: Arc::new(parsed),
        }),
        Err(err) => {
            tracing::warn!(policy = %id, error = %err.message, "a stored policy no longer parses; it is ignored")
        }
    }
}

/// The default version of a managed policy, parsed. AWS managed documents are parsed once.
async fn managed(conn: &mut SqliteConnection, arn: &str) -> IamResult<Option<Loaded>> {
    if arn.starts_with("arn:aws:iam::aws:") {
        static PARSED: OnceLock<Mutex<HashMap<String, Arc<PolicyDocument>>>> = OnceLock::new();
        let cache = PARSED.get_or_init(Default::default);
        if let Some(document) = cache.lock().ok().and_then(|c| c.get(arn).cloned()) {
            return Ok(Some(Loaded {
                id: arn.to_owned(),
                kind: SourceKind::AwsManaged,
                document,
            }));
        }
        let Some(policy) = catalog::aws_managed_policy(arn) else {
            return Ok(None);
        };
        let Ok(parsed) = parse_policy(&policy.document, PolicyKind::Inline) else {
            return Ok(None);
        };
        let document = Arc::new(parsed);
        if let Ok(mut c) = cache.lock() {
            c.insert(arn.to_owned(), document.clone());
        }
        return Ok(Some(Loaded {
            id: arn.to_owned(),
            kind: SourceKind::AwsManaged,
            document,
        }));
    }
    let Some(policy) = store::policies::find_by_arn(conn, arn)
        .await
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    let versions = store::policies::versions(conn, &policy.id)
        .await
        .map_err(db_error)?;
    let Some(default) = versions
        .into_iter()
        .find(|v| v.version == policy.default_version)
    else {
        return Ok(None);
    };
    let mut loaded = Vec::new();
    push_parsed(
        &mut loaded,
        arn.to_owned(),
        SourceKind::UserManaged,
        &default.document,
    );
    Ok(loaded.pop())
}

/// AWS's message for a request no policy allows.
pub fn denied(
    principal: &Principal,
    action: &str,
    resource: &str,
    reason: ImplicitDenyReason,
) -> IamError {
    let which = match reason {
        ImplicitDenyReason::NoIdentityAllow => "identity-based policy",
        ImplicitDenyReason::NoBoundaryAllow => "permissions boundary",
        ImplicitDenyReason::NoSessionAllow => "session policy",
    };
    IamError::access_denied(format!(
        "User: {} is not authorized to perform: {action} on resource: {resource} because no {which} allows the {action} action",
        principal.arn()
    ))
}

/// AWS's message for a request a policy denies.
pub fn explicit_deny(principal: &Principal, action: &str, resource: &str) -> IamError {
    IamError::access_denied(format!(
        "User: {} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy",
        principal.arn()
    ))
}

/// `authorize` on a connection of its own, for operations that hold none yet.
pub async fn authorize_now(
    ctx: &crate::context::Ctx,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
) -> IamResult<()> {
    authorize_now_with(ctx, principal, account_id, action, resource, &[]).await
}

/// `authorize_with` on a connection of its own.
pub async fn authorize_now_with(
    ctx: &crate::context::Ctx,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    extra: ExtraKeys<'_>,
) -> IamResult<()> {
    if matches!(principal, Principal::Root { account_id: own } if own == account_id) {
        return Ok(());
    }
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    authorize_with(&mut conn, principal, account_id, action, resource, extra).await
}

/// `aws:RequestTag/<key>` for each tag and `aws:TagKeys`, for requests that carry tags.
pub fn request_tag_keys(tags: &[crate::model::tags::Tag]) -> Vec<(String, Vec<String>)> {
    let mut keys: Vec<(String, Vec<String>)> = tags
        .iter()
        .map(|t| (format!("aws:RequestTag/{}", t.key), vec![t.value.clone()]))
        .collect();
    keys.push((
        "aws:TagKeys".to_owned(),
        tags.iter().map(|t| t.key.clone()).collect(),
    ));
    keys
}

/// Borrows owned keys as `ExtraKeys`.
pub fn as_extra(keys: &[(String, Vec<String>)]) -> Vec<(&str, Vec<String>)> {
    keys.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::attachments::{EntityKind, attach_policy};
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::ops::{boundaries, groups, inline_policies};
    use crate::store::test_support::{test_account, test_ctx};

    async fn bob(ctx: &crate::context::Ctx) -> (Principal, Principal) {
        let account_id = test_account(ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let user = create_user(
            ctx,
            &root,
            CreateUserRequest {
                user_name: "bob".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let bob = Principal::User {
            account_id,
            user_id: user.user_id,
            name: user.user_name,
            path: user.path,
        };
        (root, bob)
    }

    async fn check(
        ctx: &crate::context::Ctx,
        who: &Principal,
        action: &str,
        resource: &str,
    ) -> Result<(), IamError> {
        authorize_now(ctx, who, who.account_id(), action, resource).await
    }

    #[tokio::test]
    async fn root_may_act_in_its_own_account_only() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, _) = bob(&ctx).await;
        let mut conn = ctx.pool.acquire().await.unwrap();
        assert!(
            authorize(&mut conn, &root, root.account_id(), "iam:CreateUser", "*")
                .await
                .is_ok()
        );
        assert!(
            authorize(&mut conn, &root, "222222222222", "iam:CreateUser", "*")
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn users_are_decided_by_their_policies_and_groups() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, bob) = bob(&ctx).await;
        let me = format!("arn:aws:iam::{}:user/bob", bob.account_id());
        let err = check(&ctx, &bob, "iam:ListUsers", "*").await.unwrap_err();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert_eq!(
            err.message,
            format!(
                "User: {me} is not authorized to perform: iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers action"
            )
        );

        attach_policy(
            &ctx,
            &root,
            EntityKind::User,
            "bob",
            "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
        )
        .await
        .unwrap();
        assert!(check(&ctx, &bob, "iam:ListUsers", "*").await.is_ok());
        assert!(check(&ctx, &bob, "iam:CreateUser", &me).await.is_err());

        groups::create_group(&ctx, &root, "writers", None)
            .await
            .unwrap();
        groups::add_user_to_group(&ctx, &root, "writers", "bob")
            .await
            .unwrap();
        let allow_create = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}]}"#;
        inline_policies::put_policy(
            &ctx,
            &root,
            EntityKind::Group,
            "writers",
            "create",
            allow_create,
        )
        .await
        .unwrap();
        assert!(check(&ctx, &bob, "iam:CreateUser", &me).await.is_ok());

        let deny_self = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::User, "bob", "no-self", deny_self)
            .await
            .unwrap();
        let err = check(&ctx, &bob, "iam:CreateUser", &me).await.unwrap_err();
        assert!(
            err.message
                .ends_with("with an explicit deny in an identity-based policy"),
            "{}",
            err.message
        );
        assert!(
            check(&ctx, &bob, "iam:CreateUser", "arn:aws:iam::123:user/other")
                .await
                .is_ok()
        );

        boundaries::put_user_permissions_boundary(
            &ctx,
            &root,
            "bob",
            "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
        )
        .await
        .unwrap();
        let err = check(&ctx, &bob, "iam:CreateUser", "arn:aws:iam::123:user/other")
            .await
            .unwrap_err();
        assert!(
            err.message
                .ends_with("because no permissions boundary allows the iam:CreateUser action"),
            "{}",
            err.message
        );
        assert!(check(&ctx, &bob, "iam:ListUsers", "*").await.is_ok());
    }
}
