//! Secrets: password hashing (argon2id), encryption of secret access keys at rest (AES-256-GCM)
//! and the types that carry secrets through the program without ever printing them.

mod cipher;
mod hashing;
mod secret_string;
pub mod totp;

pub use cipher::SecretCipher;
pub use hashing::{hash_password, verify_password};
pub use secret_string::SecretString;
