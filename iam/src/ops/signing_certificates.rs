//! X.509 signing certificates: `UploadSigningCertificate`, `ListSigningCertificates`,
//! `UpdateSigningCertificate` and `DeleteSigningCertificate`. A user's, or the root user's when
//! the root user calls without a user name.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::ids::{IdPrefix, encode_id};
use crate::ops::access_keys::{self, KeyOwner, KeyStatus};
use crate::ops::paging::{Page, PageRequest, page_of};
use crate::ops::{Principal, authz, timestamp, x509};
use crate::store::{self, db_error, signing_certificates::SigningCertificateRow};

/// AWS's quota of signing certificates per user (and for the root user).
pub const CERTIFICATES_PER_USER: usize = 2;
/// The longest certificate body the API takes.
const MAX_BODY_LEN: usize = 16384;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningCertificate {
    pub user_name: String,
    pub certificate_id: String,
    pub certificate_body: String,
    pub status: KeyStatus,
    pub upload_date: OffsetDateTime,
}

fn view(row: SigningCertificateRow, user_name: &str) -> SigningCertificate {
    SigningCertificate {
        user_name: user_name.to_owned(),
        status: KeyStatus::from_stored(&row.status),
        certificate_id: row.id,
        certificate_body: row.body,
        upload_date: timestamp(row.uploaded_at),
    }
}

fn validate_certificate_id(id: &str) -> IamResult<()> {
    if (24..=128).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(IamError::constraint(
            "certificateId",
            id,
            "Member must have length greater than or equal to 24 and satisfy regular expression pattern: [\\w]+",
        ))
    }
}

/// The owner of the certificates, once `action` on them is authorized.
async fn authorized_owner(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
    action: &str,
) -> IamResult<KeyOwner> {
    let owner = access_keys::owner(conn, principal, user_name).await?;
    authz::authorize(conn, principal, principal.account_id(), action, &owner.arn).await?;
    Ok(owner)
}

async fn certificates_of(
    conn: &mut SqliteConnection,
    principal: &Principal,
    owner: &KeyOwner,
) -> IamResult<Vec<SigningCertificateRow>> {
    store::signing_certificates::list_for(conn, principal.account_id(), owner.user_id.as_deref())
        .await
        .map_err(db_error)
}

/// `UploadSigningCertificate`.
pub async fn upload_signing_certificate(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    body: &str,
) -> IamResult<SigningCertificate> {
    let mut tx = ctx.begin().await?;
    let action = "iam:UploadSigningCertificate";
    let owner = authorized_owner(&mut tx, principal, user_name, action).await?;
    if body.is_empty() || body.len() > MAX_BODY_LEN {
        return Err(IamError::constraint(
            "certificateBody",
            "***",
            "Member must have length less than or equal to 16384 and greater than or equal to 1",
        ));
    }
    let certificate = x509::parse_certificate(body)?;
    let account_id = principal.account_id();
    if store::signing_certificates::exists_in_account(&mut tx, account_id, &certificate.der_sha256)
        .await
        .map_err(db_error)?
    {
        return Err(IamError::new(
            ErrorCode::DuplicateCertificate,
            "The certificate is already associated with a user in this account.",
        ));
    }
    if certificates_of(&mut tx, principal, &owner).await?.len() >= CERTIFICATES_PER_USER {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for SigningCertificatesPerUser: {CERTIFICATES_PER_USER}"
        )));
    }
    let row = SigningCertificateRow {
        id: encode_id(IdPrefix::SigningCertificate, &ctx.random_bytes::<32>()),
        account_id: account_id.to_owned(),
        user_id: owner.user_id.clone(),
        body: body.to_owned(),
        der_sha256: certificate.der_sha256,
        status: KeyStatus::Active.as_str().to_owned(),
        uploaded_at: ctx.now(),
    };
    store::signing_certificates::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(view(row, &owner.user_name))
}

/// `ListSigningCertificates`.
pub async fn list_signing_certificates(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<SigningCertificate>> {
    page.limit()?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let action = "iam:ListSigningCertificates";
    let owner = authorized_owner(&mut conn, principal, user_name, action).await?;
    let rows = certificates_of(&mut conn, principal, &owner).await?;
    page_of(
        rows,
        page,
        "signing-certificates",
        |c| c.id.clone(),
        |c| view(c, &owner.user_name),
    )
}

/// Authorizes `action` on the owner, then finds the owner's certificate of that ID.
async fn load_certificate(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
    action: &str,
) -> IamResult<SigningCertificateRow> {
    validate_certificate_id(id)?;
    let owner = authorized_owner(conn, principal, user_name, action).await?;
    certificates_of(conn, principal, &owner)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| {
            IamError::no_such_entity(format!("The Certificate with id {id} cannot be found."))
        })
}

/// `UpdateSigningCertificate`: `Active` or `Inactive`.
pub async fn update_signing_certificate(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
    status: KeyStatus,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let action = "iam:UpdateSigningCertificate";
    let row = load_certificate(&mut tx, principal, user_name, id, action).await?;
    store::signing_certificates::set_status(&mut tx, &row.id, status.as_str())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `DeleteSigningCertificate`.
pub async fn delete_signing_certificate(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let action = "iam:DeleteSigningCertificate";
    let row = load_certificate(&mut tx, principal, user_name, id, action).await?;
    store::signing_certificates::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests;
