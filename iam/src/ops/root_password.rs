//! The root user's own password change ("My security credentials" signed in as root): the
//! current password must match, the new one follows the rules of a new account's root
//! password, and every root console session ends.

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::password::EffectivePasswordPolicy;
use crate::ops::Principal;
use crate::secrets::SecretString;
use crate::store::{self, db_error};

pub async fn change_root_password(
    ctx: &Ctx,
    principal: &Principal,
    current: &SecretString,
    new: &SecretString,
) -> IamResult<()> {
    let Principal::Root { account_id } = principal else {
        return Err(IamError::new(
            ErrorCode::InvalidUserType,
            "Only the root user can change the root user's password.",
        ));
    };
    let root = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::accounts::find_root(&mut conn, account_id)
            .await
            .map_err(db_error)?
            .ok_or_else(|| IamError::no_such_entity("The root user cannot be found."))?
    };
    if !ctx
        .verify_password(current.expose(), Some(&root.password_hash))
        .await?
    {
        return Err(IamError::invalid_input(
            "The current password you entered is incorrect.",
        ));
    }
    EffectivePasswordPolicy::IamDefault.check(new.expose(), &[&root.email])?;
    let hash = ctx.hash_password(new.expose()).await?;
    let mut tx = ctx.begin().await?;
    store::accounts::set_root_password(&mut tx, account_id, &hash, ctx.now())
        .await
        .map_err(db_error)?;
    store::sessions::delete_for(&mut tx, account_id, None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::signin::sign_in_root;
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn needs_the_current_password_and_a_strong_new_one() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        let email = "root@example.com";
        let wrong = SecretString::new("not-the-password");
        let strong = SecretString::new("Brand-New-Root-9");
        let err = change_root_password(&ctx, &root, &wrong, &strong)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        let current = SecretString::new("Root-Pass-1");
        let weak = SecretString::new("short");
        assert!(
            change_root_password(&ctx, &root, &current, &weak)
                .await
                .is_err()
        );
        change_root_password(&ctx, &root, &current, &strong)
            .await
            .unwrap();
        sign_in_root(&ctx, email, &strong).await.unwrap();
        assert!(sign_in_root(&ctx, email, &current).await.is_err());
    }
}
