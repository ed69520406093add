//! Service-specific credentials: `CreateServiceSpecificCredential`,
//! `ListServiceSpecificCredentials`, `ResetServiceSpecificCredential`,
//! `UpdateServiceSpecificCredential` and `DeleteServiceSpecificCredential`.
//!
//! A user name and password for one service (AWS CodeCommit's HTTPS Git, Amazon Keyspaces). The
//! password is shown when it is created or reset and never again: only its SHA-256 is kept, as
//! it is random and long.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::ids::{IdPrefix, encode_id};
use crate::ops::access_keys::KeyStatus;
use crate::ops::{Principal, authz, timestamp, users};
use crate::secrets::SecretString;
use crate::store::{self, db_error, service_credentials::ServiceCredentialRow, users::UserRow};

/// The services that take these credentials.
pub const SERVICES: [&str; 2] = ["codecommit.amazonaws.com", "cassandra.amazonaws.com"];
/// Credentials one user may hold for one service.
pub const PER_USER_PER_SERVICE: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCredential {
    pub service_specific_credential_id: String,
    pub user_name: String,
    pub service_name: String,
    pub service_user_name: String,
    pub status: KeyStatus,
    pub create_date: OffsetDateTime,
}

/// A credential with its password, as creating or resetting it answers.
#[derive(Debug, Clone)]
pub struct IssuedCredential {
    pub credential: ServiceCredential,
    pub service_password: SecretString,
}

fn view(row: &ServiceCredentialRow, user_name: &str) -> ServiceCredential {
    ServiceCredential {
        service_specific_credential_id: row.id.clone(),
        user_name: user_name.to_owned(),
        service_name: row.service_name.clone(),
        service_user_name: row.service_user_name.clone(),
        status: KeyStatus::from_stored(&row.status),
        create_date: timestamp(row.created_at),
    }
}

fn new_password(ctx: &Ctx) -> (SecretString, String) {
    let password = SecretString::new(base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        ctx.random_bytes::<32>(),
    ));
    let hash = hex::encode(Sha256::digest(password.expose().as_bytes()));
    (password, hash)
}

fn validate_service(service_name: &str) -> IamResult<()> {
    if SERVICES.contains(&service_name) {
        Ok(())
    } else {
        Err(IamError::new(
            ErrorCode::NotSupportedService,
            format!(
                "The specified service {service_name} is not supported. Supported services: {}.",
                SERVICES.join(", ")
            ),
        ))
    }
}

fn validate_credential_id(id: &str) -> IamResult<()> {
    if (20..=128).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(IamError::constraint(
            "serviceSpecificCredentialId",
            id,
            "Member must have length greater than or equal to 20 and satisfy regular expression pattern: [\\w]+",
        ))
    }
}

fn user_arn(user: &UserRow) -> String {
    arn::user_arn(&user.account_id, &user.path, &user.name)
}

/// `CreateServiceSpecificCredential`.
pub async fn create_credential(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    service_name: &str,
) -> IamResult<IssuedCredential> {
    let account_id = principal.account_id();
    let mut tx = ctx.begin().await?;
    let user = users::named_or_calling_user(&mut tx, principal, Some(user_name))
        .await?
        .ok_or_else(users::user_name_required)?;
    authz::authorize(
        &mut tx,
        principal,
        account_id,
        "iam:CreateServiceSpecificCredential",
        &user_arn(&user),
    )
    .await?;
    validate_service(service_name)?;
    let held = store::service_credentials::list_for(&mut tx, &user.id)
        .await
        .map_err(db_error)?
        .iter()
        .filter(|c| c.service_name == service_name)
        .count();
    if held >= PER_USER_PER_SERVICE {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {PER_USER_PER_SERVICE}"
        )));
    }
    let (password, password_hash) = new_password(ctx);
    let row = ServiceCredentialRow {
        id: encode_id(
            IdPrefix::ServiceSpecificCredential,
            &ctx.random_bytes::<17>(),
        ),
        account_id: account_id.to_owned(),
        user_id: user.id.clone(),
        service_name: service_name.to_owned(),
        service_user_name: format!("{}-at-{account_id}", user.name),
        password_hash,
        status: "Active".to_owned(),
        created_at: ctx.now(),
    };
    store::service_credentials::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(IssuedCredential {
        credential: view(&row, &user.name),
        service_password: password,
    })
}

/// `ListServiceSpecificCredentials`: the user's credentials, of one service if named.
pub async fn list_credentials(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    service_name: Option<&str>,
) -> IamResult<Vec<ServiceCredential>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some(user) = users::named_or_calling_user(&mut conn, principal, user_name).await? else {
        return Ok(Vec::new());
    };
    authz::authorize(
        &mut conn,
        principal,
        principal.account_id(),
        "iam:ListServiceSpecificCredentials",
        &user_arn(&user),
    )
    .await?;
    if let Some(service) = service_name {
        validate_service(service)?;
    }
    Ok(store::service_credentials::list_for(&mut conn, &user.id)
        .await
        .map_err(db_error)?
        .iter()
        .filter(|c| service_name.is_none_or(|s| s == c.service_name))
        .map(|c| view(c, &user.name))
        .collect())
}

/// Authorizes `action` on the user, then finds the user's credential of that ID.
async fn load_credential(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
    action: &str,
) -> IamResult<(UserRow, ServiceCredentialRow)> {
    validate_credential_id(id)?;
    let missing = || IamError::no_such_entity(format!("No such service specific credential: {id}"));
    let user = users::named_or_calling_user(conn, principal, user_name)
        .await?
        .ok_or_else(missing)?;
    authz::authorize(
        conn,
        principal,
        principal.account_id(),
        action,
        &user_arn(&user),
    )
    .await?;
    let credential = store::service_credentials::list_for(conn, &user.id)
        .await
        .map_err(db_error)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(missing)?;
    Ok((user, credential))
}

/// `ResetServiceSpecificCredential`: a new password.
pub async fn reset_credential(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
) -> IamResult<IssuedCredential> {
    let mut tx = ctx.begin().await?;
    let action = "iam:ResetServiceSpecificCredential";
    let (user, row) = load_credential(&mut tx, principal, user_name, id, action).await?;
    let (password, password_hash) = new_password(ctx);
    store::service_credentials::set_password(&mut tx, &row.id, &password_hash)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(IssuedCredential {
        credential: view(&row, &user.name),
        service_password: password,
    })
}

/// `UpdateServiceSpecificCredential`: `Active` or `Inactive`.
pub async fn update_credential(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
    status: KeyStatus,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let action = "iam:UpdateServiceSpecificCredential";
    let (_, row) = load_credential(&mut tx, principal, user_name, id, action).await?;
    store::service_credentials::set_status(&mut tx, &row.id, status.as_str())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `DeleteServiceSpecificCredential`.
pub async fn delete_credential(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    id: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let action = "iam:DeleteServiceSpecificCredential";
    let (_, row) = load_credential(&mut tx, principal, user_name, id, action).await?;
    store::service_credentials::delete(&mut tx, &row.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests;
