//! One module per console page.

mod change_password;
mod create_account;
mod create_users;
mod dashboard;
mod mfa_signin;
mod not_found;
mod signin;
mod user;
mod users;

pub use change_password::ChangePasswordPage;
pub use create_account::CreateAccountPage;
pub use create_users::CreateUsersPage;
pub use dashboard::DashboardPage;
pub use mfa_signin::MfaSignInPage;
pub use not_found::NotFoundPage;
pub use signin::{IamSignInPage, RootPasswordPage, SignInPage};
pub use user::UserPage;
pub use users::UsersPage;
