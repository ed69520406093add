//! One module per console page.

mod account_settings;
mod change_password;
mod create_account;
mod create_group;
mod create_users;
mod credential_report;
mod dashboard;
mod group;
mod groups;
mod mfa_signin;
mod not_found;
mod signin;
mod user;
mod users;

pub use account_settings::AccountSettingsPage;
pub use change_password::ChangePasswordPage;
pub use create_account::CreateAccountPage;
pub use create_group::CreateGroupPage;
pub use create_users::CreateUsersPage;
pub use credential_report::CredentialReportPage;
pub use dashboard::DashboardPage;
pub use group::GroupPage;
pub use groups::GroupsPage;
pub use mfa_signin::MfaSignInPage;
pub use not_found::NotFoundPage;
pub use signin::{IamSignInPage, RootPasswordPage, SignInPage};
pub use user::UserPage;
pub use users::UsersPage;
