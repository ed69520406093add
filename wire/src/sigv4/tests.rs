use time::macros::datetime;

use super::*;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const BODY: &[u8] = b"Action=ListUsers&Version=2010-05-08";

fn headers() -> Vec<(String, String)> {
    vec![
        (
            "content-type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        ),
        ("host".into(), "iam.amazonaws.com".into()),
        ("x-amz-date".into(), "20150830T123600Z".into()),
    ]
}

fn signed() -> Vec<String> {
    vec!["content-type".into(), "host".into(), "x-amz-date".into()]
}

fn auth(credential: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=content-type;host;x-amz-date, Signature={}",
        "0".repeat(64)
    )
}

#[test]
fn matches_the_verified_vector() {
    let headers = headers();
    let req = RequestToSign {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: BODY,
    };
    let canonical = canonical_request(&req, &signed()).unwrap();
    assert!(
        canonical.ends_with("b6359072c78d70ebee1e81adcbab4f01bf2c23245fa365ef83fe8f1f955085e2")
    );
    assert_eq!(
        hex::encode(Sha256::digest(canonical.as_bytes())),
        "b9ae437b48385ce1aea147c5febf7c0cc705d1f8c7ce1ef0db4cd33a3439eb8c"
    );
    let sts = string_to_sign(
        "20150830T123600Z",
        "20150830/us-east-1/iam/aws4_request",
        &canonical,
    );
    assert_eq!(
        signature(SECRET, "20150830", "us-east-1", "iam", &sts),
        "5d76d0de3e0ffe5a7a23cfce21b99d6f4e5060aad86bd9dc7c617f224e5b492a"
    );
}

#[test]
fn parses_the_header() {
    let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d76d0de3e0ffe5a7a23cfce21b99d6f4e5060aad86bd9dc7c617f224e5b492a";
    let parsed = parse_authorization(header).unwrap();
    assert_eq!(parsed.access_key_id, "AKIDEXAMPLE");
    assert_eq!(parsed.region, "us-west-2");
    assert_eq!(parsed.scope(), "20150830/us-west-2/iam/aws4_request");
    assert_eq!(parsed.signed_headers, signed());
}

fn code_of(result: Result<impl std::fmt::Debug, ApiError>) -> (String, String) {
    let err = result.unwrap_err();
    (err.code.clone(), err.message)
}

#[test]
fn wrong_algorithm_is_incomplete() {
    let (code, message) = code_of(parse_authorization("AWS4-HMAC-SHA512 Credential=a/b/c/d/e"));
    assert_eq!(code, "IncompleteSignature");
    assert!(message.contains("Unsupported AWS 'algorithm'"));
}

#[test]
fn missing_components_are_named() {
    let (code, message) = code_of(parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request",
    ));
    assert_eq!(code, "IncompleteSignature");
    assert!(
        message.contains("requires 'SignedHeaders'") && message.contains("requires 'Signature'"),
        "{message}"
    );
}

#[test]
fn short_credential_is_incomplete() {
    let (code, _) = code_of(parse_authorization(&auth("AKID/20150830/us-east-1/iam")));
    assert_eq!(code, "IncompleteSignature");
}

#[test]
fn malformed_signature_is_incomplete() {
    let header = "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=xyz";
    assert_eq!(
        code_of(parse_authorization(header)).0,
        "IncompleteSignature"
    );
}

fn check(credential: &str, amz_date: &str, now: OffsetDateTime) -> Result<(), ApiError> {
    let parsed = parse_authorization(&auth(credential)).unwrap();
    check_scope_and_time(&parsed, amz_date, now, "iam")
}

#[test]
fn scope_date_must_match_request_date() {
    let (code, message) = code_of(check(
        "AKID/20150831/us-east-1/iam/aws4_request",
        "20150830T123600Z",
        datetime!(2015-08-30 12:36 UTC),
    ));
    assert_eq!(code, "SignatureDoesNotMatch");
    assert!(
        message.starts_with("Date in Credential scope does not match"),
        "{message}"
    );
}

#[test]
fn service_must_be_the_right_one() {
    let (code, message) = code_of(check(
        "AKID/20150830/us-east-1/s3/aws4_request",
        "20150830T123600Z",
        datetime!(2015-08-30 12:36 UTC),
    ));
    assert_eq!(code, "SignatureDoesNotMatch");
    assert_eq!(
        message,
        "Credential should be scoped to correct service: 'iam'. "
    );
}

#[test]
fn terminator_must_be_aws4_request() {
    let (_, message) = code_of(check(
        "AKID/20150830/us-east-1/iam/aws5_request",
        "20150830T123600Z",
        datetime!(2015-08-30 12:36 UTC),
    ));
    assert!(message.contains("valid terminator"), "{message}");
}

#[test]
fn expired_and_future_requests_are_refused() {
    let (code, message) = code_of(check(
        "AKID/20150830/us-east-1/iam/aws4_request",
        "20150830T123600Z",
        datetime!(2015-08-30 12:52 UTC),
    ));
    assert_eq!(code, "SignatureDoesNotMatch");
    assert_eq!(
        message,
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)"
    );
    let (_, message) = code_of(check(
        "AKID/20150830/us-east-1/iam/aws4_request",
        "20150830T123600Z",
        datetime!(2015-08-30 12:20 UTC),
    ));
    assert!(
        message.starts_with(
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z"
        ),
        "{message}"
    );
    assert!(
        check(
            "AKID/20150830/us-east-1/iam/aws4_request",
            "20150830T123600Z",
            datetime!(2015-08-30 12:50 UTC)
        )
        .is_ok()
    );
}

#[test]
fn bad_request_date_is_incomplete() {
    let (code, _) = code_of(check(
        "AKID/20150830/us-east-1/iam/aws4_request",
        "2015-08-30",
        datetime!(2015-08-30 12:36 UTC),
    ));
    assert_eq!(code, "IncompleteSignature");
}

#[test]
fn host_must_be_signed() {
    let header = format!(
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=x-amz-date, Signature={}",
        "0".repeat(64)
    );
    let parsed = parse_authorization(&header).unwrap();
    let (code, message) = code_of(check_scope_and_time(
        &parsed,
        "20150830T123600Z",
        datetime!(2015-08-30 12:36 UTC),
        "iam",
    ));
    assert_eq!(code, "SignatureDoesNotMatch");
    assert!(message.contains("'Host'"));
}

#[test]
fn signed_header_missing_from_request() {
    let headers = headers();
    let req = RequestToSign {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: BODY,
    };
    let mut names = signed();
    names.push("x-amz-security-token".into());
    assert_eq!(
        code_of(canonical_request(&req, &names)).0,
        "SignatureDoesNotMatch"
    );
}

#[test]
fn any_change_to_the_body_changes_the_signature() {
    let headers = headers();
    let tampered = RequestToSign {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: b"Action=ListUsers&Version=2010-05-09",
    };
    let canonical = canonical_request(&tampered, &signed()).unwrap();
    let sts = string_to_sign(
        "20150830T123600Z",
        "20150830/us-east-1/iam/aws4_request",
        &canonical,
    );
    let sig = signature(SECRET, "20150830", "us-east-1", "iam", &sts);
    assert!(!signatures_match(
        "5d76d0de3e0ffe5a7a23cfce21b99d6f4e5060aad86bd9dc7c617f224e5b492a",
        &sig
    ));
}

#[test]
fn header_values_are_trimmed_and_folded() {
    let headers = vec![("host".to_string(), "  a   b ".to_string())];
    let req = RequestToSign {
        method: "POST",
        path: "/",
        query: "b=2&a=1",
        headers: &headers,
        body: b"",
    };
    let canonical = canonical_request(&req, &["host".into()]).unwrap();
    assert!(
        canonical.starts_with("POST\n/\na=1&b=2\nhost:a b\n"),
        "{canonical}"
    );
}
