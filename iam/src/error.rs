//! The one error type of the engine: an AWS error code with its message.
//!
//! The Query API renders it as an AWS error envelope, the console shows its message in a flash
//! banner; both therefore speak AWS's words.

use serde::{Deserialize, Serialize};

/// AWS IAM/STS error codes Latchkey answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    NoSuchEntity,
    EntityAlreadyExists,
    LimitExceeded,
    DeleteConflict,
    MalformedPolicyDocument,
    InvalidInput,
    ValidationError,
    PasswordPolicyViolation,
    InvalidUserType,
    PolicyNotAttachable,
    ReportNotPresent,
    ReportExpired,
    PackedPolicyTooLarge,
    InvalidAuthenticationCode,
    InvalidAuthorizationMessage,
    UnmodifiableEntity,
    NotSupportedService,
    MalformedCertificate,
    KeyPairMismatch,
    DuplicateCertificate,
    InvalidPublicKey,
    DuplicateSshPublicKey,
    UnrecognizedPublicKeyEncoding,
    OrganizationNotFound,
    FeatureEnabled,
    FeatureDisabled,
    OutboundWebIdentityFederationDisabled,
    SessionDurationEscalation,
    JwtPayloadSizeExceeded,
    InvalidIdentityToken,
    ExpiredToken,
    IdpCommunicationError,
    /// The identity provider's answer refused the sign-in (a SAML status other than success).
    IdpRejectedClaim,
    AccessDenied,
    Throttling,
    ServiceFailure,
}

impl ErrorCode {
    /// The `Code` element of the error envelope.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoSuchEntity => "NoSuchEntity",
            Self::EntityAlreadyExists => "EntityAlreadyExists",
            Self::LimitExceeded => "LimitExceeded",
            Self::DeleteConflict => "DeleteConflict",
            Self::MalformedPolicyDocument => "MalformedPolicyDocument",
            Self::InvalidInput => "InvalidInput",
            Self::ValidationError => "ValidationError",
            Self::PasswordPolicyViolation => "PasswordPolicyViolation",
            Self::InvalidUserType => "InvalidUserType",
            Self::PolicyNotAttachable => "PolicyNotAttachable",
            Self::ReportNotPresent => "ReportNotPresent",
            Self::ReportExpired => "ReportExpired",
            Self::PackedPolicyTooLarge => "PackedPolicyTooLarge",
            Self::InvalidAuthenticationCode => "InvalidAuthenticationCode",
            Self::InvalidAuthorizationMessage => "InvalidAuthorizationMessageException",
            Self::UnmodifiableEntity => "UnmodifiableEntity",
            Self::NotSupportedService => "NotSupportedService",
            Self::MalformedCertificate => "MalformedCertificate",
            Self::KeyPairMismatch => "KeyPairMismatch",
            Self::DuplicateCertificate => "DuplicateCertificate",
            Self::InvalidPublicKey => "InvalidPublicKey",
            Self::DuplicateSshPublicKey => "DuplicateSSHPublicKey",
            Self::UnrecognizedPublicKeyEncoding => "UnrecognizedPublicKeyEncoding",
            Self::OrganizationNotFound => "OrganizationNotFoundException",
            Self::FeatureEnabled => "FeatureEnabled",
            Self::FeatureDisabled => "FeatureDisabled",
            Self::OutboundWebIdentityFederationDisabled => {
                "OutboundWebIdentityFederationDisabledException"
            }
            Self::SessionDurationEscalation => "SessionDurationEscalationException",
            Self::JwtPayloadSizeExceeded => "JWTPayloadSizeExceededException",
            Self::InvalidIdentityToken => "InvalidIdentityToken",
            Self::ExpiredToken => "ExpiredTokenException",
            Self::IdpCommunicationError => "IDPCommunicationError",
            Self::IdpRejectedClaim => "IDPRejectedClaim",
            Self::AccessDenied => "AccessDenied",
            Self::Throttling => "Throttling",
            Self::ServiceFailure => "ServiceFailure",
        }
    }

    /// The HTTP status AWS answers this code with.
    pub fn http_status(self) -> u16 {
        match self {
            Self::NoSuchEntity | Self::NotSupportedService | Self::FeatureDisabled => 404,
            Self::EntityAlreadyExists
            | Self::LimitExceeded
            | Self::DeleteConflict
            | Self::DuplicateCertificate
            | Self::FeatureEnabled => 409,
            Self::AccessDenied
            | Self::InvalidAuthenticationCode
            | Self::OutboundWebIdentityFederationDisabled
            | Self::SessionDurationEscalation
            | Self::IdpRejectedClaim => 403,
            Self::ReportNotPresent | Self::ReportExpired => 410,
            Self::ServiceFailure => 500,
            Self::MalformedPolicyDocument
            | Self::InvalidInput
            | Self::ValidationError
            | Self::PasswordPolicyViolation
            | Self::InvalidUserType
            | Self::PolicyNotAttachable
            | Self::PackedPolicyTooLarge
            | Self::InvalidAuthorizationMessage
            | Self::UnmodifiableEntity
            | Self::MalformedCertificate
            | Self::KeyPairMismatch
            | Self::InvalidPublicKey
            | Self::DuplicateSshPublicKey
            | Self::UnrecognizedPublicKeyEncoding
            | Self::OrganizationNotFound
            | Self::JwtPayloadSizeExceeded
            | Self::InvalidIdentityToken
            | Self::ExpiredToken
            | Self::IdpCommunicationError
            | Self::Throttling => 400,
        }
    }
}

/// An AWS-shaped error: a code and a human message in AWS's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct IamError {
    pub code: ErrorCode,
    pub message: String,
}

pub type IamResult<T> = Result<T, IamError>;

impl IamError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn no_such_entity(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NoSuchEntity, message)
    }

    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::EntityAlreadyExists, message)
    }

    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::LimitExceeded, message)
    }

    pub fn delete_conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::DeleteConflict, message)
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationError, message)
    }

    pub fn password_policy(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PasswordPolicyViolation, message)
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::AccessDenied, message)
    }

    /// An internal failure. The message is generic on purpose: details go to the log only.
    pub fn service_failure() -> Self {
        Self::new(
            ErrorCode::ServiceFailure,
            "The request processing has failed because of an unknown error, exception or failure.",
        )
    }

    /// AWS's wording for a constraint violation of one request member.
    pub fn constraint(member: &str, value: &str, constraint: &str) -> Self {
        Self::validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ))
    }

    /// AWS's wording for a missing required member.
    pub fn missing(member: &str) -> Self {
        Self::validation(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_aws_statuses() {
        assert_eq!(ErrorCode::NoSuchEntity.http_status(), 404);
        assert_eq!(ErrorCode::EntityAlreadyExists.http_status(), 409);
        assert_eq!(ErrorCode::DeleteConflict.http_status(), 409);
        assert_eq!(ErrorCode::ValidationError.http_status(), 400);
        assert_eq!(ErrorCode::AccessDenied.http_status(), 403);
        assert_eq!(ErrorCode::ServiceFailure.http_status(), 500);
    }

    #[test]
    fn constraint_message_names_member_and_value() {
        let err = IamError::constraint(
            "userName",
            "a b",
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        );
        assert_eq!(err.code, ErrorCode::ValidationError);
        assert_eq!(
            err.message,
            "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
        );
    }
}
