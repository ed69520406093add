use super::*;

/// `(operator, key, policy values, request values or None when absent, expected)`.
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
    bool,
);

fn check(cases: &[Case]) {
    for (operator, key, policy, request, expected) in cases {
        let condition = Condition {
            operator: (*operator).to_owned(),
            key: (*key).to_owned(),
            values: policy.iter().map(|s| (*s).to_owned()).collect(),
        };
        let mut ctx = RequestContext::new("s3:GetObject", "*");
        ctx.set("aws:username", "bob");
        if let Some(values) = request {
            ctx.set_all(key, values.iter().map(|s| (*s).to_owned()).collect());
        }
        assert_eq!(
            condition_holds(&condition, &ctx, true),
            *expected,
            "{operator} {key} {policy:?} vs {request:?}"
        );
    }
}

#[test]
fn string_operators() {
    check(&[
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue"],
            Some(&["blue"]),
            true,
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["Blue"],
            Some(&["blue"]),
            false,
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["red", "blue"],
            Some(&["blue"]),
            true,
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue"],
            None,
            false,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["red", "green"],
            Some(&["blue"]),
            true,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["red", "blue"],
            Some(&["blue"]),
            false,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["red"],
            None,
            true,
        ),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["BLUE"],
            Some(&["blue"]),
            true,
        ),
        (
            "StringNotEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["BLUE"],
            Some(&["blue"]),
            false,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/*"],
            Some(&["home/bob/x"]),
            true,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/?"],
            Some(&["home/ab"]),
            false,
        ),
        (
            "StringNotLike",
            "s3:prefix",
            &["home/*"],
            Some(&["work/x"]),
            true,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            Some(&["home/bob/docs"]),
            true,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            Some(&["home/eve/docs"]),
            false,
        ),
        (
            "StringEquals",
            "s3:prefix",
            &["${aws:userid}"],
            Some(&["x"]),
            false,
        ),
    ]);
}

#[test]
fn numeric_operators() {
    check(&[
        ("NumericEquals", "s3:max-keys", &["10"], Some(&["10"]), true),
        (
            "NumericEquals",
            "s3:max-keys",
            &["10"],
            Some(&["10.0"]),
            true,
        ),
        (
            "NumericNotEquals",
            "s3:max-keys",
            &["10"],
            Some(&["11"]),
            true,
        ),
        (
            "NumericLessThan",
            "s3:max-keys",
            &["10"],
            Some(&["9"]),
            true,
        ),
        (
            "NumericLessThan",
            "s3:max-keys",
            &["10"],
            Some(&["10"]),
            false,
        ),
        (
            "NumericLessThanEquals",
            "s3:max-keys",
            &["10"],
            Some(&["10"]),
            true,
        ),
        (
            "NumericGreaterThan",
            "s3:max-keys",
            &["10"],
            Some(&["11"]),
            true,
        ),
        (
            "NumericGreaterThanEquals",
            "s3:max-keys",
            &["10"],
            Some(&["9"]),
            false,
        ),
        (
            "NumericEquals",
            "s3:max-keys",
            &["10"],
            Some(&["ten"]),
            false,
        ),
    ]);
}

#[test]
fn date_operators() {
    check(&[
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2020-01-01T00:00:00Z"],
            Some(&["2026-11-29T12:00:00Z"]),
            true,
        ),
        (
            "DateLessThan",
            "aws:CurrentTime",
            &["2020-01-01"],
            Some(&["2026-11-29T12:00:00Z"]),
            false,
        ),
        (
            "DateEquals",
            "aws:TokenIssueTime",
            &["2026-11-29T12:00:00Z"],
            Some(&["1795953600"]),
            true,
        ),
        (
            "DateNotEquals",
            "aws:TokenIssueTime",
            &["2026-11-29T12:00:00Z"],
            Some(&["2026-11-29T12:00:01Z"]),
            true,
        ),
        (
            "DateLessThanEquals",
            "aws:EpochTime",
            &["1000"],
            Some(&["1000"]),
            true,
        ),
        (
            "DateGreaterThanEquals",
            "aws:EpochTime",
            &["1000"],
            Some(&["999"]),
            false,
        ),
        (
            "DateLessThan",
            "aws:TokenIssueTime",
            &["not a date"],
            Some(&["2026-11-29T12:00:00Z"]),
            false,
        ),
    ]);
}

#[test]
fn bool_binary_ip_and_arn_operators() {
    check(&[
        (
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["true"],
            Some(&["true"]),
            true,
        ),
        (
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["true"],
            Some(&["false"]),
            false,
        ),
        (
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["false"],
            None,
            false,
        ),
        (
            "BoolIfExists",
            "aws:MultiFactorAuthPresent",
            &["false"],
            None,
            true,
        ),
        (
            "Bool",
            "aws:SecureTransport",
            &["TRUE"],
            Some(&["true"]),
            true,
        ),
        (
            "BinaryEquals",
            "key",
            &["QmluYXJ5VmFsdWU="],
            Some(&["QmluYXJ5VmFsdWU="]),
            true,
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            Some(&["203.0.113.77"]),
            true,
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            Some(&["203.0.114.1"]),
            false,
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.5"],
            Some(&["203.0.113.5"]),
            true,
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["2001:db8::/32"],
            Some(&["2001:db8:1::1"]),
            true,
        ),
        (
            "NotIpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "192.168.0.0/16"],
            Some(&["203.0.113.1"]),
            true,
        ),
        (
            "NotIpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8"],
            Some(&["10.1.2.3"]),
            false,
        ),
        ("NotIpAddress", "aws:SourceIp", &["10.0.0.0/8"], None, true),
        (
            "ArnLike",
            "aws:SourceArn",
            &["arn:aws:sns:*:123456789012:topic"],
            Some(&["arn:aws:sns:us-east-1:123456789012:topic"]),
            true,
        ),
        (
            "ArnEquals",
            "aws:SourceArn",
            &["arn:aws:sns:us-east-1:123456789012:*"],
            Some(&["arn:aws:sns:us-east-1:123456789012:t"]),
            true,
        ),
        (
            "ArnNotLike",
            "aws:SourceArn",
            &["arn:aws:sns:*:123456789012:*"],
            Some(&["arn:aws:sqs:us-east-1:123456789012:q"]),
            true,
        ),
        (
            "ArnNotEquals",
            "aws:SourceArn",
            &["arn:aws:sns:*:*:*"],
            None,
            true,
        ),
        (
            "ArnLike",
            "iam:PolicyARN",
            &["arn:aws:iam::*:policy/${aws:username}-*"],
            Some(&["arn:aws:iam::123456789012:policy/bob-p1"]),
            true,
        ),
    ]);
}

#[test]
fn null_if_exists_and_sets() {
    check(&[
        ("Null", "aws:TokenIssueTime", &["true"], None, true),
        (
            "Null",
            "aws:TokenIssueTime",
            &["true"],
            Some(&["2026-11-29T12:00:00Z"]),
            false,
        ),
        (
            "Null",
            "aws:TokenIssueTime",
            &["false"],
            Some(&["2026-11-29T12:00:00Z"]),
            true,
        ),
        (
            "StringEqualsIfExists",
            "ec2:InstanceType",
            &["t2.micro"],
            None,
            true,
        ),
        (
            "StringEqualsIfExists",
            "ec2:InstanceType",
            &["t2.micro"],
            Some(&["m5.large"]),
            false,
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team", "env"],
            Some(&["team"]),
            true,
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team", "env"],
            Some(&["team", "cost"]),
            false,
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team"],
            None,
            true,
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["team", "env"],
            Some(&["cost", "env"]),
            true,
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["team"],
            Some(&["cost"]),
            false,
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["team"],
            None,
            false,
        ),
        (
            "ForAllValues:StringLike",
            "aws:TagKeys",
            &["team-*"],
            Some(&["team-a", "team-b"]),
            true,
        ),
        (
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            &["team"],
            Some(&["team", "cost"]),
            true,
        ),
        (
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["secret"],
            Some(&["team", "cost"]),
            true,
        ),
        (
            "StringEqualsSortOf",
            "aws:TagKeys",
            &["x"],
            Some(&["x"]),
            false,
        ),
    ]);
}

#[test]
fn variables_are_literal_in_old_documents() {
    let condition = Condition {
        operator: "StringEquals".into(),
        key: "s3:prefix".into(),
        values: vec!["${aws:username}".into()],
    };
    let mut ctx = RequestContext::new("s3:ListBucket", "*");
    ctx.set("aws:username", "bob")
        .set("s3:prefix", "${aws:username}");
    assert!(condition_holds(&condition, &ctx, false));
    assert!(!condition_holds(&condition, &ctx, true));
}

#[test]
fn cidr_edges() {
    assert!(ip_in("0.0.0.0", "0.0.0.0/0"));
    assert!(ip_in("255.255.255.255", "0.0.0.0/0"));
    assert!(!ip_in("10.0.0.1", "::/0"));
    assert!(!ip_in("not-an-ip", "10.0.0.0/8"));
}

#[test]
fn every_offered_operator_is_known_with_its_qualifiers() {
    let names: Vec<&str> = operator_names().collect();
    assert_eq!(names.len(), 27);
    assert_eq!(names.first(), Some(&"StringEquals"));
    assert!(names.contains(&"Null"));
    for name in names {
        assert!(is_known_operator(name), "{name}");
        assert!(is_known_operator(&format!("ForAnyValue:{name}")), "{name}");
        assert_eq!(
            is_known_operator(&format!("{name}IfExists")),
            name != "Null",
            "{name}"
        );
    }
    assert!(!is_known_operator("StringEqualsLoosely"));
}
