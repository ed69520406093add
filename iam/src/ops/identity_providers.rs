//! Identity providers: OpenID Connect (`oidc`) and SAML 2.0 (`saml`). What both kinds share
//! lives here — their ARNs, lookup, quota, deletion, listing and tags; what each kind holds,
//! in its submodule.
//!
//! Roles name providers in their trust policies; `AssumeRoleWithWebIdentity` and
//! `AssumeRoleWithSAML` (`ops::sts`) check tokens and assertions against what is kept here.

pub mod oidc;
pub mod saml;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::tags::Tag;
use crate::ops::paging::{Page, PageRequest};
use crate::ops::{Principal, authz, tags, timestamp};
use crate::store::{self, db_error, identity_providers::ProviderRow};

/// Providers of one kind an account may have.
pub const PROVIDERS_PER_KIND: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderKind {
    Oidc,
    Saml,
}

impl ProviderKind {
    /// As stored, and as the resource type of the provider's tags.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            Self::Oidc => "oidc",
            Self::Saml => "saml",
        }
    }

    fn tag_type(self) -> &'static str {
        match self {
            Self::Oidc => "oidc-provider",
            Self::Saml => "saml-provider",
        }
    }

    /// The name in the API's action names: `iam:Get{api}`.
    fn api_name(self) -> &'static str {
        match self {
            Self::Oidc => "OpenIDConnectProvider",
            Self::Saml => "SAMLProvider",
        }
    }

    fn arn_member(self) -> &'static str {
        match self {
            Self::Oidc => "openIDConnectProviderArn",
            Self::Saml => "sAMLProviderArn",
        }
    }

    /// The kind of provider an ARN names and the provider's name in it, if it names one.
    pub fn of_arn(arn: &str) -> Option<(Self, &str)> {
        [Self::Oidc, Self::Saml].into_iter().find_map(|kind| {
            let marker = format!(":{}/", kind.tag_type());
            arn.split_once(marker.as_str())
                .map(|(_, name)| (kind, name))
        })
    }

    /// How the console's list names the kind.
    pub fn label(self) -> &'static str {
        match self {
            Self::Oidc => "OpenID Connect",
            Self::Saml => "SAML",
        }
    }
}

/// `arn:aws:iam::ACCT:oidc-provider/<url without scheme>` or `…:saml-provider/<name>`.
pub fn provider_arn(account_id: &str, kind: ProviderKind, name: &str) -> String {
    format!("arn:aws:iam::{account_id}:{}/{name}", kind.tag_type())
}

/// The provider name an ARN of this account gives, or `InvalidInput`.
fn name_in_arn(account_id: &str, kind: ProviderKind, value: &str) -> IamResult<String> {
    if !(20..=2048).contains(&value.chars().count()) {
        return Err(IamError::constraint(
            kind.arn_member(),
            value,
            "Member must have length less than or equal to 2048 and greater than or equal to 20",
        ));
    }
    let prefix = format!("arn:aws:iam::{account_id}:{}/", kind.tag_type());
    value
        .strip_prefix(&prefix)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| IamError::invalid_input(format!("Invalid ARN for this account: {value}")))
}

fn not_found(kind: ProviderKind, arn: &str) -> IamError {
    let what = match kind {
        ProviderKind::Oidc => "OpenIDConnect Provider",
        ProviderKind::Saml => "SAMLProvider",
    };
    IamError::no_such_entity(format!("{what} not found for arn {arn}"))
}

/// The tagging and untagging actions of the provider an ARN names, for the console's tag
/// editor (an ARN of no provider gets OpenID Connect's; loading it fails anyway).
pub(crate) fn tag_actions(arn: &str) -> (&'static str, &'static str) {
    match ProviderKind::of_arn(arn) {
        Some((ProviderKind::Saml, _)) => ("iam:TagSAMLProvider", "iam:UntagSAMLProvider"),
        _ => (
            "iam:TagOpenIDConnectProvider",
            "iam:UntagOpenIDConnectProvider",
        ),
    }
}

/// The tag owner type and id of the provider an ARN of the account names, for the console's
/// tag editor: `InvalidInput` or `NoSuchEntity` as the API answers.
pub(crate) async fn tag_owner(
    conn: &mut SqliteConnection,
    account_id: &str,
    arn: &str,
) -> IamResult<(&'static str, String)> {
    let kind = ProviderKind::of_arn(arn)
        .map(|(kind, _)| kind)
        .ok_or_else(|| IamError::invalid_input(format!("Invalid ARN for this account: {arn}")))?;
    let name = name_in_arn(account_id, kind, arn)?;
    let row = store::identity_providers::find(conn, account_id, kind.stored(), &name)
        .await
        .map_err(db_error)?
        .ok_or_else(|| not_found(kind, arn))?;
    Ok((kind.tag_type(), row.id))
}

/// `iam:{verb}OpenIDConnectProvider` or `iam:{verb}SAMLProvider`.
fn action(kind: ProviderKind, verb: &str) -> String {
    format!("iam:{verb}{}", kind.api_name())
}

/// Authorizes `action` on the provider the ARN names, then finds it (`None` when there is
/// none).
async fn authorized_find(
    conn: &mut SqliteConnection,
    principal: &Principal,
    kind: ProviderKind,
    action: &str,
    arn: &str,
    extra: authz::ExtraKeys<'_>,
) -> IamResult<Option<ProviderRow>> {
    let account_id = principal.account_id();
    let name = name_in_arn(account_id, kind, arn)?;
    authz::authorize_with(conn, principal, account_id, action, arn, extra).await?;
    store::identity_providers::find(conn, account_id, kind.stored(), &name)
        .await
        .map_err(db_error)
}

/// As `authorized_find`, `NoSuchEntity` when there is no such provider.
async fn authorized_load(
    conn: &mut SqliteConnection,
    principal: &Principal,
    kind: ProviderKind,
    action: &str,
    arn: &str,
    extra: authz::ExtraKeys<'_>,
) -> IamResult<ProviderRow> {
    authorized_find(conn, principal, kind, action, arn, extra)
        .await?
        .ok_or_else(|| not_found(kind, arn))
}

/// A new provider of the account, once its creation is authorized: unique by name, within the
/// quota, with its tags.
struct NewProvider<'a> {
    kind: ProviderKind,
    name: &'a str,
    document: String,
    valid_until: Option<i64>,
    tags: &'a [Tag],
}

async fn create(ctx: &Ctx, principal: &Principal, new: NewProvider<'_>) -> IamResult<String> {
    crate::model::tags::validate_tags(new.tags, true)?;
    let account_id = principal.account_id();
    let arn = provider_arn(account_id, new.kind, new.name);
    let keys = authz::request_tag_keys(new.tags);
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        account_id,
        &action(new.kind, "Create"),
        &arn,
        &authz::as_extra(&keys),
    )
    .await?;
    let kind = new.kind.stored();
    if store::identity_providers::find(&mut tx, account_id, kind, new.name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::already_exists(match new.kind {
            ProviderKind::Oidc => format!("Provider with url https://{} already exists.", new.name),
            ProviderKind::Saml => format!("SAMLProvider {} already exists.", new.name),
        }));
    }
    if store::identity_providers::count(&mut tx, account_id, kind)
        .await
        .map_err(db_error)?
        >= PROVIDERS_PER_KIND
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for {}sPerAccount: {PROVIDERS_PER_KIND}",
            new.kind.api_name()
        )));
    }
    let row = ProviderRow {
        id: crate::ops::random_uuid(ctx),
        account_id: account_id.to_owned(),
        kind: kind.to_owned(),
        name: new.name.to_owned(),
        document: new.document,
        valid_until: new.valid_until,
        created_at: ctx.now(),
    };
    store::identity_providers::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tags::merge_tags(
        &mut tx,
        account_id,
        new.kind.tag_type(),
        &row.id,
        new.tags,
        true,
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(arn)
}

/// A provider as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSummary {
    pub kind: ProviderKind,
    pub arn: String,
    /// The OIDC URL without its scheme, or the SAML provider's name.
    pub name: String,
    pub create_date: OffsetDateTime,
    /// SAML only: when the metadata says it expires.
    pub valid_until: Option<OffsetDateTime>,
}

/// `ListOpenIDConnectProviders` and `ListSAMLProviders`.
pub async fn list_providers(
    ctx: &Ctx,
    principal: &Principal,
    kind: ProviderKind,
) -> IamResult<Vec<ProviderSummary>> {
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        &format!("{}s", action(kind, "List")),
        "*",
    )
    .await?;
    let rows = store::identity_providers::list(&mut conn, account_id, kind.stored())
        .await
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|row| ProviderSummary {
            kind,
            arn: provider_arn(account_id, kind, &row.name),
            name: row.name,
            create_date: timestamp(row.created_at),
            valid_until: row.valid_until.map(timestamp),
        })
        .collect())
}

/// `DeleteOpenIDConnectProvider` (which succeeds when there is no such provider, as on AWS)
/// and `DeleteSAMLProvider`.
pub async fn delete_provider(
    ctx: &Ctx,
    principal: &Principal,
    kind: ProviderKind,
    arn: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let found =
        authorized_find(&mut tx, principal, kind, &action(kind, "Delete"), arn, &[]).await?;
    let Some(row) = found else {
        return match kind {
            ProviderKind::Oidc => Ok(()),
            ProviderKind::Saml => Err(not_found(kind, arn)),
        };
    };
    store::tags::remove_all(&mut tx, kind.tag_type(), &row.id)
        .await
        .map_err(db_error)?;
    store::identity_providers::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `TagOpenIDConnectProvider` and `TagSAMLProvider`.
pub async fn tag_provider(
    ctx: &Ctx,
    principal: &Principal,
    kind: ProviderKind,
    arn: &str,
    new_tags: &[Tag],
) -> IamResult<()> {
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    let row = authorized_load(
        &mut tx,
        principal,
        kind,
        &action(kind, "Tag"),
        arn,
        &authz::as_extra(&keys),
    )
    .await?;
    let account_id = principal.account_id();
    tags::merge_tags(
        &mut tx,
        account_id,
        kind.tag_type(),
        &row.id,
        new_tags,
        true,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

/// `UntagOpenIDConnectProvider` and `UntagSAMLProvider`.
pub async fn untag_provider(
    ctx: &Ctx,
    principal: &Principal,
    kind: ProviderKind,
    arn: &str,
    keys: &[String],
) -> IamResult<()> {
    tags::validate_keys(keys)?;
    let mut tx = ctx.begin().await?;
    let tag_keys = [("aws:TagKeys", keys.to_vec())];
    let row = authorized_load(
        &mut tx,
        principal,
        kind,
        &action(kind, "Untag"),
        arn,
        &tag_keys,
    )
    .await?;
    tags::remove_tags(&mut tx, kind.tag_type(), &row.id, keys, true).await?;
    tx.commit().await.map_err(db_error)
}

/// `ListOpenIDConnectProviderTags` and `ListSAMLProviderTags`.
pub async fn list_provider_tags(
    ctx: &Ctx,
    principal: &Principal,
    kind: ProviderKind,
    arn: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    page.limit()?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let list_tags = format!("{}Tags", action(kind, "List"));
    let row = authorized_load(&mut conn, principal, kind, &list_tags, arn, &[]).await?;
    let list = format!("{}-tags", kind.tag_type());
    tags::page_of_tags(&mut conn, kind.tag_type(), &row.id, &list, page).await
}

/// A provider's tags, for `Get…Provider`.
async fn tags_of(conn: &mut SqliteConnection, kind: ProviderKind, id: &str) -> IamResult<Vec<Tag>> {
    store::tags::list(conn, kind.tag_type(), id)
        .await
        .map_err(db_error)
}

#[cfg(test)]
mod tests;
