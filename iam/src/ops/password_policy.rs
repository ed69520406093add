//! The account password policy: `GetAccountPasswordPolicy`, `UpdateAccountPasswordPolicy`,
//! `DeleteAccountPasswordPolicy`, and the check every password set goes through.

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::PasswordPolicy;
use crate::model::password::EffectivePasswordPolicy;
use crate::ops::{Principal, authz};
use crate::store::{self, db_error};

/// The policy in force for `account_id`.
pub async fn effective(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
) -> IamResult<EffectivePasswordPolicy> {
    let custom = store::password_policies::find(conn, account_id)
        .await
        .map_err(db_error)?;
    Ok(custom.map_or(
        EffectivePasswordPolicy::IamDefault,
        EffectivePasswordPolicy::Custom,
    ))
}

pub async fn get_account_password_policy(
    ctx: &Ctx,
    principal: &Principal,
) -> IamResult<PasswordPolicy> {
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:GetAccountPasswordPolicy",
        "*",
    )
    .await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::password_policies::find(&mut conn, account_id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| {
            IamError::no_such_entity(format!(
                "The Password Policy with domain name {account_id} cannot be found."
            ))
        })
}

/// Checks the ranges `UpdateAccountPasswordPolicy` accepts.
pub fn validate_policy(policy: &PasswordPolicy) -> IamResult<()> {
    let range = |member: &str, value: u32, min: u32, max: u32| {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            Err(IamError::constraint(
                member,
                &value.to_string(),
                &format!(
                    "Member must have value less than or equal to {max} and greater than or equal to {min}"
                ),
            ))
        }
    };
    range(
        "minimumPasswordLength",
        policy.minimum_password_length,
        6,
        128,
    )?;
    if let Some(age) = policy.max_password_age {
        range("maxPasswordAge", age, 1, 1095)?;
    }
    if let Some(reuse) = policy.password_reuse_prevention {
        range("passwordReusePrevention", reuse, 1, 24)?;
    }
    Ok(())
}

pub async fn update_account_password_policy(
    ctx: &Ctx,
    principal: &Principal,
    policy: PasswordPolicy,
) -> IamResult<()> {
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:UpdateAccountPasswordPolicy",
        "*",
    )
    .await?;
    validate_policy(&policy)?;
    let mut tx = ctx.begin().await?;
    store::password_policies::replace(&mut tx, account_id, &policy)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_account_password_policy(ctx: &Ctx, principal: &Principal) -> IamResult<()> {
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:DeleteAccountPasswordPolicy",
        "*",
    )
    .await?;
    let mut tx = ctx.begin().await?;
    if !store::password_policies::delete(&mut tx, account_id)
        .await
        .map_err(db_error)?
    {
        return Err(IamError::no_such_entity(format!(
            "The account policy with name {account_id} cannot be found."
        )));
    }
    tx.commit().await.map_err(db_error)
}

/// Checks a new password for user `user_id` against the policy in force, including reuse
/// prevention against the user's recent passwords.
pub async fn check_new_password(
    ctx: &Ctx,
    account_id: &str,
    user_id: Option<&str>,
    password: &str,
) -> IamResult<()> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let policy = effective(&mut conn, account_id).await?;
    let root_email = store::accounts::find_root(&mut conn, account_id)
        .await
        .map_err(db_error)?
        .map(|r| r.email);
    let mut forbidden = vec![account_id];
    if let Some(email) = &root_email {
        forbidden.push(email);
    }
    policy.check(password, &forbidden)?;
    if let (EffectivePasswordPolicy::Custom(custom), Some(user_id)) = (&policy, user_id)
        && let Some(n) = custom.password_reuse_prevention
    {
        let recent = store::login_profiles::recent_passwords(&mut conn, user_id, n)
            .await
            .map_err(db_error)?;
        drop(conn);
        for hash in recent {
            if ctx.verify_password(password, Some(&hash)).await? {
                return Err(IamError::password_policy(format!(
                    "Password should not be one of your previous {n} passwords"
                )));
            }
        }
    }
    Ok(())
}
