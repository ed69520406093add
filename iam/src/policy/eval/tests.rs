//! Decisions on policies from AWS's documented examples, and properties of the algorithm.

use proptest::prelude::*;

use super::*;
use crate::policy::{PolicyKind, parse_policy};

const ACCT: &str = "123456789012";

fn doc(text: &str) -> PolicyDocument {
    parse_policy(text, PolicyKind::Inline).unwrap_or_else(|e| panic!("{}: {text}", e.message))
}

fn source(document: &PolicyDocument) -> PolicySource<'_> {
    PolicySource {
        id: "p".into(),
        kind: SourceKind::User,
        document,
    }
}

fn ctx(action: &str, resource: &str, keys: &[(&str, &str)]) -> RequestContext {
    let mut ctx = RequestContext::new(action, resource);
    ctx.set("aws:username", "bob")
        .set("aws:userid", "AIDAEXAMPLE")
        .set("aws:PrincipalTag/team", "blue");
    for (k, v) in keys {
        ctx.set(k, *v);
    }
    ctx
}

/// The decision on `policies`, which the full evaluation and the decision alone must agree on.
fn decide(policies: &[&str], request: &RequestContext) -> Decision {
    let docs: Vec<PolicyDocument> = policies.iter().map(|p| doc(p)).collect();
    let sources: Vec<PolicySource<'_>> = docs.iter().map(source).collect();
    let full = evaluate(&sources, None, &[], request).decision;
    assert_eq!(decision(&docs, None, [], request), full, "{policies:?}");
    full
}

const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const DENY_IAM: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
const POWER_USER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}"#;
const FORCE_MFA: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"},
  {"Sid":"DenyWithoutMFA","Effect":"Deny","NotAction":["iam:ChangePassword","sts:GetSessionToken"],"Resource":"*",
   "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;
const HOME_DIR: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::home-bucket/${aws:username}/*"},
  {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home-bucket","Condition":{"StringLike":{"s3:prefix":["${aws:username}/*"]}}}]}"#;
const SELF_SERVICE: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":["iam:ChangePassword","iam:*AccessKey*"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#;
const SOURCE_IP: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"*","Resource":"*"},
  {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}}]}"#;
const TIME_WINDOW: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*",
  "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2020-06-30T23:59:59Z"}}}]}"#;
const TAG_MATCH: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*",
  "Condition":{"StringEquals":{"iam:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"#;
const NOT_RESOURCE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::secret","arn:aws:s3:::secret/*"]}]}"#;
const LEGACY: &str = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}]}"#;
const READ_ONLY_IAM: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:Generate*"],"Resource":"*"}]}"#;
const REQUIRE_TAGS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateUser","iam:TagUser"],"Resource":"*",
  "Condition":{"StringEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team}"},"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}]}"#;

const SECURE_TRANSPORT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
const MFA_AGE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*",
  "Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}"#;
const REVOKE_OLDER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
  {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}}]}"#;
const REGIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*",
  "Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#;
const NO_ADMIN_TAG: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagUser","Resource":"*"},
  {"Effect":"Deny","Action":"iam:TagUser","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["admin"]}}}]}"#;
const SOURCE_ARN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*",
  "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*-logs"}}}]}"#;
const REQUIRE_PROJECT_TAG: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
  "Condition":{"Null":{"aws:RequestTag/project":"false"}}}]}"#;
const IGNORE_CASE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*",
  "Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}}]}"#;
const ONLY_USERS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotLike":{"aws:userid":"AIDA*"}}}]}"#;
const ONE_CHAR: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:?etUser","Resource":"*"}]}"#;
const LITERAL_STAR: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${*}"}]}"#;
const DEFAULT_VALUE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::b/${aws:PrincipalTag/dept, 'shared'}/*"}]}"#;
const OWN_ACCOUNT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
  "Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}"#;
const SAFE_DELETE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject","Resource":"*",
  "Condition":{"StringNotEqualsIfExists":{"s3:ExistingObjectTag/locked":"true"}}}]}"#;

#[test]
fn more_documented_examples() {
    use Decision::*;
    use ImplicitDenyReason::*;
    let deny = ImplicitDeny(NoIdentityAllow);
    let obj = "arn:aws:s3:::b/k";
    let tag_keys = |keys: &[&str]| {
        let mut c = ctx("iam:TagUser", &user("x"), &[]);
        c.set_all(
            "aws:TagKeys",
            keys.iter().map(|k| (*k).to_owned()).collect(),
        );
        c
    };
    let cases: Vec<(&[&str], RequestContext, Decision)> = vec![
        (
            &[SECURE_TRANSPORT],
            ctx("s3:GetObject", obj, &[("aws:SecureTransport", "false")]),
            ExplicitDeny,
        ),
        (
            &[SECURE_TRANSPORT],
            ctx("s3:GetObject", obj, &[("aws:SecureTransport", "true")]),
            Allowed,
        ),
        (&[SECURE_TRANSPORT], ctx("s3:GetObject", obj, &[]), Allowed),
        (
            &[MFA_AGE],
            ctx(
                "ec2:StopInstances",
                "*",
                &[("aws:MultiFactorAuthAge", "300")],
            ),
            Allowed,
        ),
        (
            &[MFA_AGE],
            ctx(
                "ec2:StopInstances",
                "*",
                &[("aws:MultiFactorAuthAge", "7200")],
            ),
            deny,
        ),
        (&[MFA_AGE], ctx("ec2:StopInstances", "*", &[]), deny),
        (
            &[REVOKE_OLDER],
            ctx(
                "iam:ListUsers",
                "*",
                &[("aws:TokenIssueTime", "2025-12-31T23:00:00Z")],
            ),
            ExplicitDeny,
        ),
        (
            &[REVOKE_OLDER],
            ctx(
                "iam:ListUsers",
                "*",
                &[("aws:TokenIssueTime", "2026-01-02T00:00:00Z")],
            ),
            Allowed,
        ),
        (&[REVOKE_OLDER], ctx("iam:ListUsers", "*", &[]), Allowed),
        (
            &[REGIONS],
            ctx(
                "ec2:RunInstances",
                "*",
                &[("aws:RequestedRegion", "eu-west-1")],
            ),
            Allowed,
        ),
        (
            &[REGIONS],
            ctx(
                "ec2:RunInstances",
                "*",
                &[("aws:RequestedRegion", "ap-south-1")],
            ),
            deny,
        ),
        (&[NO_ADMIN_TAG], tag_keys(&["team", "admin"]), ExplicitDeny),
        (&[NO_ADMIN_TAG], tag_keys(&["team"]), Allowed),
        (
            &[NO_ADMIN_TAG],
            ctx("iam:TagUser", &user("x"), &[]),
            Allowed,
        ),
        (
            &[SOURCE_ARN],
            ctx(
                "sns:Publish",
                "*",
                &[("aws:SourceArn", "arn:aws:s3:::app-logs")],
            ),
            Allowed,
        ),
        (
            &[SOURCE_ARN],
            ctx(
                "sns:Publish",
                "*",
                &[("aws:SourceArn", "arn:aws:s3:::app-data")],
            ),
            deny,
        ),
        (
            &[REQUIRE_PROJECT_TAG],
            ctx("ec2:RunInstances", "*", &[("aws:RequestTag/project", "x")]),
            Allowed,
        ),
        (
            &[REQUIRE_PROJECT_TAG],
            ctx("ec2:RunInstances", "*", &[]),
            deny,
        ),
        (&[IGNORE_CASE], ctx("iam:GetUser", &user("x"), &[]), Allowed),
        (
            &[IGNORE_CASE],
            ctx(
                "iam:GetUser",
                &user("x"),
                &[("aws:PrincipalTag/team", "red")],
            ),
            deny,
        ),
        (&[ONLY_USERS], ctx("s3:GetObject", obj, &[]), Allowed),
        (
            &[ONLY_USERS],
            ctx(
                "s3:GetObject",
                obj,
                &[("aws:userid", "AROAEXAMPLE:session")],
            ),
            ExplicitDeny,
        ),
        (&[ONE_CHAR], ctx("iam:GetUser", &user("x"), &[]), Allowed),
        (&[ONE_CHAR], ctx("iam:GetUsers", "*", &[]), deny),
        (
            &[LITERAL_STAR],
            ctx("s3:GetObject", "arn:aws:s3:::b/*", &[]),
            Allowed,
        ),
        (
            &[LITERAL_STAR],
            ctx("s3:GetObject", "arn:aws:s3:::b/x", &[]),
            deny,
        ),
        (
            &[DEFAULT_VALUE],
            ctx("s3:GetObject", "arn:aws:s3:::b/shared/k", &[]),
            Allowed,
        ),
        (
            &[DEFAULT_VALUE],
            ctx("s3:GetObject", "arn:aws:s3:::b/bob/k", &[]),
            deny,
        ),
        (
            &[DEFAULT_VALUE],
            ctx(
                "s3:GetObject",
                "arn:aws:s3:::b/eng/k",
                &[("aws:PrincipalTag/dept", "eng")],
            ),
            Allowed,
        ),
        (
            &[OWN_ACCOUNT],
            ctx("iam:ListUsers", "*", &[("aws:PrincipalAccount", ACCT)]),
            Allowed,
        ),
        (
            &[OWN_ACCOUNT],
            ctx(
                "iam:ListUsers",
                "*",
                &[("aws:PrincipalAccount", "999999999999")],
            ),
            deny,
        ),
        (&[SAFE_DELETE], ctx("s3:DeleteObject", obj, &[]), Allowed),
        (
            &[SAFE_DELETE],
            ctx(
                "s3:DeleteObject",
                obj,
                &[("s3:ExistingObjectTag/locked", "true")],
            ),
            deny,
        ),
    ];
    for (i, (policies, request, expected)) in cases.iter().enumerate() {
        assert_eq!(
            decide(policies, request),
            *expected,
            "case {i}: {} on {}",
            request.action,
            request.resource
        );
    }
}

fn user(name: &str) -> String {
    format!("arn:aws:iam::{ACCT}:user/{name}")
}

#[test]
fn documented_examples() {
    use Decision::*;
    use ImplicitDenyReason::*;
    let deny = ImplicitDeny(NoIdentityAllow);
    let cases: Vec<(&[&str], RequestContext, Decision)> = vec![
        (&[ADMIN], ctx("iam:CreateUser", &user("x"), &[]), Allowed),
        (
            &[ADMIN],
            ctx("s3:GetObject", "arn:aws:s3:::b/k", &[]),
            Allowed,
        ),
        (
            &[ADMIN, DENY_IAM],
            ctx("iam:CreateUser", &user("x"), &[]),
            ExplicitDeny,
        ),
        (
            &[ADMIN, DENY_IAM],
            ctx("s3:GetObject", "arn:aws:s3:::b/k", &[]),
            Allowed,
        ),
        (&[], ctx("iam:GetUser", &user("bob"), &[]), deny),
        (&[POWER_USER], ctx("ec2:RunInstances", "*", &[]), Allowed),
        (&[POWER_USER], ctx("iam:CreateUser", &user("x"), &[]), deny),
        (&[POWER_USER], ctx("IAM:ListUsers", "*", &[]), deny),
        (
            &[POWER_USER],
            ctx("organizations:ListAccounts", "*", &[]),
            deny,
        ),
        (&[FORCE_MFA], ctx("s3:ListBuckets", "*", &[]), ExplicitDeny),
        (
            &[FORCE_MFA],
            ctx(
                "s3:ListBuckets",
                "*",
                &[("aws:MultiFactorAuthPresent", "false")],
            ),
            ExplicitDeny,
        ),
        (
            &[FORCE_MFA],
            ctx(
                "s3:ListBuckets",
                "*",
                &[("aws:MultiFactorAuthPresent", "true")],
            ),
            Allowed,
        ),
        (
            &[FORCE_MFA],
            ctx("iam:ChangePassword", &user("bob"), &[]),
            Allowed,
        ),
        (
            &[HOME_DIR],
            ctx(
                "s3:GetObject",
                "arn:aws:s3:::home-bucket/bob/notes.txt",
                &[],
            ),
            Allowed,
        ),
        (
            &[HOME_DIR],
            ctx(
                "s3:GetObject",
                "arn:aws:s3:::home-bucket/alice/notes.txt",
                &[],
            ),
            deny,
        ),
        (
            &[HOME_DIR],
            ctx(
                "s3:DeleteObject",
                "arn:aws:s3:::home-bucket/bob/notes.txt",
                &[],
            ),
            deny,
        ),
        (
            &[HOME_DIR],
            ctx(
                "s3:ListBucket",
                "arn:aws:s3:::home-bucket",
                &[("s3:prefix", "bob/docs")],
            ),
            Allowed,
        ),
        (
            &[HOME_DIR],
            ctx(
                "s3:ListBucket",
                "arn:aws:s3:::home-bucket",
                &[("s3:prefix", "alice/")],
            ),
            deny,
        ),
        (
            &[HOME_DIR],
            ctx("s3:ListBucket", "arn:aws:s3:::home-bucket", &[]),
            deny,
        ),
        (
            &[SELF_SERVICE],
            ctx("iam:ChangePassword", &user("bob"), &[]),
            Allowed,
        ),
        (
            &[SELF_SERVICE],
            ctx("iam:CreateAccessKey", &user("bob"), &[]),
            Allowed,
        ),
        (
            &[SELF_SERVICE],
            ctx("iam:UpdateAccessKey", &user("bob"), &[]),
            Allowed,
        ),
        (
            &[SELF_SERVICE],
            ctx("iam:CreateAccessKey", &user("alice"), &[]),
            deny,
        ),
        (
            &[SELF_SERVICE],
            ctx("iam:DeleteUser", &user("bob"), &[]),
            deny,
        ),
        (
            &[SOURCE_IP],
            ctx("s3:GetObject", "*", &[("aws:SourceIp", "192.0.2.10")]),
            Allowed,
        ),
        (
            &[SOURCE_IP],
            ctx("s3:GetObject", "*", &[("aws:SourceIp", "198.51.100.1")]),
            ExplicitDeny,
        ),
        (&[SOURCE_IP], ctx("s3:GetObject", "*", &[]), ExplicitDeny),
        (
            &[TIME_WINDOW],
            ctx(
                "ec2:StartInstances",
                "*",
                &[("aws:CurrentTime", "2020-05-01T12:00:00Z")],
            ),
            Allowed,
        ),
        (
            &[TIME_WINDOW],
            ctx(
                "ec2:StartInstances",
                "*",
                &[("aws:CurrentTime", "2020-07-01T00:00:00Z")],
            ),
            deny,
        ),
        (&[TIME_WINDOW], ctx("ec2:StartInstances", "*", &[]), deny),
        (
            &[TAG_MATCH],
            ctx(
                "iam:GetUser",
                &user("x"),
                &[("iam:ResourceTag/team", "blue")],
            ),
            Allowed,
        ),
        (
            &[TAG_MATCH],
            ctx(
                "iam:GetUser",
                &user("x"),
                &[("iam:ResourceTag/team", "red")],
            ),
            deny,
        ),
        (
            &[NOT_RESOURCE],
            ctx("s3:GetObject", "arn:aws:s3:::public/x", &[]),
            Allowed,
        ),
        (
            &[NOT_RESOURCE],
            ctx("s3:GetObject", "arn:aws:s3:::secret/x", &[]),
            deny,
        ),
        (
            &[LEGACY],
            ctx("s3:GetObject", "arn:aws:s3:::b/bob", &[]),
            deny,
        ),
        (
            &[LEGACY],
            ctx("s3:GetObject", "arn:aws:s3:::b/${aws:username}", &[]),
            Allowed,
        ),
        (&[READ_ONLY_IAM], ctx("iam:ListUsers", "*", &[]), Allowed),
        (
            &[READ_ONLY_IAM],
            ctx("iam:GetAccountSummary", "*", &[]),
            Allowed,
        ),
        (
            &[READ_ONLY_IAM],
            ctx("iam:CreateUser", &user("x"), &[]),
            deny,
        ),
        (
            &[READ_ONLY_IAM],
            ctx("iam:GenerateCredentialReport", "*", &[]),
            Allowed,
        ),
    ];
    for (i, (policies, request, expected)) in cases.iter().enumerate() {
        assert_eq!(
            decide(policies, request),
            *expected,
            "case {i}: {} on {}",
            request.action,
            request.resource
        );
    }
}

#[test]
fn request_tags_and_tag_keys() {
    let mut ok = ctx(
        "iam:CreateUser",
        &user("new"),
        &[("aws:RequestTag/team", "blue")],
    );
    ok.set_all("aws:TagKeys", vec!["team".into()]);
    assert_eq!(decide(&[REQUIRE_TAGS], &ok), Decision::Allowed);
    let mut wrong_team = ctx(
        "iam:CreateUser",
        &user("new"),
        &[("aws:RequestTag/team", "red")],
    );
    wrong_team.set_all("aws:TagKeys", vec!["team".into()]);
    assert_eq!(
        decide(&[REQUIRE_TAGS], &wrong_team),
        Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow)
    );
    let mut extra_key = ctx(
        "iam:CreateUser",
        &user("new"),
        &[("aws:RequestTag/team", "blue")],
    );
    extra_key.set_all("aws:TagKeys", vec!["team".into(), "cost".into()]);
    assert_eq!(
        decide(&[REQUIRE_TAGS], &extra_key),
        Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow)
    );
}

#[test]
fn boundaries_and_session_policies_cap_permissions() {
    let admin = doc(ADMIN);
    let read_only = doc(READ_ONLY_IAM);
    let identity = [source(&admin)];
    let boundary = PolicySource {
        id: "b".into(),
        kind: SourceKind::Boundary,
        document: &read_only,
    };
    let list = ctx("iam:ListUsers", "*", &[]);
    let create = ctx("iam:CreateUser", &user("x"), &[]);
    assert_eq!(
        evaluate(&identity, Some(&boundary), &[], &list).decision,
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&identity, Some(&boundary), &[], &create).decision,
        Decision::ImplicitDeny(ImplicitDenyReason::NoBoundaryAllow)
    );
    let session = [PolicySource {
        id: "s".into(),
        kind: SourceKind::Session,
        document: &read_only,
    }];
    assert_eq!(
        evaluate(&identity, None, &session, &create).decision,
        Decision::ImplicitDeny(ImplicitDenyReason::NoSessionAllow)
    );
    assert_eq!(
        evaluate(&identity, None, &session, &list).decision,
        Decision::Allowed
    );
    // A boundary alone grants nothing.
    assert_eq!(
        evaluate(&[], Some(&boundary), &[], &list).decision,
        Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow)
    );
    let deny = doc(DENY_IAM);
    let deny_boundary = PolicySource {
        id: "d".into(),
        kind: SourceKind::Boundary,
        document: &deny,
    };
    let evaluation = evaluate(&identity, Some(&deny_boundary), &[], &list);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert_eq!(evaluation.matched[0].source_id, "d");
}

#[test]
fn matched_statements_name_their_policy() {
    let first = doc(READ_ONLY_IAM);
    let second = doc(ADMIN);
    let sources = [
        PolicySource {
            id: "ReadOnly".into(),
            kind: SourceKind::AwsManaged,
            document: &first,
        },
        PolicySource {
            id: "Admin".into(),
            kind: SourceKind::UserManaged,
            document: &second,
        },
    ];
    let evaluation = evaluate(&sources, None, &[], &ctx("iam:ListUsers", "*", &[]));
    let ids: Vec<_> = evaluation
        .matched
        .iter()
        .map(|m| m.source_id.as_str())
        .collect();
    assert_eq!(ids, ["ReadOnly", "Admin"]);
}

const ACTIONS: [&str; 6] = [
    "iam:CreateUser",
    "iam:ListUsers",
    "iam:GetUser",
    "s3:GetObject",
    "ec2:RunInstances",
    "sts:AssumeRole",
];
const ACTION_PATTERNS: [&str; 8] = [
    "*",
    "iam:*",
    "iam:Get*",
    "iam:List*",
    "s3:*",
    "ec2:Run?nstances",
    "sts:AssumeRole",
    "iam:CreateUser",
];
const RESOURCE_PATTERNS: [&str; 4] = [
    "*",
    "arn:aws:iam::123456789012:user/*",
    "arn:aws:s3:::b/*",
    "arn:aws:iam::*:user/bob",
];

fn statement_json(effect: bool, action: usize, resource: usize, negate: bool) -> String {
    format!(
        r#"{{"Effect":"{}","{}":"{}","Resource":"{}"}}"#,
        if effect { "Allow" } else { "Deny" },
        if negate { "NotAction" } else { "Action" },
        ACTION_PATTERNS[action],
        RESOURCE_PATTERNS[resource]
    )
}

fn policy_json(statements: &[(bool, usize, usize, bool)]) -> String {
    let body: Vec<String> = statements
        .iter()
        .map(|(e, a, r, n)| statement_json(*e, *a, *r, *n))
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        body.join(",")
    )
}

fn statements() -> impl Strategy<Value = Vec<(bool, usize, usize, bool)>> {
    prop::collection::vec(
        (
            any::<bool>(),
            0..ACTION_PATTERNS.len(),
            0..RESOURCE_PATTERNS.len(),
            prop::bool::weighted(0.2),
        ),
        1..6,
    )
}

fn request() -> impl Strategy<Value = RequestContext> {
    (
        0..ACTIONS.len(),
        prop::sample::select(vec![
            "arn:aws:iam::123456789012:user/bob",
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:s3:::b/key",
            "*",
        ]),
    )
        .prop_map(|(a, r)| ctx(ACTIONS[a], r, &[]))
}

proptest! {
    #[test]
    fn an_explicit_deny_always_wins(policy in statements(), request in request()) {
        let mut with_deny = policy.clone();
        with_deny.push((false, 0, 0, false));
        let document = doc(&policy_json(&with_deny));
        let evaluation = evaluate(&[source(&document)], None, &[], &request);
        prop_assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    }

    #[test]
    fn an_empty_policy_set_denies(request in request()) {
        prop_assert_eq!(evaluate(&[], None, &[], &request).decision, Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow));
    }

    #[test]
    fn adding_an_allow_never_turns_allow_into_deny(policy in statements(), extra in (0..ACTION_PATTERNS.len(), 0..RESOURCE_PATTERNS.len()), request in request()) {
        let before = doc(&policy_json(&policy));
        let mut more = policy.clone();
        more.push((true, extra.0, extra.1, false));
        let after = doc(&policy_json(&more));
        if evaluate(&[source(&before)], None, &[], &request).decision == Decision::Allowed {
            prop_assert_eq!(evaluate(&[source(&after)], None, &[], &request).decision, Decision::Allowed);
        }
    }

    #[test]
    fn a_boundary_never_widens(policy in statements(), bound in statements(), request in request()) {
        let identity = doc(&policy_json(&policy));
        let boundary = doc(&policy_json(&bound));
        let boundary = PolicySource { id: "b".into(), kind: SourceKind::Boundary, document: &boundary };
        if evaluate(&[source(&identity)], Some(&boundary), &[], &request).decision == Decision::Allowed {
            prop_assert_eq!(evaluate(&[source(&identity)], None, &[], &request).decision, Decision::Allowed);
        }
    }

    #[test]
    fn the_decision_alone_agrees_with_the_full_evaluation(
        identity in prop::collection::vec(statements(), 0..4),
        boundary in prop::option::of(statements()),
        session in prop::collection::vec(statements(), 0..3),
        request in request(),
    ) {
        let parse = |policies: &[Vec<(bool, usize, usize, bool)>]| -> Vec<PolicyDocument> {
            policies.iter().map(|p| doc(&policy_json(p))).collect()
        };
        let (identity, session) = (parse(&identity), parse(&session));
        let boundary = boundary.map(|b| doc(&policy_json(&b)));
        fn sources(docs: &[PolicyDocument], kind: SourceKind) -> Vec<PolicySource<'_>> {
            docs.iter().map(|document| PolicySource { id: "p".into(), kind, document }).collect()
        }
        let bound = boundary.as_ref().map(|document| PolicySource { id: "b".into(), kind: SourceKind::Boundary, document });
        let full = evaluate(
            &sources(&identity, SourceKind::User),
            bound.as_ref(),
            &sources(&session, SourceKind::Session),
            &request,
        );
        prop_assert_eq!(decision(&identity, boundary.as_ref(), &session, &request), full.decision);
    }

    #[test]
    fn the_resource_index_decides_as_a_full_scan(policy in statements(), request in request()) {
        let indexed = doc(&policy_json(&policy));
        let scanned = PolicyDocument { index: Default::default(), ..indexed.clone() };
        prop_assert_eq!(
            evaluate(&[source(&indexed)], None, &[], &request),
            evaluate(&[source(&scanned)], None, &[], &request)
        );
    }
}
