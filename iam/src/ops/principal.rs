//! Who is acting: the root user of an account or one of its IAM users.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::error::IamResult;
use crate::model::arn;
use crate::store::{self, db_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    Root {
        account_id: String,
    },
    User {
        account_id: String,
        user_id: String,
        name: String,
        path: String,
    },
}

impl Principal {
    /// The principal a stored credential belongs to: the account's root user when `user_id` is
    /// `None`, else that IAM user (`None` when the user is gone).
    pub async fn load(
        conn: &mut SqliteConnection,
        account_id: &str,
        user_id: Option<&str>,
    ) -> IamResult<Option<Self>> {
        let Some(user_id) = user_id else {
            return Ok(Some(Self::Root {
                account_id: account_id.to_owned(),
            }));
        };
        let user = store::users::find_by_id(conn, user_id)
            .await
            .map_err(db_error)?;
        Ok(user.map(|user| Self::User {
            account_id: user.account_id,
            user_id: user.id,
            name: user.name,
            path: user.path,
        }))
    }

    pub fn account_id(&self) -> &str {
        match self {
            Self::Root { account_id } | Self::User { account_id, .. } => account_id,
        }
    }

    pub fn arn(&self) -> String {
        match self {
            Self::Root { account_id } => arn::root_arn(account_id),
            Self::User {
                account_id,
                name,
                path,
                ..
            } => arn::user_arn(account_id, path, name),
        }
    }

    /// The `UserId` STS reports: the account ID for root, the unique ID for users.
    pub fn user_id(&self) -> &str {
        match self {
            Self::Root { account_id } => account_id,
            Self::User { user_id, .. } => user_id,
        }
    }

    /// The IAM user's ID, `None` for root.
    pub fn iam_user_id(&self) -> Option<&str> {
        match self {
            Self::Root { .. } => None,
            Self::User { user_id, .. } => Some(user_id),
        }
    }

    pub fn is_root(&self) -> bool {
        matches!(self, Self::Root { .. })
    }

    /// The name shown in the console header: the user name, or `root` for the root user.
    pub fn display_name(&self) -> &str {
        match self {
            Self::Root { .. } => "root",
            Self::User { name, .. } => name,
        }
    }
}
