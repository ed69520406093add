//! Server certificates: `UploadServerCertificate`, `GetServerCertificate`,
//! `ListServerCertificates`, `UpdateServerCertificate`, `DeleteServerCertificate` and their
//! tags. The private key is checked against the certificate and not kept: nothing in Latchkey
//! serves TLS with it, and a key never stored cannot leak.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::model::names::{NameKind, name_key, validate_name};
use crate::model::path::{ROOT_PATH, validate_path, validate_path_prefix};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz, tags, timestamp, x509};
use crate::store::{self, db_error, server_certificates::ServerCertificateRow};

/// The resource type of a server certificate's tags.
const SERVER_CERTIFICATE: &str = "server-certificate";
/// AWS's quota of server certificates per account.
pub const CERTIFICATES_PER_ACCOUNT: i64 = 20;
const MAX_BODY_LEN: usize = 16384;
const MAX_CHAIN_LEN: usize = 2_097_152;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerCertificateMetadata {
    pub path: String,
    pub server_certificate_name: String,
    pub server_certificate_id: String,
    pub arn: String,
    pub upload_date: OffsetDateTime,
    pub expiration: OffsetDateTime,
}

/// A certificate with its body, chain and tags, as `GetServerCertificate` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerCertificate {
    pub metadata: ServerCertificateMetadata,
    pub certificate_body: String,
    pub certificate_chain: Option<String>,
    pub tags: Vec<Tag>,
}

/// What `UploadServerCertificate` takes.
#[derive(Debug, Clone, Copy)]
pub struct NewServerCertificate<'a> {
    pub name: &'a str,
    pub path: Option<&'a str>,
    pub body: &'a str,
    pub private_key: &'a str,
    pub chain: Option<&'a str>,
    pub tags: &'a [Tag],
}

fn metadata(row: &ServerCertificateRow) -> ServerCertificateMetadata {
    ServerCertificateMetadata {
        path: row.path.clone(),
        server_certificate_name: row.name.clone(),
        server_certificate_id: row.id.clone(),
        arn: arn::server_certificate_arn(&row.account_id, &row.path, &row.name),
        upload_date: timestamp(row.uploaded_at),
        expiration: timestamp(row.expires_at),
    }
}

fn not_found(name: &str) -> IamError {
    IamError::no_such_entity(format!(
        "The Server Certificate with name {name} cannot be found."
    ))
}

fn check_length(member: &str, value: &str, max: usize) -> IamResult<()> {
    if value.is_empty() || value.len() > max {
        Err(IamError::constraint(
            member,
            "***",
            &format!(
                "Member must have length less than or equal to {max} and greater than or equal to 1"
            ),
        ))
    } else {
        Ok(())
    }
}

/// Finds the named certificate and authorizes `action` on it; the resource is the certificate's
/// ARN, or, when there is no such certificate, the ARN it would have at the root path.
async fn load_authorized(
    conn: &mut SqliteConnection,
    principal: &Principal,
    name: &str,
    action: &str,
    extra: authz::ExtraKeys<'_>,
) -> IamResult<ServerCertificateRow> {
    validate_name(NameKind::ServerCertificate, "serverCertificateName", name)?;
    let account_id = principal.account_id();
    let row = store::server_certificates::find(conn, account_id, name)
        .await
        .map_err(db_error)?;
    let resource = row.as_ref().map_or_else(
        || arn::server_certificate_arn(account_id, ROOT_PATH, name),
        |r| arn::server_certificate_arn(account_id, &r.path, &r.name),
    );
    authz::authorize_with(conn, principal, account_id, action, &resource, extra).await?;
    row.ok_or_else(|| not_found(name))
}

/// `UploadServerCertificate`.
pub async fn upload_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    new: NewServerCertificate<'_>,
) -> IamResult<ServerCertificateMetadata> {
    validate_name(
        NameKind::ServerCertificate,
        "serverCertificateName",
        new.name,
    )?;
    let path = new.path.unwrap_or(ROOT_PATH);
    validate_path("path", path)?;
    validate_tags(new.tags, false)?;
    check_length("certificateBody", new.body, MAX_BODY_LEN)?;
    check_length("privateKey", new.private_key, MAX_BODY_LEN)?;
    if let Some(chain) = new.chain {
        check_length("certificateChain", chain, MAX_CHAIN_LEN)?;
    }
    let account_id = principal.account_id();
    let keys = authz::request_tag_keys(new.tags);
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        account_id,
        "iam:UploadServerCertificate",
        &arn::server_certificate_arn(account_id, path, new.name),
        &authz::as_extra(&keys),
    )
    .await?;
    let certificate = x509::parse_certificate(new.body)?;
    x509::check_key_pair(&certificate, new.private_key)?;
    if let Some(chain) = new.chain {
        x509::parse_chain(chain)?;
    }
    if store::server_certificates::find(&mut tx, account_id, new.name)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::already_exists(format!(
            "The Server Certificate with name {} already exists.",
            new.name
        )));
    }
    if store::server_certificates::count(&mut tx, account_id)
        .await
        .map_err(db_error)?
        >= CERTIFICATES_PER_ACCOUNT
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for ServerCertificatesPerAccount: {CERTIFICATES_PER_ACCOUNT}"
        )));
    }
    let row = ServerCertificateRow {
        id: encode_id(IdPrefix::ServerCertificate, &ctx.random_bytes::<17>()),
        account_id: account_id.to_owned(),
        name: new.name.to_owned(),
        path: path.to_owned(),
        body: new.body.to_owned(),
        chain: new.chain.map(str::to_owned),
        expires_at: certificate.not_after.unix_timestamp(),
        uploaded_at: ctx.now(),
    };
    store::server_certificates::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tags::merge_tags(
        &mut tx,
        account_id,
        SERVER_CERTIFICATE,
        &row.id,
        new.tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(metadata(&row))
}

/// `GetServerCertificate`.
pub async fn get_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
) -> IamResult<ServerCertificate> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = load_authorized(&mut conn, principal, name, "iam:GetServerCertificate", &[]).await?;
    let tags = store::tags::list(&mut conn, SERVER_CERTIFICATE, &row.id)
        .await
        .map_err(db_error)?;
    Ok(ServerCertificate {
        metadata: metadata(&row),
        certificate_body: row.body,
        certificate_chain: row.chain,
        tags,
    })
}

/// `ListServerCertificates`, by name under a path prefix.
pub async fn list_server_certificates(
    ctx: &Ctx,
    principal: &Principal,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<ServerCertificateMetadata>> {
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let list = "server-certificates";
    let after = page.after(list)?;
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:ListServerCertificates",
        "*",
    )
    .await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::server_certificates::list(
        &mut conn,
        account_id,
        prefix,
        after.as_deref(),
        limit + 1,
    )
    .await
    .map_err(db_error)?;
    Ok(paginate(
        rows,
        limit,
        list,
        |r| name_key(&r.name),
        |r| metadata(&r),
    ))
}

/// `UpdateServerCertificate`: a new name, a new path, or both. The caller needs the action on
/// the certificate under its old name and its new one, as on AWS.
pub async fn update_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    new_path: Option<&str>,
    new_name: Option<&str>,
) -> IamResult<()> {
    if let Some(new_name) = new_name {
        validate_name(
            NameKind::ServerCertificate,
            "newServerCertificateName",
            new_name,
        )?;
    }
    if let Some(new_path) = new_path {
        validate_path("newPath", new_path)?;
    }
    let action = "iam:UpdateServerCertificate";
    let mut tx = ctx.begin().await?;
    let row = load_authorized(&mut tx, principal, name, action, &[]).await?;
    let account_id = principal.account_id();
    let target_name = new_name.unwrap_or(&row.name);
    let target_path = new_path.unwrap_or(&row.path);
    authz::authorize(
        &mut tx,
        principal,
        account_id,
        action,
        &arn::server_certificate_arn(account_id, target_path, target_name),
    )
    .await?;
    if name_key(target_name) != name_key(&row.name)
        && store::server_certificates::find(&mut tx, account_id, target_name)
            .await
            .map_err(db_error)?
            .is_some()
    {
        return Err(IamError::already_exists(format!(
            "The Server Certificate with name {target_name} already exists."
        )));
    }
    store::server_certificates::rename(&mut tx, &row.id, target_name, target_path)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `DeleteServerCertificate`.
pub async fn delete_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let row = load_authorized(&mut tx, principal, name, "iam:DeleteServerCertificate", &[]).await?;
    store::tags::remove_all(&mut tx, SERVER_CERTIFICATE, &row.id)
        .await
        .map_err(db_error)?;
    store::server_certificates::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `TagServerCertificate`.
pub async fn tag_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    new_tags: &[Tag],
) -> IamResult<()> {
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    let action = "iam:TagServerCertificate";
    let row = load_authorized(&mut tx, principal, name, action, &authz::as_extra(&keys)).await?;
    let account_id = principal.account_id();
    tags::merge_tags(
        &mut tx,
        account_id,
        SERVER_CERTIFICATE,
        &row.id,
        new_tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

/// `UntagServerCertificate`.
pub async fn untag_server_certificate(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    keys: &[String],
) -> IamResult<()> {
    tags::validate_keys(keys)?;
    let mut tx = ctx.begin().await?;
    let tag_keys = [("aws:TagKeys", keys.to_vec())];
    let action = "iam:UntagServerCertificate";
    let row = load_authorized(&mut tx, principal, name, action, &tag_keys).await?;
    tags::remove_tags(&mut tx, SERVER_CERTIFICATE, &row.id, keys, false).await?;
    tx.commit().await.map_err(db_error)
}

/// `ListServerCertificateTags`.
pub async fn list_server_certificate_tags(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    page.limit()?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let action = "iam:ListServerCertificateTags";
    let row = load_authorized(&mut conn, principal, name, action, &[]).await?;
    let list = "server-certificate-tags";
    tags::page_of_tags(&mut conn, SERVER_CERTIFICATE, &row.id, list, page).await
}

#[cfg(test)]
mod tests;
