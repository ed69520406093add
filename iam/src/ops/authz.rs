//! Authorization of every operation by the policy engine.
//!
//! The root user may do anything in its own account. An IAM user's request is decided by
//! `iam::policy::eval` over the user's inline and attached policies and those of its groups,
//! capped by its permissions boundary, in a request context with AWS's global keys; a role
//! session's by its role's policies and boundary, capped by its session policies; a federated
//! user's by the policies of the user who issued it, capped by its session policies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::SqliteConnection;

use crate::cache::PolicyOwner;
use crate::catalog;
use crate::error::{IamError, IamResult};
use crate::model::tags::Tag;
use crate::ops::Principal;
use crate::policy::context::RequestContext;
use crate::policy::eval::{
    Decision, Evaluation, ImplicitDenyReason, PolicySource, SourceKind, decision, evaluate,
};
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
    authorize_on(
        &mut Conn::Held(conn),
        principal,
        account_id,
        action,
        resource,
        extra,
    )
    .await
}

/// Decides, records the decision in the audit trail and answers it as an error if denied.
async fn authorize_on(
    conn: &mut Conn<'_>,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    extra: ExtraKeys<'_>,
) -> IamResult<()> {
    let outcome = match decide(conn, principal, account_id, action, resource, extra).await? {
        Decision::Allowed => Ok(()),
        Decision::ExplicitDeny => Err(explicit_deny(principal, action, resource)),
        Decision::ImplicitDeny(reason) => Err(denied(principal, action, resource, reason)),
    };
    record(principal, account_id, action, resource, &outcome);
    outcome
}

/// Records a decision in the audit trail of the request being served, if any.
fn record(
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    outcome: &IamResult<()>,
) {
    if let Some(log) = crate::context::current_request().audit {
        log.decision(crate::audit::Decision {
            account_id,
            principal_arn: &principal.arn(),
            action,
            resource,
            denial: outcome.as_ref().err().map(|e| e.message.as_str()),
        });
    }
}

/// The policy engine's decision on one request of `principal`.
pub(crate) async fn decide(
    conn: &mut Conn<'_>,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    extra: ExtraKeys<'_>,
) -> IamResult<Decision> {
    if principal.account_id() != account_id {
        return Ok(Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow));
    }
    if !credential_may_call(principal, action) {
        return Ok(Decision::ImplicitDeny(ImplicitDenyReason::NoSessionAllow));
    }
    if principal.is_root() {
        return Ok(Decision::Allowed);
    }
    let policies = PrincipalPolicies::load_shared(conn, principal).await?;
    let mut ctx = request_context(conn, principal, action, resource, Some(&policies)).await?;
    for (key, values) in extra {
        ctx.set_all(key, values.clone());
    }
    Ok(policies.decide(&ctx))
}

/// Many decisions for one principal (a console list's optional columns): its policies are
/// loaded once.
pub(crate) struct Authorizer<'p> {
    principal: &'p Principal,
    policies: Option<Arc<PrincipalPolicies>>,
}

impl<'p> Authorizer<'p> {
    pub(crate) fn new(principal: &'p Principal) -> Self {
        Self {
            principal,
            policies: None,
        }
    }

    /// Whether the principal may perform `action` on `resource` in its own account.
    pub(crate) async fn allows(
        &mut self,
        conn: &mut SqliteConnection,
        action: &str,
        resource: &str,
    ) -> IamResult<bool> {
        if self.principal.is_root()
            && crate::context::current_request()
                .temporary_credential
                .is_none()
        {
            return Ok(true);
        }
        let conn = &mut Conn::Held(conn);
        if self.policies.is_none() {
            self.policies = Some(PrincipalPolicies::load_shared(conn, self.principal).await?);
        }
        let ctx = request_context(
            conn,
            self.principal,
            action,
            resource,
            self.policies.as_deref(),
        )
        .await?;
        if !credential_may_call(self.principal, action) {
            return Ok(false);
        }
        Ok(self
            .policies
            .as_ref()
            .is_some_and(|p| p.decide(&ctx) == Decision::Allowed))
    }
}

/// What the kind of credential allows before any policy is read. Credentials from
/// `GetSessionToken` call IAM only when MFA was given, and of STS only `AssumeRole` and
/// `GetCallerIdentity`. A federated user calls no IAM action and of STS only
/// `GetCallerIdentity`, and has no permissions at all unless session policies were passed.
fn credential_may_call(principal: &Principal, action: &str) -> bool {
    let (service, name) = action.split_once(':').unwrap_or((action, ""));
    let is = |prefix: &str| service.eq_ignore_ascii_case(prefix);
    if let Principal::Federated(session) = principal {
        return if is("iam") {
            false
        } else if is("sts") {
            name.eq_ignore_ascii_case("GetCallerIdentity")
        } else {
            session.session_policy.is_some() || !session.policy_arns.is_empty()
        };
    }
    match crate::context::current_request().temporary_credential {
        Some(credential) if credential.from_session_token => {
            if is("iam") {
                credential.mfa_present
            } else if is("sts") {
                name.eq_ignore_ascii_case("AssumeRole")
                    || name.eq_ignore_ascii_case("GetCallerIdentity")
            } else {
                true
            }
        }
        _ => true,
    }
}

/// The keys every request carries whoever sends it: the time, and what the transport says
/// (`aws:SecureTransport`, `aws:SourceIp`, `aws:UserAgent`, `aws:RequestedRegion`).
pub(crate) fn set_request_facts(ctx: &mut RequestContext, now: time::OffsetDateTime) {
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
}

/// The request context of spec §4.5 for a request by a user or a role session. Tags are read
/// only when `policies` can use them (all of them without `policies`), the principal's from
/// `policies` when they were loaded with it.
pub(crate) async fn request_context(
    conn: &mut Conn<'_>,
    principal: &Principal,
    action: &str,
    resource: &str,
    policies: Option<&PrincipalPolicies>,
) -> IamResult<RequestContext> {
    let tag_use = policies.map_or(TagUse::ALL, PrincipalPolicies::tag_use);
    let known_tags = policies.and_then(|p| p.principal_tags.as_deref());
    let mut ctx = RequestContext::new(action, resource);
    let now = time::OffsetDateTime::now_utc();
    set_request_facts(&mut ctx, now);
    if let Some(credential) = crate::context::current_request().temporary_credential {
        ctx.set(
            "aws:TokenIssueTime",
            crate::ops::iso_time(crate::ops::timestamp(credential.issued_at)),
        )
        .set(
            "aws:MultiFactorAuthPresent",
            credential.mfa_present.to_string(),
        );
        // The MFA code was checked when the credential was issued.
        if credential.mfa_present {
            let age = (now.unix_timestamp() - credential.issued_at).max(0);
            ctx.set("aws:MultiFactorAuthAge", age.to_string());
        }
    }
    ctx.set("aws:PrincipalArn", principal.principal_arn())
        .set("aws:PrincipalAccount", principal.account_id())
        .set("aws:userid", principal.user_id());
    match principal {
        Principal::User { user_id, name, .. } => {
            ctx.set("aws:username", name.clone())
                .set("aws:PrincipalType", "User");
            if tag_use.principal {
                let tags =
                    principal_tags(conn, known_tags, crate::ops::tags::USER, user_id).await?;
                for tag in tags {
                    ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value);
                }
            }
        }
        Principal::Role(session) => {
            ctx.set("aws:PrincipalType", "AssumedRole");
            if tag_use.principal {
                let tags =
                    principal_tags(conn, known_tags, crate::ops::roles::ROLE, &session.role_id)
                        .await?;
                for tag in tags {
                    ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value);
                }
            }
            // Session tags override the role's tags of the same key.
            for tag in &session.session_tags {
                ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value.clone());
            }
        }
        Principal::Federated(session) => {
            ctx.set("aws:PrincipalType", "FederatedUser");
            if tag_use.principal
                && let Some(user_id) = &session.issuer_user_id
            {
                let tags =
                    principal_tags(conn, known_tags, crate::ops::tags::USER, user_id).await?;
                for tag in tags {
                    ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value);
                }
            }
            // Session tags override the issuing user's tags of the same key.
            for tag in &session.session_tags {
                ctx.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value.clone());
            }
        }
        Principal::Root { .. } => {
            ctx.set("aws:PrincipalType", "Account");
        }
    }
    if tag_use.resource {
        add_resource_tags(
            conn.get().await?,
            &mut ctx,
            principal.account_id(),
            resource,
        )
        .await?;
    }
    Ok(ctx)
}

/// The principal's own tags: those loaded with its policies, else from the store.
async fn principal_tags(
    conn: &mut Conn<'_>,
    known: Option<&[Tag]>,
    kind: &str,
    id: &str,
) -> IamResult<Vec<Tag>> {
    match known {
        Some(tags) => Ok(tags.to_vec()),
        None => store::tags::list(conn.get().await?, kind, id)
            .await
            .map_err(db_error),
    }
}

/// A user or role as the target: its tags are the resource tags.
async fn add_resource_tags(
    conn: &mut SqliteConnection,
    ctx: &mut RequestContext,
    account_id: &str,
    resource: &str,
) -> IamResult<()> {
    let name_after = |kind: &str| {
        resource
            .strip_prefix(&format!("arn:aws:iam::{account_id}:{kind}/"))
            .map(|rest| rest.rsplit('/').next().unwrap_or(rest).to_owned())
    };
    let target = if let Some(name) = name_after("user") {
        store::users::find_by_name(conn, account_id, &name)
            .await
            .map_err(db_error)?
            .map(|u| (crate::ops::tags::USER, u.id))
    } else if let Some(name) = name_after("role") {
        store::roles::find_by_name(conn, account_id, &name)
            .await
            .map_err(db_error)?
            .map(|r| (crate::ops::roles::ROLE, r.id))
    } else {
        None
    };
    if let Some((kind, id)) = target {
        for tag in store::tags::list(conn, kind, &id).await.map_err(db_error)? {
            ctx.set(&format!("aws:ResourceTag/{}", tag.key), tag.value.clone());
            ctx.set(&format!("iam:ResourceTag/{}", tag.key), tag.value);
        }
    }
    Ok(())
}

/// The session policies a session was given (`Policy` and `PolicyArns`).
#[derive(Clone, Copy)]
struct SessionPolicies<'p> {
    policy: Option<&'p str>,
    policy_arns: &'p [String],
}

impl<'p> SessionPolicies<'p> {
    /// Those of a role session that was given any, and those of every federated user: a
    /// federated user without session policies is refused before they are read.
    fn of(principal: &'p Principal) -> Option<Self> {
        match principal {
            Principal::Role(session)
                if session.session_policy.is_some() || !session.policy_arns.is_empty() =>
            {
                Some(Self {
                    policy: session.session_policy.as_deref(),
                    policy_arns: &session.policy_arns,
                })
            }
            Principal::Federated(session) => Some(Self {
                policy: session.session_policy.as_deref(),
                policy_arns: &session.policy_arns,
            }),
            _ => None,
        }
    }
}

/// A parsed policy and where it came from.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub(crate) id: String,
    pub(crate) kind: SourceKind,
    pub(crate) document: Arc<PolicyDocument>,
    /// The document as stored, for statement positions.
    pub(crate) text: Arc<str>,
    /// Which stored tags the document can read.
    pub(crate) tag_use: TagUse,
}

/// Which stored tags a decision may read: the principal's (`aws:PrincipalTag/…`) or the target
/// user's or role's (`aws:ResourceTag/…`, `iam:ResourceTag/…`), as condition keys or policy
/// variables. A request's context reads them from the store only when a policy can use them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TagUse {
    pub(crate) principal: bool,
    pub(crate) resource: bool,
}

impl TagUse {
    pub(crate) const ALL: Self = Self {
        principal: true,
        resource: true,
    };

    /// From a policy's text. Keys are case-insensitive, and a JSON `\u` escape could spell
    /// one, so a document with any escape counts as using both.
    pub(crate) fn of(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let escaped = lower.contains("\\u");
        Self {
            principal: escaped || lower.contains("principaltag/"),
            resource: escaped || lower.contains("resourcetag/"),
        }
    }

    fn or(self, other: Self) -> Self {
        Self {
            principal: self.principal || other.principal,
            resource: self.resource || other.resource,
        }
    }
}

/// Every policy that governs one principal.
#[derive(Default, Clone)]
pub(crate) struct PrincipalPolicies {
    pub(crate) identity: Vec<Loaded>,
    pub(crate) boundary: Option<Loaded>,
    pub(crate) session: Vec<Loaded>,
    /// The user's or role's own tags, loaded (and cached) with its policies when they can use
    /// them, so a request does not read them again.
    pub(crate) principal_tags: Option<Vec<Tag>>,
}

impl PrincipalPolicies {
    pub(crate) async fn load(
        conn: &mut SqliteConnection,
        principal: &Principal,
    ) -> IamResult<Self> {
        let own = match PolicyOwner::of(principal) {
            Some(owner) => Self::load_own(conn, &owner).await?,
            None if matches!(principal, Principal::Federated(_)) => Self::root_identity(),
            None => return Ok(Self::default()),
        };
        match SessionPolicies::of(principal) {
            Some(session) => own.with_session_policies(conn, session).await,
            None => Ok(own),
        }
    }

    /// What the root user may do, as an identity policy: a federated user of the root user is
    /// capped only by its session policies.
    fn root_identity() -> Self {
        const FULL_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let mut policies = Self::default();
        push_parsed(
            &mut policies.identity,
            "root user".to_owned(),
            SourceKind::User,
            FULL_ACCESS,
        );
        policies
    }

    /// As `load`, with the user's or role's own policies from the store's cache when the
    /// request has one and they are still current.
    pub(crate) async fn load_shared(
        conn: &mut Conn<'_>,
        principal: &Principal,
    ) -> IamResult<Arc<Self>> {
        let own = match PolicyOwner::of(principal) {
            Some(owner) => match crate::context::current_request().caches {
                Some(caches) => Self::load_cached(conn, &caches, owner).await?,
                None => Arc::new(Self::load_own(conn.get().await?, &owner).await?),
            },
            None if matches!(principal, Principal::Federated(_)) => Arc::new(Self::root_identity()),
            None => return Ok(Arc::default()),
        };
        match SessionPolicies::of(principal) {
            Some(session) => {
                let policies = (*own).clone();
                Ok(Arc::new(
                    policies
                        .with_session_policies(conn.get().await?, session)
                        .await?,
                ))
            }
            None => Ok(own),
        }
    }

    /// The owner's policies from the cache, or loaded and cached. Requests that miss together
    /// load once, except one that holds a connection already: waiting while holding it could
    /// leave the loader none to take from the pool.
    async fn load_cached(
        conn: &mut Conn<'_>,
        caches: &crate::cache::Caches,
        owner: PolicyOwner,
    ) -> IamResult<Arc<Self>> {
        let lookup = |caches: &crate::cache::Caches| {
            let version = caches.policy_version()?;
            Some((version, caches.policies.get(&owner, version)))
        };
        let Some((version, hit)) = lookup(caches) else {
            // A write transaction is open: its own decisions see its changes, uncached.
            return Ok(Arc::new(Self::load_own(conn.get().await?, &owner).await?));
        };
        if let Some(hit) = hit {
            return Ok(hit);
        }
        let (mut version, mut flight) = (version, None);
        if !conn.holds_connection() {
            let turn = caches.policy_loads.turn(&owner).await;
            // Whoever loaded while this request waited left the policies in the cache.
            match lookup(caches) {
                Some((_, Some(hit))) => return Ok(hit),
                Some((now, None)) => version = now,
                None => return Ok(Arc::new(Self::load_own(conn.get().await?, &owner).await?)),
            }
            turn.loading();
            flight = Some(turn);
        }
        let loaded = Arc::new(Self::load_own(conn.get().await?, &owner).await?);
        caches.policies.insert(owner, version, loaded.clone());
        // The waiters' turns begin now, and they find the entry.
        drop(flight);
        Ok(loaded)
    }

    async fn load_own(conn: &mut SqliteConnection, owner: &PolicyOwner) -> IamResult<Self> {
        match owner {
            PolicyOwner::User(user_id) => Self::load_user(conn, user_id).await,
            PolicyOwner::Role(role_id) => Self::load_role(conn, role_id).await,
        }
    }

    /// Adds a session's session policies (inline and managed ARNs).
    async fn with_session_policies(
        mut self,
        conn: &mut SqliteConnection,
        session: SessionPolicies<'_>,
    ) -> IamResult<Self> {
        if let Some(document) = session.policy {
            push_parsed(
                &mut self.session,
                "session policy".to_owned(),
                SourceKind::Session,
                document,
            );
        }
        for arn in session.policy_arns {
            if let Some(loaded) = managed(conn, arn).await? {
                self.session.push(Loaded {
                    kind: SourceKind::Session,
                    ..loaded
                });
            }
        }
        Ok(self)
    }

    /// The user's inline and attached policies, its groups' and its boundary.
    pub(crate) async fn load_user(conn: &mut SqliteConnection, user_id: &str) -> IamResult<Self> {
        let mut policies = Self::default();
        policies
            .add_entity(conn, "user", user_id, SourceKind::User)
            .await?;
        for group in store::groups::list_for_user(conn, user_id, None, 1000)
            .await
            .map_err(db_error)?
        {
            policies
                .add_entity(conn, "group", &group.id, SourceKind::Group)
                .await?;
        }
        let boundary_arn = store::users::find_by_id(conn, user_id)
            .await
            .map_err(db_error)?
            .and_then(|u| u.permissions_boundary);
        policies.set_boundary(conn, boundary_arn).await?;
        policies
            .load_principal_tags(conn, crate::ops::tags::USER, user_id)
            .await?;
        Ok(policies)
    }

    /// The role's inline and attached policies and its boundary.
    pub(crate) async fn load_role(conn: &mut SqliteConnection, role_id: &str) -> IamResult<Self> {
        let mut policies = Self::default();
        policies
            .add_entity(conn, "role", role_id, SourceKind::Role)
            .await?;
        let boundary_arn = store::roles::find_by_id(conn, role_id)
            .await
            .map_err(db_error)?
            .and_then(|r| r.permissions_boundary);
        policies.set_boundary(conn, boundary_arn).await?;
        policies
            .load_principal_tags(conn, crate::ops::roles::ROLE, role_id)
            .await?;
        Ok(policies)
    }

    /// Reads the owner's tags when its policies can use them.
    async fn load_principal_tags(
        &mut self,
        conn: &mut SqliteConnection,
        kind: &str,
        id: &str,
    ) -> IamResult<()> {
        if self.tag_use().principal {
            let tags = store::tags::list(conn, kind, id).await.map_err(db_error)?;
            self.principal_tags = Some(tags);
        }
        Ok(())
    }

    /// The inline and attached policies of one user, group or role.
    pub(crate) async fn add_entity(
        &mut self,
        conn: &mut SqliteConnection,
        entity_type: &str,
        entity_id: &str,
        inline_kind: SourceKind,
    ) -> IamResult<()> {
        for (name, document) in store::inline_policies::all(conn, entity_type, entity_id)
            .await
            .map_err(db_error)?
        {
            push_parsed(&mut self.identity, name, inline_kind, &document);
        }
        for arn in store::attachments::list_for(conn, entity_type, entity_id, None, 1000)
            .await
            .map_err(db_error)?
        {
            if let Some(loaded) = managed(conn, &arn).await? {
                self.identity.push(loaded);
            }
        }
        Ok(())
    }

    async fn set_boundary(
        &mut self,
        conn: &mut SqliteConnection,
        arn: Option<String>,
    ) -> IamResult<()> {
        self.boundary = match arn {
            Some(arn) => managed(conn, &arn).await?.map(|l| Loaded {
                kind: SourceKind::Boundary,
                ..l
            }),
            None => None,
        };
        Ok(())
    }

    pub(crate) fn evaluate(&self, ctx: &RequestContext) -> Evaluation {
        let identity: Vec<PolicySource<'_>> = self.identity.iter().map(Loaded::source).collect();
        let boundary = self.boundary.as_ref().map(Loaded::source);
        let session: Vec<PolicySource<'_>> = self.session.iter().map(Loaded::source).collect();
        evaluate(&identity, boundary.as_ref(), &session, ctx)
    }

    fn decide(&self, ctx: &RequestContext) -> Decision {
        decision(
            self.identity.iter().map(|l| &*l.document),
            self.boundary.as_ref().map(|l| &*l.document),
            self.session.iter().map(|l| &*l.document),
            ctx,
        )
    }

    /// Which stored tags any of the policies can read.
    pub(crate) fn tag_use(&self) -> TagUse {
        self.identity
            .iter()
            .chain(&self.boundary)
            .chain(&self.session)
            .fold(TagUse::default(), |used, loaded| used.or(loaded.tag_use))
    }
}

impl Loaded {
    pub(crate) fn new(
        id: String,
        kind: SourceKind,
        document: Arc<PolicyDocument>,
        text: Arc<str>,
    ) -> Self {
        Self {
            tag_use: TagUse::of(&text),
            id,
            kind,
            document,
            text,
        }
    }

    pub(crate) fn source(&self) -> PolicySource<'_> {
        PolicySource {
            id: self.id.clone(),
            kind: self.kind,
            document: &self.document,
        }
    }
}

pub(crate) fn push_parsed(into: &mut Vec<Loaded>, id: String, kind: SourceKind, document: &str) {
    match parse_policy(document, PolicyKind::Inline) {
        Ok(parsed) => into.push(Loaded::new(id, kind, Arc::new(parsed), Arc::from(document))),
        Err(err) => {
            tracing::warn!(policy = %id, error = %err.message, "a stored policy no longer parses; it is ignored")
        }
    }
}

/// The default version of a managed policy, parsed. AWS managed documents are parsed once.
pub(crate) async fn managed(conn: &mut SqliteConnection, arn: &str) -> IamResult<Option<Loaded>> {
    if arn.starts_with("arn:aws:iam::aws:") {
        type Parsed = (Arc<PolicyDocument>, Arc<str>);
        static PARSED: OnceLock<Mutex<HashMap<String, Parsed>>> = OnceLock::new();
        let cache = PARSED.get_or_init(Default::default);
        if let Some((document, text)) = cache.lock().ok().and_then(|c| c.get(arn).cloned()) {
            return Ok(Some(Loaded::new(
                arn.to_owned(),
                SourceKind::AwsManaged,
                document,
                text,
            )));
        }
        let Some(policy) = catalog::aws_managed_policy(arn) else {
            return Ok(None);
        };
        let Ok(parsed) = parse_policy(&policy.document, PolicyKind::Inline) else {
            return Ok(None);
        };
        let document = Arc::new(parsed);
        let text: Arc<str> = Arc::from(policy.document.as_str());
        if let Ok(mut c) = cache.lock() {
            c.insert(arn.to_owned(), (document.clone(), text.clone()));
        }
        return Ok(Some(Loaded::new(
            arn.to_owned(),
            SourceKind::AwsManaged,
            document,
            text,
        )));
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

/// `authorize_with` on a connection of its own, taken from the pool only if needed.
pub async fn authorize_now_with(
    ctx: &crate::context::Ctx,
    principal: &Principal,
    account_id: &str,
    action: &str,
    resource: &str,
    extra: ExtraKeys<'_>,
) -> IamResult<()> {
    // Root, and a caller whose policies and tags are cached, need no connection at all.
    let mut conn = Conn::Lazy {
        pool: &ctx.pool,
        taken: None,
    };
    authorize_on(&mut conn, principal, account_id, action, resource, extra).await
}

/// Where a decision reads the store: a connection the caller holds (inside its transaction),
/// or one taken from the pool only if the caches cannot answer.
pub(crate) enum Conn<'c> {
    Held(&'c mut SqliteConnection),
    Lazy {
        pool: &'c sqlx::SqlitePool,
        taken: Option<sqlx::pool::PoolConnection<sqlx::Sqlite>>,
    },
}

impl Conn<'_> {
    /// Whether a connection is held already (the caller's, or one taken from the pool).
    fn holds_connection(&self) -> bool {
        match self {
            Conn::Held(_) => true,
            Conn::Lazy { taken, .. } => taken.is_some(),
        }
    }

    async fn get(&mut self) -> IamResult<&mut SqliteConnection> {
        match self {
            Conn::Held(conn) => Ok(&mut **conn),
            Conn::Lazy { pool, taken } => {
                if taken.is_none() {
                    *taken = Some(pool.acquire().await.map_err(db_error)?);
                }
                taken.as_deref_mut().ok_or_else(IamError::service_failure)
            }
        }
    }
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
    use crate::ops::{boundaries, groups, inline_policies};
    use crate::store::test_support::test_ctx;

    async fn bob(ctx: &crate::context::Ctx) -> (Principal, Principal) {
        crate::store::test_support::test_root_and_user(ctx, "bob").await
    }

    async fn check(
        ctx: &crate::context::Ctx,
        who: &Principal,
        action: &str,
        resource: &str,
    ) -> Result<(), IamError> {
        authorize_now(ctx, who, who.account_id(), action, resource).await
    }

    /// Runs `fut` as a request served with the store's caches, as the server does.
    async fn cached<F: std::future::Future>(ctx: &crate::context::Ctx, fut: F) -> F::Output {
        let meta = crate::context::RequestMeta {
            caches: Some(ctx.caches.clone()),
            ..Default::default()
        };
        crate::context::with_request(meta, fut).await
    }

    /// `aws:MultiFactorAuthAge` counts from the credential's issue, when it was checked, and is
    /// absent without MFA.
    #[tokio::test]
    async fn mfa_age_counts_from_the_credentials_issue() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, bob) = bob(&ctx).await;
        let within_an_hour = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::User, "bob", "p", within_an_hour)
            .await
            .unwrap();
        let issued = |seconds_ago: i64, mfa_present: bool| {
            let issued_at = time::OffsetDateTime::now_utc().unix_timestamp() - seconds_ago;
            crate::context::TemporaryCredential {
                issued_at,
                expires_at: issued_at + 7200,
                mfa_present,
                from_session_token: false,
            }
        };
        let with = |credential| {
            crate::context::with_temporary_credential(
                credential,
                check(&ctx, &bob, "iam:ListUsers", "*"),
            )
        };
        assert!(with(issued(60, true)).await.is_ok());
        assert!(with(issued(4000, true)).await.is_err(), "too long ago");
        assert!(with(issued(60, false)).await.is_err(), "no MFA, no age");
    }

    #[test]
    fn tag_use_is_read_from_the_keys_and_variables_a_policy_names() {
        let none = r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;
        assert_eq!(TagUse::of(none), TagUse::default());
        let principal = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:principaltag/team}/*"}]}"#;
        assert_eq!(
            TagUse::of(principal),
            TagUse {
                principal: true,
                resource: false
            }
        );
        let resource = r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"IAM:ResourceTag/env":"dev"}}}]}"#;
        assert_eq!(
            TagUse::of(resource),
            TagUse {
                principal: false,
                resource: true
            }
        );
        let escaped = r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:\u0050rincipalTag/team":"x"}}}]}"#;
        assert_eq!(TagUse::of(escaped), TagUse::ALL);
    }

    /// Tags are read for a decision when a policy can use them: the principal's tags and the
    /// target user's, each seen as soon as it is set.
    #[tokio::test]
    async fn tag_conditions_see_the_principals_and_the_targets_tags() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, bob) = bob(&ctx).await;
        let tag = |key: &str, value: &str| crate::model::tags::Tag {
            key: key.into(),
            value: value.into(),
        };
        let abac = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"}}},
            {"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::User, "bob", "abac", abac)
            .await
            .unwrap();
        let bob_arn = format!("arn:aws:iam::{}:user/bob", root.account_id());
        let allowed = |action: &'static str, resource: String| {
            let (ctx, bob) = (ctx.clone(), bob.clone());
            async move {
                cached(&ctx, check(&ctx, &bob, action, &resource))
                    .await
                    .is_ok()
            }
        };
        assert!(!allowed("iam:ListUsers", "*".into()).await);
        assert!(!allowed("iam:GetUser", bob_arn.clone()).await);
        crate::ops::tags::tag_user(&ctx, &root, "bob", &[tag("team", "data")])
            .await
            .unwrap();
        assert!(allowed("iam:ListUsers", "*".into()).await);
        // Bob's tags were cached with his policies, since a policy of his uses them.
        let Principal::User { user_id, .. } = &bob else {
            unreachable!()
        };
        let owner = PolicyOwner::User(user_id.clone());
        let cached_policies = ctx.caches.policies.get(&owner, ctx.caches.version());
        assert_eq!(
            cached_policies.and_then(|p| p.principal_tags.clone()),
            Some(vec![tag("team", "data")])
        );
        assert!(!allowed("iam:GetUser", bob_arn.clone()).await);
        crate::ops::tags::tag_user(&ctx, &root, "bob", &[tag("env", "dev")])
            .await
            .unwrap();
        assert!(allowed("iam:GetUser", bob_arn).await);
    }

    /// 16 concurrent requests by `who`, each allowed.
    async fn burst_of_requests(ctx: &crate::context::Ctx, who: &Principal) {
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (ctx, who) = (ctx.clone(), who.clone());
            requests
                .spawn(async move { cached(&ctx, check(&ctx, &who, "iam:ListUsers", "*")).await });
        }
        while let Some(decision) = requests.join_next().await {
            decision.unwrap().unwrap();
        }
    }

    /// Requests by one caller that miss the cache together load its policies once; one that
    /// holds a connection already loads on its own rather than wait with it.
    #[tokio::test]
    async fn concurrent_misses_load_a_callers_policies_once() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, bob) = bob(&ctx).await;
        let listing = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::User, "bob", "list", listing)
            .await
            .unwrap();
        burst_of_requests(&ctx, &bob).await;
        assert_eq!(ctx.caches.policy_loads.begun(), 1);

        // After a write (which ends by marking the caches stale) the next burst loads again, once.
        ctx.caches.invalidate();
        burst_of_requests(&ctx, &bob).await;
        assert_eq!(ctx.caches.policy_loads.begun(), 2);

        // A request holding a connection does not queue behind a load.
        ctx.caches.invalidate();
        let mut conn = ctx.pool.acquire().await.unwrap();
        let turn = ctx
            .caches
            .policy_loads
            .turn(&PolicyOwner::of(&bob).unwrap())
            .await;
        let held = cached(
            &ctx,
            authorize_with(&mut conn, &bob, bob.account_id(), "iam:ListUsers", "*", &[]),
        );
        tokio::time::timeout(std::time::Duration::from_secs(5), held)
            .await
            .expect("waited behind another load")
            .unwrap();
        drop(turn);
    }

    /// Every change that bears on a decision (attachments, group membership, inline policies,
    /// a policy's default version, the boundary) is seen by the next request, while unchanged
    /// policies come from the cache.
    #[tokio::test]
    async fn cached_policies_follow_every_change() {
        use crate::ops::managed_policies::{
            CreatePolicyRequest, create_policy, create_policy_version, set_default_policy_version,
        };
        let (ctx, _, _dir) = test_ctx().await;
        let (root, bob) = bob(&ctx).await;
        let Principal::User { user_id, .. } = &bob else {
            unreachable!()
        };
        let owner = PolicyOwner::User(user_id.clone());
        let allowed = |action: &'static str| {
            let (ctx, bob) = (ctx.clone(), bob.clone());
            async move { cached(&ctx, check(&ctx, &bob, action, "*")).await.is_ok() }
        };

        assert!(!allowed("iam:ListUsers").await);
        let version = ctx.caches.version();
        assert!(
            ctx.caches.policies.get(&owner, version).is_some(),
            "not cached"
        );
        assert!(!allowed("iam:ListUsers").await, "served from the cache");

        let listing = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#;
        let policy = create_policy(
            &ctx,
            &root,
            CreatePolicyRequest {
                policy_name: "listing".into(),
                path: None,
                policy_document: listing.into(),
                description: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        attach_policy(&ctx, &root, EntityKind::User, "bob", &policy.arn)
            .await
            .unwrap();
        assert!(allowed("iam:ListUsers").await, "attachment not seen");

        let groups_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListGroups","Resource":"*"}]}"#;
        create_policy_version(&ctx, &root, &policy.arn, groups_only, true)
            .await
            .unwrap();
        assert!(
            !allowed("iam:ListUsers").await,
            "new default version not seen"
        );
        set_default_policy_version(&ctx, &root, &policy.arn, "v1")
            .await
            .unwrap();
        assert!(
            allowed("iam:ListUsers").await,
            "default version change not seen"
        );

        groups::create_group(&ctx, &root, "roles", None)
            .await
            .unwrap();
        let roles = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}"#;
        inline_policies::put_policy(&ctx, &root, EntityKind::Group, "roles", "r", roles)
            .await
            .unwrap();
        assert!(!allowed("iam:ListRoles").await);
        groups::add_user_to_group(&ctx, &root, "roles", "bob")
            .await
            .unwrap();
        assert!(allowed("iam:ListRoles").await, "membership not seen");
        groups::remove_user_from_group(&ctx, &root, "roles", "bob")
            .await
            .unwrap();
        assert!(!allowed("iam:ListRoles").await, "removal not seen");

        boundaries::put_user_permissions_boundary(
            &ctx,
            &root,
            "bob",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        )
        .await
        .unwrap();
        assert!(!allowed("iam:ListUsers").await, "boundary not seen");
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
