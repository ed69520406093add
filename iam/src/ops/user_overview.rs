//! The console's users list: one page of users with the facts its columns show (groups, keys,
//! console access, last activity), found by name or by one of their access key IDs. Listing
//! needs `iam:ListUsers`; each optional fact is shown only where the caller may read it
//! (`iam:ListGroupsForUser`, `iam:ListAccessKeys`, `iam:GetLoginProfile`, `iam:ListMFADevices`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::IamResult;
use crate::model::arn;
use crate::model::ids::is_access_key_id_shape;
use crate::ops::authz::{self, Authorizer};
use crate::ops::{Principal, timestamp};
use crate::store::{self, db_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySummary {
    pub access_key_id: String,
    pub active: bool,
    pub create_date: OffsetDateTime,
    pub last_used: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSummary {
    /// Whether the user has a console password.
    pub enabled: bool,
    pub password_changed: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOverview {
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: OffsetDateTime,
    pub last_sign_in: Option<OffsetDateTime>,
    /// `None` where the caller may not see it.
    pub groups: Option<Vec<String>>,
    pub access_keys: Option<Vec<KeySummary>>,
    pub console: Option<ConsoleSummary>,
    /// Whether the user has an enabled (virtual) MFA device.
    pub mfa: Option<bool>,
}

impl UserOverview {
    /// The latest of the password's and the keys' last use.
    pub fn last_activity(&self) -> Option<OffsetDateTime> {
        let keys = self
            .access_keys
            .iter()
            .flatten()
            .filter_map(|k| k.last_used);
        keys.chain(self.last_sign_in).max()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOverviewPage {
    /// Users matching the search, over all pages.
    pub total: usize,
    pub items: Vec<UserOverview>,
}

/// One page (`offset`, `limit`) of the users whose name contains `search` (ignoring case), or
/// the owner of the access key `search` names.
pub async fn list_user_overview(
    ctx: &Ctx,
    principal: &Principal,
    search: &str,
    offset: usize,
    limit: usize,
) -> IamResult<UserOverviewPage> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListUsers", "*").await?;
    // Key uses are written in the background; the list shows every one so far.
    ctx.audit.flush().await;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let search = search.trim();
    let (total, rows) = if is_access_key_id_shape(search) {
        let owner = store::access_keys::find(&mut conn, search)
            .await
            .map_err(db_error)?
            .filter(|k| k.account_id == account_id)
            .and_then(|k| k.user_id);
        let user = match owner {
            Some(id) => store::users::find_by_id(&mut conn, &id)
                .await
                .map_err(db_error)?,
            None => None,
        };
        let total = usize::from(user.is_some());
        (total, user.into_iter().skip(offset).collect())
    } else {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        let (total, rows) = store::users::search_page(&mut conn, account_id, search, offset, limit)
            .await
            .map_err(db_error)?;
        (usize::try_from(total).unwrap_or(0), rows)
    };
    let mut authorizer = Authorizer::new(principal);
    let mut items = Vec::new();
    for row in rows.into_iter().take(limit) {
        let user_arn = arn::user_arn(account_id, &row.path, &row.name);
        let groups = if authorizer
            .allows(&mut conn, "iam:ListGroupsForUser", &user_arn)
            .await?
        {
            let groups = store::groups::list_for_user(&mut conn, &row.id, None, 1000)
                .await
                .map_err(db_error)?;
            Some(groups.into_iter().map(|g| g.name).collect())
        } else {
            None
        };
        let access_keys = if authorizer
            .allows(&mut conn, "iam:ListAccessKeys", &user_arn)
            .await?
        {
            let keys = store::access_keys::list_for(&mut conn, account_id, Some(&row.id))
                .await
                .map_err(db_error)?;
            Some(
                keys.into_iter()
                    .map(|k| KeySummary {
                        access_key_id: k.id,
                        active: k.status == "Active",
                        create_date: timestamp(k.created_at),
                        last_used: k.last_used_at.map(timestamp),
                    })
                    .collect(),
            )
        } else {
            None
        };
        let console = if authorizer
            .allows(&mut conn, "iam:GetLoginProfile", &user_arn)
            .await?
        {
            let profile = store::login_profiles::find(&mut conn, &row.id)
                .await
                .map_err(db_error)?;
            Some(ConsoleSummary {
                enabled: profile.is_some(),
                password_changed: profile.map(|p| timestamp(p.password_changed_at)),
            })
        } else {
            None
        };
        let mfa = if authorizer
            .allows(&mut conn, "iam:ListMFADevices", &user_arn)
            .await?
        {
            let devices = store::mfa_devices::enabled_for(&mut conn, account_id, Some(&row.id))
                .await
                .map_err(db_error)?;
            Some(!devices.is_empty())
        } else {
            None
        };
        items.push(UserOverview {
            arn: user_arn,
            user_name: row.name,
            user_id: row.id,
            path: row.path,
            create_date: timestamp(row.created_at),
            last_sign_in: row.password_last_used.map(timestamp),
            groups,
            access_keys,
            console,
            mfa,
        });
    }
    Ok(UserOverviewPage { total, items })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn searches_names_literally_and_pages() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        for name in ["a_b", "axb", "Team_A", "zed"] {
            create_user(
                &ctx,
                &root,
                CreateUserRequest {
                    user_name: name.into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        }
        let names = |page: UserOverviewPage| -> Vec<String> {
            page.items.into_iter().map(|u| u.user_name).collect()
        };
        let found = list_user_overview(&ctx, &root, "_", 0, 10).await.unwrap();
        assert_eq!(found.total, 2);
        assert_eq!(names(found), ["a_b", "Team_A"]);
        let second = list_user_overview(&ctx, &root, "", 2, 2).await.unwrap();
        assert_eq!(second.total, 4);
        assert_eq!(names(second), ["Team_A", "zed"]);
        let key = crate::ops::access_keys::create_access_key(&ctx, &root, Some("zed"))
            .await
            .unwrap();
        let by_key = list_user_overview(&ctx, &root, &key.access_key_id, 0, 10)
            .await
            .unwrap();
        assert_eq!(names(by_key), ["zed"]);
    }
}
