use super::*;

const S3_READ: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"arn:aws:s3:::bucket/*"}]}"#;

fn error(text: &str, kind: PolicyKind) -> String {
    let err = parse_policy(text, kind).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::MalformedPolicyDocument,
        "{}",
        err.message
    );
    err.message
}

#[test]
fn parses_a_valid_policy() {
    let doc = parse_policy(S3_READ, PolicyKind::Managed).unwrap();
    assert_eq!(doc.version.as_deref(), Some("2012-10-17"));
    assert_eq!(
        doc.statements[0].action.values,
        ["s3:GetObject", "s3:List*"]
    );
    assert_eq!(doc.statements[0].effect, Effect::Allow);
}

#[test]
fn single_statement_and_single_values_need_no_brackets() {
    let doc = parse_policy(r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":false}}}}"#, PolicyKind::Inline).unwrap();
    let statement = &doc.statements[0];
    assert!(statement.action.negated);
    assert_eq!(statement.conditions[0].values, ["false"]);
}

#[test]
fn invalid_version_names_the_valid_ones() {
    let message = error(
        r#"{"Version":"2022-05-11","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyKind::Inline,
    );
    assert!(message.starts_with("Syntax errors in policy."), "{message}");
    assert!(
        message.contains("`2022-05-11`")
            && message.contains("2012-10-17")
            && message.contains("2008-10-17"),
        "{message}"
    );
}

#[test]
fn json_errors_have_line_and_column() {
    let message = error(
        "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n",
        PolicyKind::Inline,
    );
    assert!(
        message.contains("line 4") || message.contains("line 3"),
        "{message}"
    );
}

#[test]
fn table_of_malformed_documents() {
    let cases: &[(&str, PolicyKind, &str)] = &[
        (r#"[]"#, PolicyKind::Inline, "must be a JSON object"),
        (
            r#"{"Version":"2012-10-17"}"#,
            PolicyKind::Inline,
            "needs a `Statement`",
        ),
        (
            r#"{"Version":"2012-10-17","Extra":1,"Statement":[]}"#,
            PolicyKind::Inline,
            "`Extra`",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Colour":"red"}]}"#,
            PolicyKind::Inline,
            "`Colour`",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "failed legacy parsing",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "needs an `Effect`",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "Policy statement must contain actions.",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}"#,
            PolicyKind::Inline,
            "Policy statement must contain resources.",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "not both",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "prefaced by a vendor",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "only one colon",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s_3:Get","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "Vendor `s_3` is not valid",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam:us-east-1:123456789012:user/x"}]}"#,
            PolicyKind::Inline,
            "cannot contain region information",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::123456789012:people/x"}]}"#,
            PolicyKind::Inline,
            "IAM resource path must either be",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "must be unique",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringSortOf":{"k":"v"}}}]}"#,
            PolicyKind::Inline,
            "`StringSortOf`",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Inline,
            "should not specify a principal",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Managed,
            "must be version 2012-10-17 or greater",
        ),
        (
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Managed,
            "must be version 2012-10-17 or greater",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}"#,
            PolicyKind::Trust,
            "Has prohibited field Resource.",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#,
            PolicyKind::Trust,
            "Missing required field Principal",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}"#,
            PolicyKind::Inline,
            "must not be empty",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}"#,
            PolicyKind::Inline,
            "must hold strings",
        ),
        (
            r#"{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}"#,
            PolicyKind::Inline,
            "duplicate key `Version`",
        ),
    ];
    for (text, kind, expected) in cases {
        let message = error(text, *kind);
        assert!(
            message.contains(expected),
            "{text}\n  expected `{expected}` in: {message}"
        );
    }
}

#[test]
fn trust_policies_and_operators() {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root"]},"Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"x"}}}]}"#;
    assert!(parse_policy(trust, PolicyKind::Trust).is_ok());
    for op in [
        "ForAllValues:StringLike",
        "ForAnyValue:StringEquals",
        "Null",
        "NotIpAddress",
        "DateGreaterThanIfExists",
        "ArnLike",
    ] {
        assert!(is_known_operator(op), "{op}");
    }
    assert!(!is_known_operator("NullIfExists"));
}

#[test]
fn whitespace_does_not_count_against_size() {
    assert_eq!(non_whitespace_len("{ \"a\" :\n\t1 }"), 7);
}
