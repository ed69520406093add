//! The account alias: `CreateAccountAlias`, `DeleteAccountAlias`, `ListAccountAliases`.
//! An account has at most one alias, unique across the installation; a new one replaces the old.

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::AccountAlias;
use crate::ops::{Principal, authz};
use crate::store::{self, db_error};

pub async fn create_account_alias(ctx: &Ctx, principal: &Principal, alias: &str) -> IamResult<()> {
    let alias = AccountAlias::parse(alias)?;
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:CreateAccountAlias", "*").await?;
    let taken = || {
        IamError::already_exists(format!(
            "The account alias {} already exists.",
            alias.as_str()
        ))
    };
    let mut tx = ctx.begin().await?;
    if let Some(owner) = store::accounts::find_by_alias(&mut tx, alias.as_str())
        .await
        .map_err(db_error)?
    {
        if owner.id == account_id {
            return Ok(());
        }
        return Err(taken());
    }
    store::accounts::set_alias(&mut tx, account_id, Some(alias.as_str()))
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                taken()
            } else {
                db_error(e)
            }
        })?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_account_alias(ctx: &Ctx, principal: &Principal, alias: &str) -> IamResult<()> {
    let parsed = AccountAlias::parse(alias)?;
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:DeleteAccountAlias", "*").await?;
    let mut tx = ctx.begin().await?;
    let current = store::accounts::find(&mut tx, account_id)
        .await
        .map_err(db_error)?
        .and_then(|a| a.alias);
    if current.as_deref() != Some(parsed.as_str()) {
        return Err(IamError::no_such_entity(format!(
            "The account alias {alias} cannot be found."
        )));
    }
    store::accounts::set_alias(&mut tx, account_id, None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn list_account_aliases(ctx: &Ctx, principal: &Principal) -> IamResult<Vec<String>> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListAccountAliases", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let account = store::accounts::find(&mut conn, account_id)
        .await
        .map_err(db_error)?;
    Ok(account.and_then(|a| a.alias).into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::accounts::{CreateAccountRequest, create_account};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn one_alias_per_account_unique_everywhere() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        assert_eq!(
            list_account_aliases(&ctx, &root).await.unwrap(),
            ["example"]
        );
        create_account_alias(&ctx, &root, "renamed").await.unwrap();
        assert_eq!(
            list_account_aliases(&ctx, &root).await.unwrap(),
            ["renamed"]
        );

        let other = create_account(
            &ctx,
            CreateAccountRequest {
                email: "b@example.com".into(),
                password: "Other-Pass-1".into(),
                alias: None,
            },
        )
        .await
        .unwrap();
        let other_root = Principal::Root {
            account_id: other.account_id,
        };
        assert_eq!(
            create_account_alias(&ctx, &other_root, "renamed")
                .await
                .unwrap_err()
                .code,
            ErrorCode::EntityAlreadyExists
        );
        assert_eq!(
            create_account_alias(&ctx, &other_root, "Bad_Alias")
                .await
                .unwrap_err()
                .code,
            ErrorCode::ValidationError
        );
        assert_eq!(
            delete_account_alias(&ctx, &root, "example")
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
        delete_account_alias(&ctx, &root, "renamed").await.unwrap();
        assert!(list_account_aliases(&ctx, &root).await.unwrap().is_empty());
    }
}
