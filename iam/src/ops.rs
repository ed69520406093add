//! The operation layer: every read and write, from the console or the API, is one call here.
//! Each operation authorizes the principal, validates input by AWS's rules, runs in one store
//! transaction and returns an AWS-shaped result or an AWS error.

pub mod access_keys;
pub mod account_alias;
pub mod accounts;
pub mod attachments;
pub mod authorization_details;
pub mod authz;
pub mod boundaries;
pub mod credential_report;
pub mod event_history;
pub mod group_console;
pub mod groups;
pub mod identity_providers;
pub mod inline_policies;
pub mod instance_profiles;
pub mod last_accessed;
pub mod login_profiles;
pub mod managed_policies;
pub mod mfa;
pub mod organizations;
pub mod outbound_federation;
pub mod paging;
pub mod password_policy;
pub mod policies;
pub mod policy_console;
pub mod principal;
pub mod role_console;
pub mod roles;
pub mod root_password;
pub mod server_certificates;
pub mod service_access;
pub mod service_credentials;
pub mod service_linked_roles;
pub mod sign_in_throttle;
pub mod signin;
pub mod signing_certificates;
pub mod simulation;
pub mod ssh_public_keys;
pub mod sts;
pub mod switch_role;
pub mod tags;
pub mod user_overview;
pub mod user_removal;
pub mod user_setup;
pub mod users;
pub mod x509;

pub use principal::Principal;

use time::OffsetDateTime;

/// `2026-11-29T12:00:00Z`: how policy conditions read times.
pub fn iso_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A random UUID in its text form (`8-4-4-4-12` hex digits), for job and task IDs.
pub(crate) fn random_uuid(ctx: &crate::context::Ctx) -> String {
    let hex = hex::encode(ctx.random_bytes::<16>());
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Converts stored UNIX seconds to a timestamp.
pub fn timestamp(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
