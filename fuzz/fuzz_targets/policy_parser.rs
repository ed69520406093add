//! Feeds arbitrary text to the policy parser as every kind of policy: it must answer a
//! document or an error, never panic.
#![no_main]

use iam::policy::{PolicyKind, non_whitespace_len, parse_policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for kind in [PolicyKind::Inline, PolicyKind::Managed, PolicyKind::Trust] {
            let _ = parse_policy(text, kind);
        }
        let _ = non_whitespace_len(text);
    }
});
