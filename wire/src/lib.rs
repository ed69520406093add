//! The AWS Query protocol on the wire, without a server around it: decoding form parameters,
//! parsing and verifying SigV4 signatures, and AWS's error envelope fields. Kept apart from the
//! HTTP server so the parsers can be fuzzed and benchmarked on their own.

pub mod error;
pub mod form;
pub mod sigv4;
