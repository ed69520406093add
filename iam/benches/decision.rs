//! Single policy decisions: a typical principal (3 policies, 10 statements) and a
//! quota-maximal one (10 groups × 10 managed policies of ~6,144 characters each).

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use iam::policy::context::RequestContext;
use iam::policy::eval::{PolicySource, SourceKind, evaluate};
use iam::policy::{PolicyDocument, PolicyKind, non_whitespace_len, parse_policy};

fn statement(i: usize) -> String {
    format!(
        r#"{{"Sid":"S{i}","Effect":"Allow","Action":["s3:Get*","s3:List*","ec2:Describe{i}*"],"Resource":["arn:aws:s3:::bucket-{i}/*","arn:aws:s3:::bucket-{i}"],"Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"team-{i}"}},"IpAddress":{{"aws:SourceIp":"10.{i}.0.0/16"}}}}}}"#
    )
}

fn policy(statements: std::ops::Range<usize>) -> PolicyDocument {
    let body: Vec<String> = statements.map(statement).collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        body.join(",")
    );
    parse_policy(&text, PolicyKind::Managed).unwrap_or_else(|e| panic!("{}", e.message))
}

/// A policy of about the 6,144-character quota.
fn full_size_policy(seed: usize) -> PolicyDocument {
    let mut n = 1;
    loop {
        let body: Vec<String> = (seed..seed + n + 1).map(statement).collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            body.join(",")
        );
        if non_whitespace_len(&text) > 6144 {
            return policy(seed..seed + n);
        }
        n += 1;
    }
}

fn request() -> RequestContext {
    let mut ctx = RequestContext::new("iam:CreateUser", "arn:aws:iam::123456789012:user/new");
    ctx.set("aws:username", "bob")
        .set("aws:PrincipalTag/team", "team-3")
        .set("aws:SourceIp", "10.3.1.1");
    ctx
}

fn sources(documents: &[PolicyDocument]) -> Vec<PolicySource<'_>> {
    documents
        .iter()
        .enumerate()
        .map(|(i, d)| PolicySource {
            id: format!("p{i}"),
            kind: SourceKind::UserManaged,
            document: d,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ctx = request();
    let allow_iam = parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
        PolicyKind::Managed,
    )
    .unwrap_or_else(|e| panic!("{}", e.message));

    let mut typical = vec![policy(0..4), policy(4..9)];
    typical.push(allow_iam.clone());
    let typical_sources = sources(&typical);
    c.bench_function(
        "decision: typical principal (3 policies, 10 statements)",
        |b| b.iter(|| evaluate(black_box(&typical_sources), None, &[], black_box(&ctx))),
    );

    // Every statement's actions match, so each one's resources and conditions are checked.
    let maximal: Vec<PolicyDocument> = (0..100).map(|i| full_size_policy(i * 100)).collect();
    let maximal_sources = sources(&maximal);
    let read = ctx.for_request("s3:GetObject", "arn:aws:s3:::bucket-3/key");
    c.bench_function("decision: 10 groups x 10 full-size policies", |b| {
        b.iter(|| evaluate(black_box(&maximal_sources), None, &[], black_box(&read)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
