//! Feeds arbitrary text to the ARN parser (managed policy ARNs) and the policy engine's ARN
//! matcher. Nothing may panic; a parsed ARN must print back as given, and an ARN (six
//! colon-separated parts) without wildcards or variables must match itself.
#![no_main]

use iam::model::arn::{parse_policy_arn, policy_arn};
use iam::policy::matching::arn_matches;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = parse_policy_arn(text) {
        assert_eq!(policy_arn(&parsed.account, &parsed.path, &parsed.name), text);
    }
    // The first line is the pattern, the rest the ARN it is matched against.
    let (pattern, arn) = text.split_once('\n').unwrap_or((text, text));
    let _ = arn_matches(pattern, arn);
    let literal = !text.contains(['*', '?', '$']);
    if literal && text.matches(':').count() >= 5 {
        assert!(arn_matches(text, text), "{text:?} does not match itself");
    }
});
