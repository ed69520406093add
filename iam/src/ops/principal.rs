//! Who is acting: the root user of an account, one of its IAM users, a session of one of its
//! roles, or a federated user (`GetFederationToken`).

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::error::IamResult;
use crate::model::arn;
use crate::model::tags::Tag;
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
    /// Temporary credentials from `AssumeRole`.
    Role(Box<RoleSession>),
    /// Temporary credentials from `GetFederationToken`.
    Federated(Box<FederatedSession>),
}

/// A role session: the role, the session's name, and what the session was given beyond the
/// role's own policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSession {
    pub account_id: String,
    pub role_id: String,
    pub role_name: String,
    pub role_path: String,
    pub session_name: String,
    /// The inline session policy (`Policy`), as submitted.
    pub session_policy: Option<String>,
    /// Managed session policies (`PolicyArns`).
    pub policy_arns: Vec<String>,
    pub session_tags: Vec<Tag>,
    /// Keys of `session_tags` that pass on to sessions this one assumes (role chaining).
    pub transitive_tag_keys: Vec<String>,
}

/// A federated user: a name chosen by the IAM user (or root user) who asked for the token,
/// acting with that caller's permissions capped by the session policies passed with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FederatedSession {
    pub account_id: String,
    /// The IAM user who asked for the token; `None` for the root user.
    pub issuer_user_id: Option<String>,
    pub name: String,
    pub session_policy: Option<String>,
    pub policy_arns: Vec<String>,
    pub session_tags: Vec<Tag>,
}

impl RoleSession {
    pub fn role_arn(&self) -> String {
        arn::role_arn(&self.account_id, &self.role_path, &self.role_name)
    }
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
            Self::Role(session) => &session.account_id,
            Self::Federated(session) => &session.account_id,
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
            Self::Role(session) => arn::assumed_role_arn(
                &session.account_id,
                &session.role_name,
                &session.session_name,
            ),
            Self::Federated(session) => arn::federated_user_arn(&session.account_id, &session.name),
        }
    }

    /// `aws:PrincipalArn`: as `arn`, except that a role session is its role.
    pub fn principal_arn(&self) -> String {
        match self {
            Self::Role(session) => session.role_arn(),
            other => other.arn(),
        }
    }

    /// The `UserId` STS reports: the account ID for root, the unique ID for users,
    /// `ROLEID:session` for role sessions, `ACCOUNT:name` for federated users.
    pub fn user_id(&self) -> String {
        match self {
            Self::Root { account_id } => account_id.clone(),
            Self::User { user_id, .. } => user_id.clone(),
            Self::Role(session) => format!("{}:{}", session.role_id, session.session_name),
            Self::Federated(session) => format!("{}:{}", session.account_id, session.name),
        }
    }

    /// The IAM user's ID, `None` for root (and for sessions, which `is_session` tells apart).
    pub fn iam_user_id(&self) -> Option<&str> {
        match self {
            Self::Root { .. } | Self::Role(_) | Self::Federated(_) => None,
            Self::User { user_id, .. } => Some(user_id),
        }
    }

    /// A role session or a federated user: temporary credentials with no user of their own.
    pub fn is_session(&self) -> bool {
        matches!(self, Self::Role(_) | Self::Federated(_))
    }

    pub fn is_root(&self) -> bool {
        matches!(self, Self::Root { .. })
    }

    /// The name shown in the console header: the user name, `root` for the root user,
    /// `Role/session` for a role session, the federated user's name for a federated user.
    pub fn display_name(&self) -> String {
        match self {
            Self::Root { .. } => "root".to_owned(),
            Self::User { name, .. } => name.clone(),
            Self::Role(session) => format!("{}/{}", session.role_name, session.session_name),
            Self::Federated(session) => session.name.clone(),
        }
    }
}
