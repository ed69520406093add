//! Feeds arbitrary text to the SigV4 `Authorization` header parser, and what it accepts to the
//! scope and time check and the canonical request: each must answer a value or an AWS error,
//! never panic.
#![no_main]

use latchkey_wire::sigv4::{self, RequestToSign};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(auth) = sigv4::parse_authorization(text) else {
        return;
    };
    let _ = auth.scope();
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let _ = sigv4::check_scope_and_time(&auth, &auth.scope_date, now, "iam");
    let headers = vec![
        ("host".to_owned(), "127.0.0.1:4566".to_owned()),
        ("x-amz-date".to_owned(), auth.scope_date.clone()),
    ];
    let request = RequestToSign {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: b"",
    };
    if let Ok(canonical) = sigv4::canonical_request(&request, &auth.signed_headers) {
        let string_to_sign = sigv4::string_to_sign(&auth.scope_date, &auth.scope(), &canonical);
        let signature = sigv4::signature(
            "secret",
            &auth.scope_date,
            &auth.region,
            &auth.service,
            &string_to_sign,
        );
        let _ = sigv4::signatures_match(&signature, &auth.signature);
    }
});
