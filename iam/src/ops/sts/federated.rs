//! What the federation actions (`AssumeRoleWithWebIdentity`, `AssumeRoleWithSAML`) share once
//! the identity provider's proof is checked: the role's trust policy, evaluated for the
//! provider as a `Federated` principal under the identity's claims, then the role session.

use super::{AssumedRole, NewRoleSession, StoredTag, parse_role_arn, start_role_session};
use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::ops::authz::set_request_facts;
use crate::policy::context::RequestContext;
use crate::policy::trust::{TrustDecision, evaluate_federated_trust};
use crate::policy::{PolicyKind, parse_policy};
use crate::store::{self, db_error};

/// A federated identity asking for a role, its provider's proof already checked.
pub(super) struct FederatedIdentity<'a> {
    /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`.
    pub action: &'static str,
    pub role_arn: &'a str,
    pub session_name: &'a str,
    /// The provider's ARN: the trust policy's principal and `aws:FederatedProvider`.
    pub provider: &'a str,
    /// The identity's own condition keys (`<issuer>:sub`, `saml:aud`, …).
    pub claims: Vec<(String, String)>,
    pub tags: &'a [StoredTag],
    pub source_identity: Option<String>,
    pub duration: i64,
    pub policy: Option<&'a str>,
    pub policy_arns: &'a [String],
}

impl FederatedIdentity<'_> {
    fn not_authorized(&self) -> IamError {
        IamError::access_denied(format!("Not authorized to perform {}", self.action))
    }

    /// The request context the trust policy is evaluated in.
    fn trust_context(&self, now: i64) -> RequestContext {
        let mut ctx = RequestContext::new(self.action, self.role_arn);
        set_request_facts(&mut ctx, crate::ops::timestamp(now));
        ctx.set("aws:FederatedProvider", self.provider)
            .set("sts:RoleSessionName", self.session_name)
            .set("sts:DurationSeconds", self.duration.to_string());
        for (key, value) in &self.claims {
            ctx.set(key, value.clone());
        }
        if let Some(source) = &self.source_identity {
            ctx.set("sts:SourceIdentity", source.clone());
        }
        if !self.tags.is_empty() {
            for tag in self.tags {
                ctx.set(&format!("aws:RequestTag/{}", tag.key), tag.value.clone());
            }
            ctx.set_all(
                "aws:TagKeys",
                self.tags.iter().map(|t| t.key.clone()).collect(),
            );
            let transitive: Vec<String> = self
                .tags
                .iter()
                .filter(|t| t.transitive)
                .map(|t| t.key.clone())
                .collect();
            if !transitive.is_empty() {
                ctx.set_all("sts:TransitiveTagKeys", transitive);
            }
        }
        ctx
    }
}

/// Grants the role session if the role's trust policy allows the provider (and session tags,
/// when the identity carries any).
pub(super) async fn assume_as_federated(
    ctx: &Ctx,
    identity: FederatedIdentity<'_>,
) -> IamResult<AssumedRole> {
    let (role_account, role_name) = parse_role_arn(identity.role_arn)?;
    let mut tx = ctx.begin().await?;
    let role = store::roles::find_by_name(&mut tx, &role_account, &role_name)
        .await
        .map_err(db_error)?
        .filter(|r| arn::role_arn(&r.account_id, &r.path, &r.name) == identity.role_arn)
        .ok_or_else(|| identity.not_authorized())?;
    let request = identity.trust_context(ctx.now());
    let document = parse_policy(&role.trust_policy, PolicyKind::Trust)
        .map_err(|_| identity.not_authorized())?;
    let allows = |request: &RequestContext| {
        matches!(
            evaluate_federated_trust(&document, identity.provider, request),
            TrustDecision::Allowed { .. }
        )
    };
    if !allows(&request) {
        return Err(identity.not_authorized());
    }
    if !identity.tags.is_empty()
        && !allows(&request.for_request("sts:TagSession", identity.role_arn))
    {
        return Err(IamError::access_denied(
            "Not authorized to perform sts:TagSession",
        ));
    }
    start_role_session(
        ctx,
        tx,
        &role,
        NewRoleSession {
            session_name: identity.session_name,
            seconds: identity.duration,
            mfa_present: false,
            policy: identity.policy,
            policy_arns: identity.policy_arns,
            tags: identity.tags,
            source_identity: identity.source_identity,
        },
    )
    .await
}
