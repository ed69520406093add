//! Access keys: `CreateAccessKey`, `ListAccessKeys`, `UpdateAccessKey`, `DeleteAccessKey`,
//! `GetAccessKeyLastUsed`, and the look-up SigV4 verification needs.
//!
//! The secret is returned once, by `create_access_key`; it is stored sealed and leaves the
//! engine again only as `SigningKey` for request verification.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id, encode_secret, is_access_key_id_shape};
use crate::model::names::{NameKind, validate_name};
use crate::ops::{Principal, authz, timestamp, users};
use crate::secrets::SecretString;
use crate::store::{self, access_keys::AccessKeyRow, db_error};

/// AWS's quota of access keys per user (and for the root user).
pub const KEYS_PER_USER: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyStatus {
    Active,
    Inactive,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
        }
    }

    /// A status as the store keeps it (always one of the two).
    pub fn from_stored(value: &str) -> Self {
        if value == "Active" {
            Self::Active
        } else {
            Self::Inactive
        }
    }

    pub fn parse(value: &str) -> IamResult<Self> {
        match value {
            "Active" => Ok(Self::Active),
            "Inactive" => Ok(Self::Inactive),
            other => Err(IamError::constraint(
                "status",
                other,
                "Member must satisfy enum value set: [Active, Inactive]",
            )),
        }
    }
}

/// A new key with its secret: the one time the secret is seen.
#[derive(Debug, Clone)]
pub struct NewAccessKey {
    pub user_name: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    pub status: KeyStatus,
    pub create_date: OffsetDateTime,
}

/// Key metadata: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKeyMetadata {
    pub user_name: String,
    pub access_key_id: String,
    pub status: KeyStatus,
    pub create_date: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKeyLastUsed {
    pub user_name: String,
    pub last_used_date: Option<OffsetDateTime>,
    pub service_name: String,
    pub region: String,
}

/// Whose keys (or signing certificates) an operation acts on: a named user, or the caller
/// itself, root included.
pub(crate) struct KeyOwner {
    /// `None` for the root user.
    pub(crate) user_id: Option<String>,
    /// The `UserName` AWS reports (the account ID's root has none; AWS shows the account ID).
    pub(crate) user_name: String,
    pub(crate) arn: String,
}

pub(crate) async fn owner(
    conn: &mut sqlx::SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<KeyOwner> {
    let account_id = principal.account_id();
    match (user_name, principal) {
        (Some(name), _) => {
            validate_name(NameKind::ExistingUser, "userName", name)?;
            let row = users::load(conn, account_id, name).await?;
            Ok(KeyOwner {
                arn: arn::user_arn(account_id, &row.path, &row.name),
                user_id: Some(row.id),
                user_name: row.name,
            })
        }
        (None, Principal::User { user_id, name, .. }) => Ok(KeyOwner {
            user_id: Some(user_id.clone()),
            user_name: name.clone(),
            arn: principal.arn(),
        }),
        (None, Principal::Root { account_id }) => Ok(KeyOwner {
            user_id: None,
            user_name: account_id.clone(),
            arn: principal.arn(),
        }),
        (None, Principal::Role(_) | Principal::Federated(_)) => {
            Err(crate::ops::users::user_name_required())
        }
    }
}

fn metadata(row: AccessKeyRow, user_name: &str) -> AccessKeyMetadata {
    AccessKeyMetadata {
        user_name: user_name.to_owned(),
        status: KeyStatus::from_stored(&row.status),
        access_key_id: row.id,
        create_date: timestamp(row.created_at),
    }
}

pub async fn create_access_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<NewAccessKey> {
    let mut tx = ctx.begin().await?;
    let key = create_access_key_in(ctx, &mut tx, principal, user_name).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(key)
}

/// `create_access_key` within the caller's transaction.
pub(crate) async fn create_access_key_in(
    ctx: &Ctx,
    tx: &mut sqlx::SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<NewAccessKey> {
    let account_id = principal.account_id().to_owned();
    let owner = owner(&mut *tx, principal, user_name).await?;
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreateAccessKey",
        &owner.arn,
    )
    .await?;
    let existing = store::access_keys::list_for(&mut *tx, &account_id, owner.user_id.as_deref())
        .await
        .map_err(db_error)?;
    if existing.len() >= KEYS_PER_USER {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for AccessKeysPerUser: {KEYS_PER_USER}"
        )));
    }
    let id = encode_id(IdPrefix::AccessKey, &ctx.random_bytes::<16>());
    let secret = SecretString::new(encode_secret(&ctx.random_bytes::<40>()));
    let now = ctx.now();
    insert_key(
        ctx,
        &mut *tx,
        &account_id,
        owner.user_id.as_deref(),
        &id,
        &secret,
        now,
    )
    .await?;
    Ok(NewAccessKey {
        user_name: owner.user_name,
        access_key_id: id,
        secret_access_key: secret,
        status: KeyStatus::Active,
        create_date: timestamp(now),
    })
}

async fn insert_key(
    ctx: &Ctx,
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
    id: &str,
    secret: &SecretString,
    now: i64,
) -> IamResult<()> {
    let nonce: [u8; 12] = ctx.random_bytes();
    let sealed = ctx.cipher.seal(&nonce, secret.expose())?;
    let key = store::access_keys::NewAccessKey {
        id,
        account_id,
        user_id,
        secret_nonce: &nonce,
        secret_ciphertext: &sealed,
        created_at: now,
    };
    store::access_keys::insert(conn, &key).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            IamError::already_exists(format!("The access key {id} already exists."))
        } else {
            db_error(e)
        }
    })
}

/// Gives the root user of `account_id` a key with a chosen ID and secret, unless that key ID
/// exists already (bootstrap for scripts and tests).
pub async fn import_root_key(
    ctx: &Ctx,
    account_id: &str,
    key_id: &str,
    secret: &SecretString,
) -> IamResult<()> {
    if !is_access_key_id_shape(key_id) {
        return Err(IamError::validation(format!(
            "Access key ID {key_id} is not valid: 16 to 128 letters, digits or underscores."
        )));
    }
    if secret.expose().len() < 16 || secret.expose().len() > 128 {
        return Err(IamError::validation(
            "A secret access key must be 16 to 128 characters long.",
        ));
    }
    let mut tx = ctx.begin().await?;
    if store::access_keys::find(&mut tx, key_id)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Ok(());
    }
    insert_key(ctx, &mut tx, account_id, None, key_id, secret, ctx.now()).await?;
    tx.commit().await.map_err(db_error)
}

pub async fn list_access_keys(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<Vec<AccessKeyMetadata>> {
    let account_id = principal.account_id().to_owned();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let owner = owner(&mut conn, principal, user_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        &account_id,
        "iam:ListAccessKeys",
        &owner.arn,
    )
    .await?;
    let rows = store::access_keys::list_for(&mut conn, &account_id, owner.user_id.as_deref())
        .await
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|r| metadata(r, &owner.user_name))
        .collect())
}

/// Finds a key of the owner, or AWS's `NoSuchEntity` for it.
async fn owned_key(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    owner: &KeyOwner,
    key_id: &str,
) -> IamResult<AccessKeyRow> {
    store::access_keys::find(conn, key_id)
        .await
        .map_err(db_error)?
        .filter(|row| row.account_id == account_id && row.user_id == owner.user_id)
        .ok_or_else(|| {
            IamError::no_such_entity(format!("The Access Key with id {key_id} cannot be found"))
        })
}

pub async fn update_access_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    key_id: &str,
    status: KeyStatus,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let owner = owner(&mut tx, principal, user_name).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:UpdateAccessKey",
        &owner.arn,
    )
    .await?;
    owned_key(&mut tx, &account_id, &owner, key_id).await?;
    store::access_keys::set_status(&mut tx, key_id, status.as_str())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_access_key(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    key_id: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let owner = owner(&mut tx, principal, user_name).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteAccessKey",
        &owner.arn,
    )
    .await?;
    owned_key(&mut tx, &account_id, &owner, key_id).await?;
    store::access_keys::delete(&mut tx, key_id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn get_access_key_last_used(
    ctx: &Ctx,
    principal: &Principal,
    key_id: &str,
) -> IamResult<AccessKeyLastUsed> {
    let account_id = principal.account_id().to_owned();
    // Key uses are written in the background; answer with every one so far.
    ctx.audit.flush().await;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = store::access_keys::find(&mut conn, key_id)
        .await
        .map_err(db_error)?
        .filter(|row| row.account_id == account_id)
        .ok_or_else(|| {
            IamError::no_such_entity(format!("The Access Key with id {key_id} cannot be found"))
        })?;
    let (user_name, arn) = match &row.user_id {
        Some(user_id) => {
            let user = store::users::find_by_id(&mut conn, user_id)
                .await
                .map_err(db_error)?
                .ok_or_else(IamError::service_failure)?;
            (
                user.name.clone(),
                arn::user_arn(&account_id, &user.path, &user.name),
            )
        }
        None => (account_id.clone(), arn::root_arn(&account_id)),
    };
    authz::authorize(
        &mut conn,
        principal,
        &account_id,
        "iam:GetAccessKeyLastUsed",
        &arn,
    )
    .await?;
    let used = row.last_used_at.is_some();
    Ok(AccessKeyLastUsed {
        user_name,
        last_used_date: row.last_used_at.map(timestamp),
        service_name: if used {
            row.last_used_service.unwrap_or_else(|| "N/A".into())
        } else {
            "N/A".into()
        },
        region: if used {
            row.last_used_region.unwrap_or_else(|| "N/A".into())
        } else {
            "N/A".into()
        },
    })
}

/// What SigV4 verification needs to know about a key.
#[derive(Debug, Clone)]
pub struct SigningKey {
    pub principal: Principal,
    pub secret: SecretString,
    pub active: bool,
}

/// What the key cache keeps of a key: its owner, its status and its secret still sealed, so no
/// plaintext secret stays in memory between requests.
#[derive(Clone)]
pub(crate) struct SealedKey {
    principal: Principal,
    active: bool,
    secret_nonce: Vec<u8>,
    secret_ciphertext: Vec<u8>,
}

/// Looks up the key `key_id` for request verification: its owner and its secret. `None` when
/// no such key exists (or its owner is gone).
pub async fn signing_key(ctx: &Ctx, key_id: &str) -> IamResult<Option<SigningKey>> {
    let version = ctx.caches.key_version();
    let owner = match ctx.caches.signing_keys.get(&key_id.to_owned(), version) {
        Some(owner) => owner,
        None => {
            let Some(owner) = load_key_owner(ctx, key_id).await? else {
                return Ok(None);
            };
            ctx.caches
                .signing_keys
                .insert(key_id.to_owned(), version, owner.clone());
            owner
        }
    };
    let secret = SecretString::new(
        ctx.cipher
            .open(&owner.secret_nonce, &owner.secret_ciphertext)?,
    );
    Ok(Some(SigningKey {
        principal: owner.principal,
        secret,
        active: owner.active,
    }))
}

async fn load_key_owner(ctx: &Ctx, key_id: &str) -> IamResult<Option<SealedKey>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(row) = store::access_keys::find(&mut conn, key_id)
        .await
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    let Some(principal) =
        Principal::load(&mut conn, &row.account_id, row.user_id.as_deref()).await?
    else {
        return Ok(None);
    };
    Ok(Some(SealedKey {
        principal,
        active: row.status == "Active",
        secret_nonce: row.secret_nonce,
        secret_ciphertext: row.secret_ciphertext,
    }))
}

/// Records that `key_id` signed a request (`GetAccessKeyLastUsed`, the credential report);
/// written in the background with the audit trail.
pub fn record_use(ctx: &Ctx, key_id: &str, region: &str, service: &str) {
    ctx.audit.key_used(key_id, region, service);
}
