//! XML signatures (XML-DSig) over one element, as identity providers sign SAML responses and
//! assertions: an enveloped signature whose single reference names the signed element by its
//! `ID`, canonicalized with exclusive C14N, checked against keys the caller trusts (never a
//! key the document itself carries).

pub mod c14n;
pub mod verify;

pub use verify::{SignatureError, TrustedKey, verify_enveloped};
