//! STS operations: `GetCallerIdentity`, `AssumeRole`, `GetSessionToken`, `GetFederationToken`,
//! `GetAccessKeyInfo`, `DecodeAuthorizationMessage`, `AssumeRoleWithWebIdentity` (in
//! `web_identity`), and the lookup of the temporary credentials they issue.
//!
//! Temporary credentials are an `ASIA…` key ID, a secret (sealed like a long-term key's) and a
//! session token (only its SHA-256 is kept). A role session acts with its role's policies,
//! capped by its session policies; `GetSessionToken` credentials act as their user; a federated
//! user acts as the user who asked for it, capped by its session policies.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::{Ctx, TemporaryCredential, current_request};
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id, encode_secret};
use crate::model::names::is_name_char;
use crate::model::tags::{MAX_TAGS, Tag, validate_tags};
use crate::ops::principal::{FederatedSession, RoleSession};
use crate::ops::{Principal, attachments, authz, timestamp};
use crate::policy::context::RequestContext;
use crate::policy::eval::Decision;
use crate::policy::trust::{Caller, TrustDecision, evaluate_trust};
use crate::policy::{PolicyKind, non_whitespace_len, parse_policy};
use crate::secrets::SecretString;
use crate::store::{self, db_error, roles::RoleRow, sts_sessions::StsSessionRow};

/// Bounds of AWS's STS.
pub const DEFAULT_ROLE_SESSION_SECONDS: i64 = 3600;
pub const MIN_SESSION_SECONDS: i64 = 900;
pub const MAX_ROLE_SESSION_SECONDS: i64 = 43200;
pub const DEFAULT_SESSION_TOKEN_SECONDS: i64 = 43200;
pub const MAX_SESSION_TOKEN_SECONDS: i64 = 129_600;
/// `GetFederationToken` shares `GetSessionToken`'s bounds.
pub const DEFAULT_FEDERATION_SECONDS: i64 = DEFAULT_SESSION_TOKEN_SECONDS;
/// Role chaining and the root user's session tokens are held to an hour.
pub const ONE_HOUR: i64 = 3600;
/// The packed size of session policies (inline text plus managed ARNs).
pub const PACKED_POLICY_LIMIT: usize = 2048;
pub const MAX_POLICY_ARNS: usize = 10;
/// How long expired credentials are remembered, so they answer `ExpiredToken` rather than
/// `InvalidClientTokenId`.
const EXPIRED_KEPT_SECONDS: i64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    pub user_id: String,
    pub account: String,
    pub arn: String,
}

/// `GetCallerIdentity`: needs no permission; any valid credential may ask who it is.
pub fn get_caller_identity(principal: &Principal) -> CallerIdentity {
    CallerIdentity {
        user_id: principal.user_id(),
        account: principal.account_id().to_owned(),
        arn: principal.arn(),
    }
}

/// Temporary credentials, shown once.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    pub session_token: SecretString,
    pub expiration: OffsetDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct AssumeRoleRequest {
    pub role_arn: String,
    pub role_session_name: String,
    pub duration_seconds: Option<i64>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
    pub tags: Vec<Tag>,
    pub transitive_tag_keys: Vec<String>,
    pub external_id: Option<String>,
    pub serial_number: Option<String>,
    pub token_code: Option<String>,
    pub source_identity: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AssumedRole {
    pub credentials: Credentials,
    /// `AROA…:session`.
    pub assumed_role_id: String,
    /// `arn:aws:sts::ACCT:assumed-role/Role/session`.
    pub arn: String,
    /// Percent of the session-policy allowance used, when session policies were passed.
    pub packed_policy_size: Option<u32>,
    pub source_identity: Option<String>,
}

/// A session name or source identity: 2–64 of `[\w+=,.@-]`.
fn validate_session_name(member: &str, value: &str) -> IamResult<()> {
    validate_name_of_length(member, value, 64)
}

/// 2 to `max` of `[\w+=,.@-]`.
fn validate_name_of_length(member: &str, value: &str, max: usize) -> IamResult<()> {
    let len = value.chars().count();
    if !(2..=max).contains(&len) {
        return Err(IamError::constraint(
            member,
            value,
            &format!(
                "Member must have length less than or equal to {max} and greater than or equal to 2"
            ),
        ));
    }
    if !value.chars().all(is_name_char) {
        return Err(IamError::constraint(
            member,
            value,
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ));
    }
    Ok(())
}

fn validate_duration(member: &str, seconds: i64, max: i64) -> IamResult<()> {
    if (MIN_SESSION_SECONDS..=max).contains(&seconds) {
        Ok(())
    } else {
        Err(IamError::constraint(
            member,
            &seconds.to_string(),
            &format!(
                "Member must have value less than or equal to {max} and greater than or equal to {MIN_SESSION_SECONDS}"
            ),
        ))
    }
}

fn validate_external_id(value: &str) -> IamResult<()> {
    let len = value.chars().count();
    let allowed = |c: char| is_name_char(c) || matches!(c, ':' | '/');
    if !(2..=1224).contains(&len) || !value.chars().all(allowed) {
        return Err(IamError::constraint(
            "externalId",
            value,
            "Member must have length less than or equal to 1224 and greater than or equal to 2, and satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
        ));
    }
    Ok(())
}

/// Checks `SerialNumber` and `TokenCode` against the caller's enabled MFA device; `true` when
/// they were given and hold.
async fn check_mfa(
    ctx: &Ctx,
    principal: &Principal,
    serial_number: Option<&str>,
    token_code: Option<&str>,
) -> IamResult<bool> {
    match (serial_number, token_code) {
        (None, None) => Ok(false),
        (Some(_), None) | (None, Some(_)) => Err(IamError::validation(
            "SerialNumber and TokenCode must be given together.",
        )),
        (Some(serial), Some(code)) => {
            if crate::ops::mfa::verify_code(ctx, principal, Some(serial), code).await? {
                Ok(true)
            } else {
                Err(IamError::access_denied(
                    "MultiFactorAuthentication failed with invalid MFA one time pass code.",
                ))
            }
        }
    }
}

/// The role an `AssumeRole` names: `arn:aws:iam::ACCT:role[/path]/name`.
fn parse_role_arn(value: &str) -> IamResult<(String, String)> {
    let invalid = || IamError::validation(format!("{value} is invalid"));
    if !(20..=2048).contains(&value.len()) {
        return Err(IamError::constraint(
            "roleArn",
            value,
            "Member must have length less than or equal to 2048 and greater than or equal to 20",
        ));
    }
    let rest = value.strip_prefix("arn:aws:iam::").ok_or_else(invalid)?;
    let (account, resource) = rest.split_once(':').ok_or_else(invalid)?;
    let path_and_name = resource.strip_prefix("role/").ok_or_else(invalid)?;
    let name = path_and_name.rsplit('/').next().unwrap_or(path_and_name);
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
        return Err(invalid());
    }
    Ok((account.to_owned(), name.to_owned()))
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Serialize, Deserialize)]
struct StoredTag {
    key: String,
    value: String,
    transitive: bool,
}

/// New temporary credentials, stored.
struct Issue<'a> {
    account_id: &'a str,
    kind: &'static str,
    role_id: Option<&'a str>,
    user_id: Option<&'a str>,
    session_name: Option<&'a str>,
    mfa_present: bool,
    session_policy: Option<&'a str>,
    policy_arns: &'a [String],
    tags: &'a [StoredTag],
    source_identity: Option<&'a str>,
    seconds: i64,
}

async fn issue(ctx: &Ctx, conn: &mut SqliteConnection, new: Issue<'_>) -> IamResult<Credentials> {
    let now = ctx.now();
    store::sts_sessions::delete_expired(conn, now - EXPIRED_KEPT_SECONDS)
        .await
        .map_err(db_error)?;
    let access_key_id = encode_id(IdPrefix::TemporaryAccessKey, &ctx.random_bytes::<16>());
    let secret = SecretString::new(encode_secret(&ctx.random_bytes::<40>()));
    let token = SecretString::new(format!(
        "LKST{}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            ctx.random_bytes::<96>()
        )
    ));
    let nonce: [u8; 12] = ctx.random_bytes();
    let sealed = ctx.cipher.seal(&nonce, secret.expose())?;
    let row = StsSessionRow {
        access_key_id: access_key_id.clone(),
        account_id: new.account_id.to_owned(),
        kind: new.kind.to_owned(),
        role_id: new.role_id.map(str::to_owned),
        user_id: new.user_id.map(str::to_owned),
        session_name: new.session_name.map(str::to_owned),
        secret_nonce: nonce.to_vec(),
        secret_ciphertext: sealed,
        token_hash: token_hash(token.expose()),
        mfa_present: new.mfa_present,
        session_policy: new.session_policy.map(str::to_owned),
        policy_arns: to_json(new.policy_arns)?,
        session_tags: to_json(new.tags)?,
        source_identity: new.source_identity.map(str::to_owned),
        issued_at: now,
        expires_at: now + new.seconds,
    };
    store::sts_sessions::insert(conn, &row)
        .await
        .map_err(db_error)?;
    Ok(Credentials {
        access_key_id,
        secret_access_key: secret,
        session_token: token,
        expiration: timestamp(row.expires_at),
    })
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> IamResult<String> {
    serde_json::to_string(value).map_err(|_| IamError::service_failure())
}

/// Validates session policies and returns their packed size in percent of the allowance.
async fn check_session_policies(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy: Option<&str>,
    policy_arns: &[String],
) -> IamResult<Option<u32>> {
    if policy.is_none() && policy_arns.is_empty() {
        return Ok(None);
    }
    if policy_arns.len() > MAX_POLICY_ARNS {
        return Err(IamError::constraint(
            "policyArns",
            &policy_arns.len().to_string(),
            "Member must have length less than or equal to 10",
        ));
    }
    let mut packed = 0;
    if let Some(text) = policy {
        parse_policy(text, PolicyKind::Inline)
            .map_err(|err| IamError::new(ErrorCode::MalformedPolicyDocument, err.message))?;
        packed += non_whitespace_len(text);
    }
    for policy_arn in policy_arns {
        attachments::attachable_policy(conn, account_id, policy_arn).await?;
        packed += policy_arn.len();
    }
    if packed > PACKED_POLICY_LIMIT {
        return Err(IamError::new(
            ErrorCode::PackedPolicyTooLarge,
            format!(
                "Packed size of consumed session policies exceeds the limit: {}%",
                packed * 100 / PACKED_POLICY_LIMIT
            ),
        ));
    }
    Ok(Some(((packed * 100).div_ceil(PACKED_POLICY_LIMIT)) as u32))
}

/// The session tags of a new role session: the caller's transitive tags, then the request's.
fn session_tags(principal: &Principal, req: &AssumeRoleRequest) -> IamResult<Vec<StoredTag>> {
    validate_tags(&req.tags, true)?;
    for key in &req.transitive_tag_keys {
        if !req.tags.iter().any(|t| t.key.eq_ignore_ascii_case(key)) {
            return Err(IamError::invalid_input(format!(
                "The transitive tag key {key} is not among the session tags."
            )));
        }
    }
    let mut tags: Vec<StoredTag> = Vec::new();
    if let Principal::Role(session) = principal {
        for tag in &session.session_tags {
            if session
                .transitive_tag_keys
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&tag.key))
            {
                if req
                    .tags
                    .iter()
                    .any(|t| t.key.eq_ignore_ascii_case(&tag.key))
                {
                    return Err(IamError::invalid_input(format!(
                        "The session tag {} was set by the calling session as transitive and cannot be changed.",
                        tag.key
                    )));
                }
                tags.push(StoredTag {
                    key: tag.key.clone(),
                    value: tag.value.clone(),
                    transitive: true,
                });
            }
        }
    }
    tags.extend(req.tags.iter().map(|t| {
        StoredTag {
            key: t.key.clone(),
            value: t.value.clone(),
            transitive: req
                .transitive_tag_keys
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&t.key)),
        }
    }));
    if tags.len() > MAX_TAGS {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for session tags: {MAX_TAGS}"
        )));
    }
    Ok(tags)
}

fn not_authorized(principal: &Principal, role_arn: &str) -> IamError {
    IamError::access_denied(format!(
        "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
        principal.arn()
    ))
}

/// The request context of an `AssumeRole`, for the trust policy and the caller's policies.
async fn assume_role_context(
    conn: &mut SqliteConnection,
    principal: &Principal,
    role_arn: &str,
    req: &AssumeRoleRequest,
    tags: &[StoredTag],
    duration: i64,
) -> IamResult<RequestContext> {
    let mut ctx = authz::request_context(
        &mut authz::Conn::Held(conn),
        principal,
        "sts:AssumeRole",
        role_arn,
        None,
    )
    .await?;
    ctx.set("sts:RoleSessionName", req.role_session_name.clone())
        .set("sts:DurationSeconds", duration.to_string());
    if let Some(id) = &req.external_id {
        ctx.set("sts:ExternalId", id.clone());
    }
    if let Some(source) = &req.source_identity {
        ctx.set("sts:SourceIdentity", source.clone());
    }
    if ctx.get("aws:MultiFactorAuthPresent").is_none() {
        ctx.set("aws:MultiFactorAuthPresent", "false");
    }
    if !tags.is_empty() {
        for tag in tags {
            ctx.set(&format!("aws:RequestTag/{}", tag.key), tag.value.clone());
        }
        ctx.set_all("aws:TagKeys", tags.iter().map(|t| t.key.clone()).collect());
    }
    if !req.transitive_tag_keys.is_empty() {
        ctx.set_all("sts:TransitiveTagKeys", req.transitive_tag_keys.clone());
    }
    Ok(ctx)
}

/// `AssumeRole` (spec §4.7): the trust policy must allow the caller, and so must the caller's
/// own policies unless the trust policy names the caller itself (same account).
pub async fn assume_role(
    ctx: &Ctx,
    principal: &Principal,
    req: AssumeRoleRequest,
) -> IamResult<AssumedRole> {
    let (role_account, role_name) = parse_role_arn(&req.role_arn)?;
    validate_session_name("roleSessionName", &req.role_session_name)?;
    if let Some(source) = &req.source_identity {
        validate_session_name("sourceIdentity", source)?;
    }
    if let Some(id) = &req.external_id {
        validate_external_id(id)?;
    }
    let duration = req.duration_seconds.unwrap_or(DEFAULT_ROLE_SESSION_SECONDS);
    validate_duration("durationSeconds", duration, MAX_ROLE_SESSION_SECONDS)?;
    if principal.is_root() {
        return Err(IamError::access_denied(
            "Roles may not be assumed by root accounts.",
        ));
    }
    if matches!(principal, Principal::Federated(_)) {
        return Err(not_authorized(principal, &req.role_arn));
    }
    let mfa_present = check_mfa(
        ctx,
        principal,
        req.serial_number.as_deref(),
        req.token_code.as_deref(),
    )
    .await?;
    let tags = session_tags(principal, &req)?;

    let mut tx = ctx.begin().await?;
    let role = store::roles::find_by_name(&mut tx, &role_account, &role_name)
        .await
        .map_err(db_error)?
        .filter(|r| arn::role_arn(&r.account_id, &r.path, &r.name) == req.role_arn)
        .ok_or_else(|| not_authorized(principal, &req.role_arn))?;
    let mut request =
        assume_role_context(&mut tx, principal, &req.role_arn, &req, &tags, duration).await?;
    if mfa_present {
        request.set("aws:MultiFactorAuthPresent", "true");
    }
    let names_caller = check_trust(principal, &role, &request, &tags)?;
    if !(names_caller && role.account_id == principal.account_id()) {
        let policies = authz::PrincipalPolicies::load(&mut tx, principal).await?;
        match policies.evaluate(&request).decision {
            Decision::Allowed => {}
            Decision::ExplicitDeny => {
                return Err(authz::explicit_deny(
                    principal,
                    "sts:AssumeRole",
                    &req.role_arn,
                ));
            }
            Decision::ImplicitDeny(reason) => {
                return Err(authz::denied(
                    principal,
                    "sts:AssumeRole",
                    &req.role_arn,
                    reason,
                ));
            }
        }
    }
    let chained = matches!(principal, Principal::Role(_));
    if chained && duration > ONE_HOUR {
        return Err(IamError::validation(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        ));
    }
    let mfa_present = mfa_present
        || current_request()
            .temporary_credential
            .is_some_and(|c| c.mfa_present);
    start_role_session(
        ctx,
        tx,
        &role,
        NewRoleSession {
            session_name: &req.role_session_name,
            seconds: duration,
            mfa_present,
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
            tags: &tags,
            source_identity: req.source_identity,
        },
    )
    .await
}

/// A role session about to be granted, its trust already checked.
struct NewRoleSession<'a> {
    session_name: &'a str,
    seconds: i64,
    mfa_present: bool,
    policy: Option<&'a str>,
    policy_arns: &'a [String],
    tags: &'a [StoredTag],
    source_identity: Option<String>,
}

/// What every way of assuming a role ends with: the role's own duration limit, the session
/// policies, the credentials, and the role's last use, in the transaction that found the role.
async fn start_role_session(
    ctx: &Ctx,
    mut tx: crate::cache::WriteTx,
    role: &RoleRow,
    new: NewRoleSession<'_>,
) -> IamResult<AssumedRole> {
    if new.seconds > role.max_session_duration {
        return Err(IamError::validation(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        ));
    }
    let packed =
        check_session_policies(&mut tx, &role.account_id, new.policy, new.policy_arns).await?;
    let credentials = issue(
        ctx,
        &mut tx,
        Issue {
            account_id: &role.account_id,
            kind: store::sts_sessions::KIND_ROLE,
            role_id: Some(&role.id),
            user_id: None,
            session_name: Some(new.session_name),
            mfa_present: new.mfa_present,
            session_policy: new.policy,
            policy_arns: new.policy_arns,
            tags: new.tags,
            source_identity: new.source_identity.as_deref(),
            seconds: new.seconds,
        },
    )
    .await?;
    store::roles::record_use(
        &mut tx,
        &role.id,
        ctx.now(),
        current_request().requested_region.as_deref(),
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(AssumedRole {
        credentials,
        assumed_role_id: format!("{}:{}", role.id, new.session_name),
        arn: arn::assumed_role_arn(&role.account_id, &role.name, new.session_name),
        packed_policy_size: packed,
        source_identity: new.source_identity,
    })
}

/// Whether the role's trust policy lets the caller assume it (and tag the session, when tags
/// are passed); `true` when it names the caller itself.
fn check_trust(
    principal: &Principal,
    role: &RoleRow,
    request: &RequestContext,
    tags: &[StoredTag],
) -> IamResult<bool> {
    let refused = || {
        not_authorized(
            principal,
            &arn::role_arn(&role.account_id, &role.path, &role.name),
        )
    };
    let document = parse_policy(&role.trust_policy, PolicyKind::Trust).map_err(|_| refused())?;
    let arn = principal.arn();
    let role_arn = match principal {
        Principal::Role(session) => Some(session.role_arn()),
        _ => None,
    };
    let caller = Caller {
        account_id: principal.account_id(),
        arn: &arn,
        role_arn: role_arn.as_deref(),
    };
    let names_caller = match evaluate_trust(&document, &caller, request) {
        TrustDecision::Allowed { names_caller } => names_caller,
        TrustDecision::ExplicitDeny | TrustDecision::NotAllowed => return Err(refused()),
    };
    if !tags.is_empty() {
        let tagging = request.for_request("sts:TagSession", &request.resource);
        if !matches!(
            evaluate_trust(&document, &caller, &tagging),
            TrustDecision::Allowed { .. }
        ) {
            return Err(IamError::access_denied(format!(
                "User: {} is not authorized to perform: sts:TagSession on resource: {}",
                principal.arn(),
                request.resource
            )));
        }
    }
    Ok(names_caller)
}

/// `GetSessionToken`: temporary credentials of the caller's own identity, for a user or the
/// root user with long-term keys. Needs no permission, as in AWS.
pub async fn get_session_token(
    ctx: &Ctx,
    principal: &Principal,
    duration_seconds: Option<i64>,
    serial_number: Option<&str>,
    token_code: Option<&str>,
) -> IamResult<Credentials> {
    let requested = duration_seconds.unwrap_or(DEFAULT_SESSION_TOKEN_SECONDS);
    validate_duration("durationSeconds", requested, MAX_SESSION_TOKEN_SECONDS)?;
    if matches!(principal, Principal::Role(_)) || current_request().temporary_credential.is_some() {
        return Err(IamError::access_denied(
            "Cannot call GetSessionToken with session credentials",
        ));
    }
    let mfa_present = check_mfa(ctx, principal, serial_number, token_code).await?;
    // The root user's sessions last an hour at most.
    let seconds = if principal.is_root() {
        requested.min(ONE_HOUR)
    } else {
        requested
    };
    let mut tx = ctx.begin().await?;
    let credentials = issue(
        ctx,
        &mut tx,
        Issue {
            account_id: principal.account_id(),
            kind: store::sts_sessions::KIND_SESSION_TOKEN,
            role_id: None,
            user_id: principal.iam_user_id(),
            session_name: None,
            mfa_present,
            session_policy: None,
            policy_arns: &[],
            tags: &[],
            source_identity: None,
            seconds,
        },
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(credentials)
}

#[derive(Debug, Clone, Default)]
pub struct FederationTokenRequest {
    pub name: String,
    pub duration_seconds: Option<i64>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone)]
pub struct FederationToken {
    pub credentials: Credentials,
    /// `ACCOUNT:name`.
    pub federated_user_id: String,
    /// `arn:aws:sts::ACCOUNT:federated-user/name`.
    pub arn: String,
    pub packed_policy_size: Option<u32>,
}

/// `GetFederationToken`: temporary credentials of a federated user, for an IAM user or the root
/// user with long-term keys. The federated user has the caller's permissions capped by the
/// session policies passed here, and none without them.
pub async fn get_federation_token(
    ctx: &Ctx,
    principal: &Principal,
    req: FederationTokenRequest,
) -> IamResult<FederationToken> {
    validate_name_of_length("name", &req.name, 32)?;
    let requested = req.duration_seconds.unwrap_or(DEFAULT_FEDERATION_SECONDS);
    validate_duration("durationSeconds", requested, MAX_SESSION_TOKEN_SECONDS)?;
    validate_tags(&req.tags, true)?;
    if principal.is_session() || current_request().temporary_credential.is_some() {
        return Err(IamError::access_denied(
            "Cannot call GetFederationToken with session credentials",
        ));
    }
    // The root user's federated users last an hour at most.
    let seconds = if principal.is_root() {
        requested.min(ONE_HOUR)
    } else {
        requested
    };
    let account_id = principal.account_id();
    let federated_arn = arn::federated_user_arn(account_id, &req.name);
    let mut tx = ctx.begin().await?;
    let request_tags = authz::request_tag_keys(&req.tags);
    authz::authorize_with(
        &mut tx,
        principal,
        account_id,
        "sts:GetFederationToken",
        &federated_arn,
        &authz::as_extra(&request_tags),
    )
    .await?;
    let packed =
        check_session_policies(&mut tx, account_id, req.policy.as_deref(), &req.policy_arns)
            .await?;
    let tags: Vec<StoredTag> = req
        .tags
        .iter()
        .map(|t| StoredTag {
            key: t.key.clone(),
            value: t.value.clone(),
            transitive: false,
        })
        .collect();
    let credentials = issue(
        ctx,
        &mut tx,
        Issue {
            account_id,
            kind: store::sts_sessions::KIND_FEDERATED,
            role_id: None,
            user_id: principal.iam_user_id(),
            session_name: Some(&req.name),
            mfa_present: false,
            session_policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
            tags: &tags,
            source_identity: None,
            seconds,
        },
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(FederationToken {
        credentials,
        federated_user_id: format!("{account_id}:{}", req.name),
        arn: federated_arn,
        packed_policy_size: packed,
    })
}

/// `DecodeAuthorizationMessage`: Latchkey answers a refusal with its reason in plain text and
/// never encodes one, so no message can be decoded; the caller must still be allowed to ask.
pub async fn decode_authorization_message(
    ctx: &Ctx,
    principal: &Principal,
    encoded_message: &str,
) -> IamResult<String> {
    if !(1..=10240).contains(&encoded_message.chars().count()) {
        return Err(IamError::constraint(
            "encodedMessage",
            encoded_message,
            "Member must have length less than or equal to 10240 and greater than or equal to 1",
        ));
    }
    authz::authorize_now(
        ctx,
        principal,
        principal.account_id(),
        "sts:DecodeAuthorizationMessage",
        "*",
    )
    .await?;
    Err(IamError::new(
        ErrorCode::InvalidAuthorizationMessage,
        "The authorization message is invalid: this server never encodes authorization messages.",
    ))
}

/// `GetAccessKeyInfo`: the account that owns an access key (long-term or temporary).
pub async fn get_access_key_info(
    ctx: &Ctx,
    principal: &Principal,
    access_key_id: &str,
) -> IamResult<String> {
    if !(16..=128).contains(&access_key_id.len())
        || !access_key_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(IamError::constraint(
            "accessKeyId",
            access_key_id,
            "Member must have length greater than or equal to 16 and satisfy regular expression pattern: [\\w]*",
        ));
    }
    authz::authorize_now(
        ctx,
        principal,
        principal.account_id(),
        "sts:GetAccessKeyInfo",
        "*",
    )
    .await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    if let Some(key) = store::access_keys::find(&mut conn, access_key_id)
        .await
        .map_err(db_error)?
    {
        return Ok(key.account_id);
    }
    if let Some(session) = store::sts_sessions::find(&mut conn, access_key_id)
        .await
        .map_err(db_error)?
    {
        return Ok(session.account_id);
    }
    Err(IamError::invalid_input(format!(
        "The access key ID {access_key_id} is not issued by this server."
    )))
}

/// A temporary credential presented with a request.
#[derive(Debug)]
pub enum TemporaryKey {
    /// No such key, or the token does not belong to it, or its principal is gone.
    Invalid,
    Expired,
    Valid {
        principal: Principal,
        secret: SecretString,
        credential: TemporaryCredential,
    },
}

/// Looks up a temporary key and checks its session token, for request verification.
pub async fn temporary_signing_key(
    ctx: &Ctx,
    access_key_id: &str,
    session_token: Option<&str>,
) -> IamResult<TemporaryKey> {
    let Some(token) = session_token else {
        return Ok(TemporaryKey::Invalid);
    };
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(row) = store::sts_sessions::find(&mut conn, access_key_id)
        .await
        .map_err(db_error)?
    else {
        return Ok(TemporaryKey::Invalid);
    };
    let presented = token_hash(token);
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        presented.as_bytes(),
        row.token_hash.as_bytes(),
    )) {
        return Ok(TemporaryKey::Invalid);
    }
    if row.expires_at <= ctx.now() {
        return Ok(TemporaryKey::Expired);
    }
    let Some(principal) = session_principal(&mut conn, &row).await? else {
        return Ok(TemporaryKey::Invalid);
    };
    let secret = SecretString::new(ctx.cipher.open(&row.secret_nonce, &row.secret_ciphertext)?);
    Ok(TemporaryKey::Valid {
        principal,
        secret,
        credential: credential_of(&row),
    })
}

/// The role session a console session switched to, while it lasts: its principal and what
/// policy conditions know of its credential. `None` once it has expired or its role is gone.
/// The console authenticates with its own cookie, so no session token is checked here.
pub async fn console_role_session(
    ctx: &Ctx,
    access_key_id: &str,
) -> IamResult<Option<(Principal, TemporaryCredential)>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(row) = store::sts_sessions::find(&mut conn, access_key_id)
        .await
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    if row.expires_at <= ctx.now() || row.kind != store::sts_sessions::KIND_ROLE {
        return Ok(None);
    }
    let principal = session_principal(&mut conn, &row).await?;
    Ok(principal.map(|p| (p, credential_of(&row))))
}

/// Who acts with a stored temporary credential; `None` when its role or user is gone.
async fn session_principal(
    conn: &mut SqliteConnection,
    row: &StsSessionRow,
) -> IamResult<Option<Principal>> {
    let principal = match (row.kind.as_str(), &row.role_id) {
        (store::sts_sessions::KIND_ROLE, Some(role_id)) => {
            let Some(role) = store::roles::find_by_id(&mut *conn, role_id)
                .await
                .map_err(db_error)?
            else {
                return Ok(None);
            };
            let stored: Vec<StoredTag> =
                serde_json::from_str(&row.session_tags).map_err(|_| IamError::service_failure())?;
            let policy_arns: Vec<String> =
                serde_json::from_str(&row.policy_arns).map_err(|_| IamError::service_failure())?;
            Principal::Role(Box::new(RoleSession {
                account_id: role.account_id,
                role_id: role.id,
                role_name: role.name,
                role_path: role.path,
                session_name: row.session_name.clone().unwrap_or_default(),
                session_policy: row.session_policy.clone(),
                policy_arns,
                transitive_tag_keys: stored
                    .iter()
                    .filter(|t| t.transitive)
                    .map(|t| t.key.clone())
                    .collect(),
                session_tags: stored
                    .into_iter()
                    .map(|t| Tag {
                        key: t.key,
                        value: t.value,
                    })
                    .collect(),
            }))
        }
        (store::sts_sessions::KIND_FEDERATED, _) => {
            // A federated user of an IAM user ends with that user.
            if let Some(user_id) = &row.user_id
                && store::users::find_by_id(&mut *conn, user_id)
                    .await
                    .map_err(db_error)?
                    .is_none()
            {
                return Ok(None);
            }
            let stored: Vec<StoredTag> =
                serde_json::from_str(&row.session_tags).map_err(|_| IamError::service_failure())?;
            let policy_arns: Vec<String> =
                serde_json::from_str(&row.policy_arns).map_err(|_| IamError::service_failure())?;
            Principal::Federated(Box::new(FederatedSession {
                account_id: row.account_id.clone(),
                issuer_user_id: row.user_id.clone(),
                name: row.session_name.clone().unwrap_or_default(),
                session_policy: row.session_policy.clone(),
                policy_arns,
                session_tags: stored
                    .into_iter()
                    .map(|t| Tag {
                        key: t.key,
                        value: t.value,
                    })
                    .collect(),
            }))
        }
        _ => match Principal::load(&mut *conn, &row.account_id, row.user_id.as_deref()).await? {
            Some(principal) => principal,
            None => return Ok(None),
        },
    };
    Ok(Some(principal))
}

fn credential_of(row: &StsSessionRow) -> TemporaryCredential {
    TemporaryCredential {
        issued_at: row.issued_at,
        expires_at: row.expires_at,
        mfa_present: row.mfa_present,
        from_session_token: row.kind == store::sts_sessions::KIND_SESSION_TOKEN,
    }
}

mod federated;
pub mod id_token;
pub mod saml;
pub mod web_identity;

#[cfg(test)]
mod tests;
