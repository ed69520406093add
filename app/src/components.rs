//! Building blocks shared by pages.

pub mod access_advisor;
pub mod auth_card;
pub mod credentials;
pub mod deletion;
pub mod download;
pub mod flash;
pub mod inline_policy_editor;
pub mod layout;
pub mod other_credentials;
pub mod permissions;
pub mod policy_json_editor;
pub mod policy_picker;
pub mod policy_summary;
pub mod tag_editor;
pub mod user_checklist;
pub mod visual_editor;
