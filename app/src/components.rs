//! Building blocks shared by pages.

pub mod auth_card;
pub mod download;
pub mod flash;
pub mod layout;
pub mod policy_picker;
