//! Who is acting: the root user of an account or one of its IAM users.

use serde::{Deserialize, Serialize};

use crate::model::arn;

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
