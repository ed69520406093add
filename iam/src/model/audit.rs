//! The audit trail's records and the filter of the Event history page, shared by the server
//! and the console.

use serde::{Deserialize, Serialize};

/// Whether the request was let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditResult {
    Allowed,
    Denied,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "Allowed",
            Self::Denied => "Denied",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Allowed" => Some(Self::Allowed),
            "Denied" => Some(Self::Denied),
            _ => None,
        }
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// The IAM or STS Query API.
    Api,
    /// The console (pages and server functions).
    Console,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Console => "console",
        }
    }

    pub fn parse(text: &str) -> Self {
        if text == "api" {
            Self::Api
        } else {
            Self::Console
        }
    }
}

/// One recorded decision: who asked to do what to which resource, from where, and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub account_id: String,
    /// Seconds since the Unix epoch.
    pub event_time: i64,
    pub principal_arn: String,
    /// `service:Action`, as policies name it.
    pub action: String,
    pub resource: String,
    pub result: AuditResult,
    /// Why a request was denied (the error message the caller got).
    pub reason: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub channel: Channel,
}

/// What the Event history shows: every field optional, all of them must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// From this time on (seconds since the Unix epoch).
    pub from: Option<i64>,
    /// Up to and including this time.
    pub to: Option<i64>,
    /// Part of the principal ARN, ignoring case.
    pub principal: Option<String>,
    /// Part of the action, ignoring case.
    pub action: Option<String>,
    pub result: Option<AuditResult>,
}
