//! SSH public keys for AWS CodeCommit: `UploadSSHPublicKey`, `GetSSHPublicKey`,
//! `ListSSHPublicKeys`, `UpdateSSHPublicKey` and `DeleteSSHPublicKey`.

mod key;

pub use key::SshPublicKey;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::ops::access_keys::KeyStatus;
use crate::ops::paging::{Page, PageRequest, page_of};
use crate::ops::{Principal, authz, timestamp, users};
use crate::store::{self, db_error, ssh_public_keys::SshPublicKeyRow, users::UserRow};

/// AWS's quota of SSH public keys per user.
pub const KEYS_PER_USER: usize = 5;
/// The longest key body the API takes.
const MAX_BODY_LEN: usize = 16384;

/// How `GetSSHPublicKey` shows the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEncoding {
    Ssh,
    Pem,
}

impl KeyEncoding {
    pub fn parse(value: &str) -> IamResult<Self> {
        match value {
            "SSH" => Ok(Self::Ssh),
            "PEM" => Ok(Self::Pem),
            other => Err(IamError::constraint(
                "encoding",
                other,
                "Member must satisfy enum value set: [SSH, PEM]",
            )),
        }
    }
}

/// A key as listings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshPublicKeyMetadata {
    pub user_name: String,
    pub ssh_public_key_id: String,
    pub status: KeyStatus,
    pub upload_date: OffsetDateTime,
}

/// A key with its body and fingerprint, as uploading and getting it answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshPublicKeyDetails {
    pub metadata: SshPublicKeyMetadata,
    pub fingerprint: String,
    pub body: String,
}

fn metadata(row: &SshPublicKeyRow, user_name: &str) -> SshPublicKeyMetadata {
    SshPublicKeyMetadata {
        user_name: user_name.to_owned(),
        ssh_public_key_id: row.id.clone(),
        status: KeyStatus::from_stored(&row.status),
        upload_date: timestamp(row.uploaded_at),
    }
}

fn user_arn(user: &UserRow) -> String {
    arn::user_arn(&user.account_id, &user.path, &user.name)
}

fn validate_key_id(id: &str) -> IamResult<()> {
    if (20..=128).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(IamError::constraint(
            "sSHPublicKeyId",
            id,
            "Member must have length greater than or equal to 20 and satisfy regular expression pattern: [\\w]+",
        ))
    }
}

/// Loads the named user (or the caller) and authorizes `action` on them.
async fn authorized_user(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
    action: &str,
) -> IamResult<Option<UserRow>> {
    let Some(user) = users::named_or_calling_user(conn, principal, user_name).await? else {
        return Ok(None);
    };
    authz::authorize(
        conn,
        principal,
        principal.account_id(),
        action,
        &user_arn(&user),
    )
    .await?;
    Ok(Some(user))
}

/// Authorizes `action` on the user, then finds the user's key of that ID.
async fn load_key(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: &str,
    id: &str,
    action: &str,
) -> IamResult<(UserRow, SshPublicKeyRow)> {
    validate_key_id(id)?;
    let missing =
        || IamError::no_such_entity(format!("The Public Key with id {id} cannot be found."));
    let user = authorized_user(conn, principal, Some(user_name), action)
        .await?
        .ok_or_else(missing)?;
    let key = store::ssh_public_keys::list_for(conn, &user.id)
        .await
        .map_err(db_error)?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or_else(missing)?;
    Ok((user, key))
}

/// `UploadSSHPublicKey`: an ssh-rsa key of at least 2048 bits, in OpenSSH or PEM form.
pub async fn upload_ssh_public_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    body: &str,
) -> IamResult<SshPublicKeyDetails> {
    let mut tx = ctx.begin().await?;
    let user = authorized_user(
        &mut tx,
        principal,
        Some(user_name),
        "iam:UploadSSHPublicKey",
    )
    .await?
    .ok_or_else(users::user_name_required)?;
    if body.is_empty() || body.len() > MAX_BODY_LEN {
        return Err(IamError::constraint(
            "sSHPublicKeyBody",
            "***",
            "Member must have length less than or equal to 16384 and greater than or equal to 1",
        ));
    }
    let key = SshPublicKey::parse(body)?;
    let fingerprint = key.fingerprint();
    let held = store::ssh_public_keys::list_for(&mut tx, &user.id)
        .await
        .map_err(db_error)?;
    if held.iter().any(|k| k.fingerprint == fingerprint) {
        return Err(IamError::new(
            ErrorCode::DuplicateSshPublicKey,
            "The specified SSH public key is already associated with the specified IAM user.",
        ));
    }
    if held.len() >= KEYS_PER_USER {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for SSHPublicKeysPerUser: {KEYS_PER_USER}"
        )));
    }
    let row = SshPublicKeyRow {
        id: encode_id(IdPrefix::SshPublicKey, &ctx.random_bytes::<17>()),
        account_id: user.account_id.clone(),
        user_id: user.id.clone(),
        body: key.to_openssh(),
        fingerprint,
        status: KeyStatus::Active.as_str().to_owned(),
        uploaded_at: ctx.now(),
    };
    store::ssh_public_keys::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(SshPublicKeyDetails {
        metadata: metadata(&row, &user.name),
        fingerprint: row.fingerprint.clone(),
        body: row.body.clone(),
    })
}

/// `GetSSHPublicKey`, in OpenSSH or PEM form.
pub async fn get_ssh_public_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    id: &str,
    encoding: KeyEncoding,
) -> IamResult<SshPublicKeyDetails> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let (user, row) = load_key(&mut conn, principal, user_name, id, "iam:GetSSHPublicKey").await?;
    let body = match encoding {
        KeyEncoding::Ssh => row.body.clone(),
        KeyEncoding::Pem => SshPublicKey::parse(&row.body)?.to_pem()?,
    };
    Ok(SshPublicKeyDetails {
        metadata: metadata(&row, &user.name),
        fingerprint: row.fingerprint.clone(),
        body,
    })
}

/// `ListSSHPublicKeys`: the named user's keys, or the caller's (the root user has none).
pub async fn list_ssh_public_keys(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<SshPublicKeyMetadata>> {
    page.limit()?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(user) =
        authorized_user(&mut conn, principal, user_name, "iam:ListSSHPublicKeys").await?
    else {
        return Ok(Page {
            items: Vec::new(),
            marker: None,
        });
    };
    let rows = store::ssh_public_keys::list_for(&mut conn, &user.id)
        .await
        .map_err(db_error)?;
    page_of(
        rows,
        page,
        "ssh-public-keys",
        |k| k.id.clone(),
        |k| metadata(&k, &user.name),
    )
}

/// `UpdateSSHPublicKey`: `Active` or `Inactive`.
pub async fn update_ssh_public_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    id: &str,
    status: KeyStatus,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let (_, row) = load_key(&mut tx, principal, user_name, id, "iam:UpdateSSHPublicKey").await?;
    store::ssh_public_keys::set_status(&mut tx, &row.id, status.as_str())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `DeleteSSHPublicKey`.
pub async fn delete_ssh_public_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    id: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let (_, row) = load_key(&mut tx, principal, user_name, id, "iam:DeleteSSHPublicKey").await?;
    store::ssh_public_keys::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests;
