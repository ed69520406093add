//! Condition evaluation: every operator family of the IAM policy language, with `…IfExists`,
//! `ForAllValues:` and `ForAnyValue:`, and policy variables in string, ARN and Bool values.

use std::net::IpAddr;

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, macros::format_description};

use super::context::RequestContext;
use super::document::Condition;
use super::matching::{arn_matches, glob};
use super::variables::substitute;

/// How a condition operator compares values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Ordering),
    Date(Ordering),
    Bool,
    Binary,
    Ip,
    Arn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordering {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// A parsed operator name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Operator {
    family: Family,
    negated: bool,
    if_exists: bool,
    set: Option<SetQualifier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// Every operator IAM knows but `Null`, without `IfExists` or a set qualifier: how it compares
/// and whether it negates. The one list the validator, the evaluator and the visual editor use.
const BASES: [(&str, Family, bool); 26] = {
    use Family::*;
    use Ordering::*;
    [
        ("StringEquals", StringEquals, false),
        ("StringNotEquals", StringEquals, true),
        ("StringEqualsIgnoreCase", StringEqualsIgnoreCase, false),
        ("StringNotEqualsIgnoreCase", StringEqualsIgnoreCase, true),
        ("StringLike", StringLike, false),
        ("StringNotLike", StringLike, true),
        ("NumericEquals", Numeric(Equals), false),
        ("NumericNotEquals", Numeric(Equals), true),
        ("NumericLessThan", Numeric(LessThan), false),
        ("NumericLessThanEquals", Numeric(LessThanEquals), false),
        ("NumericGreaterThan", Numeric(GreaterThan), false),
        (
            "NumericGreaterThanEquals",
            Numeric(GreaterThanEquals),
            false,
        ),
        ("DateEquals", Date(Equals), false),
        ("DateNotEquals", Date(Equals), true),
        ("DateLessThan", Date(LessThan), false),
        ("DateLessThanEquals", Date(LessThanEquals), false),
        ("DateGreaterThan", Date(GreaterThan), false),
        ("DateGreaterThanEquals", Date(GreaterThanEquals), false),
        ("Bool", Bool, false),
        ("BinaryEquals", Binary, false),
        ("IpAddress", Ip, false),
        ("NotIpAddress", Ip, true),
        ("ArnEquals", Arn, false),
        ("ArnLike", Arn, false),
        ("ArnNotEquals", Arn, true),
        ("ArnNotLike", Arn, true),
    ]
};

/// The operators without qualifiers, in the order the visual editor offers them.
pub fn operator_names() -> impl Iterator<Item = &'static str> {
    BASES.iter().map(|(name, ..)| *name).chain(["Null"])
}

/// Whether an operator name (with its `ForAllValues:`/`ForAnyValue:` prefix and `IfExists`
/// suffix) is one IAM knows.
pub fn is_known_operator(operator: &str) -> bool {
    !matches!(parse_operator(operator), Some(Err(())))
}

/// `None` for `Null` (with or without a set qualifier), which tests presence instead of
/// comparing; an error for an operator IAM does not know.
fn parse_operator(name: &str) -> Option<Result<Operator, ()>> {
    let (set, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    if rest == "Null" {
        return None;
    }
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let Some(&(_, family, negated)) = BASES.iter().find(|(name, ..)| *name == base) else {
        return Some(Err(()));
    };
    Some(Ok(Operator {
        family,
        negated,
        if_exists,
        set,
    }))
}

fn compare<T: PartialOrd>(request: T, policy: T, ordering: Ordering) -> bool {
    match ordering {
        Ordering::Equals => request == policy,
        Ordering::LessThan => request < policy,
        Ordering::LessThanEquals => request <= policy,
        Ordering::GreaterThan => request > policy,
        Ordering::GreaterThanEquals => request >= policy,
    }
}

/// A date as IAM reads it: RFC 3339, a plain date, or UNIX seconds.
pub fn parse_date(value: &str) -> Option<OffsetDateTime> {
    if let Ok(at) = OffsetDateTime::parse(value, &Rfc3339) {
        return Some(at);
    }
    if let Ok(date) = Date::parse(value, format_description!("[year]-[month]-[day]")) {
        return Some(date.midnight().assume_utc());
    }
    value
        .parse::<i64>()
        .ok()
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
}

/// Whether `ip` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address).
pub fn ip_in(ip: &str, cidr: &str) -> bool {
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return false;
    };
    let (net, bits) = match cidr.split_once('/') {
        Some((net, bits)) => (net, bits.parse::<u32>().ok()),
        None => (cidr, None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// Whether one request value matches one policy value (before negation).
fn value_matches(family: Family, request: &str, policy: &str) -> bool {
    match family {
        Family::StringEquals => request == policy,
        Family::StringEqualsIgnoreCase => request.to_lowercase() == policy.to_lowercase(),
        Family::StringLike => glob(policy, request, false),
        Family::Numeric(ordering) => {
            match (request.trim().parse::<f64>(), policy.trim().parse::<f64>()) {
                (Ok(r), Ok(p)) => compare(r, p, ordering),
                _ => false,
            }
        }
        Family::Date(ordering) => match (parse_date(request), parse_date(policy)) {
            (Some(r), Some(p)) => compare(r, p, ordering),
            _ => false,
        },
        Family::Bool => request.eq_ignore_ascii_case(policy),
        Family::Binary => request == policy,
        Family::Ip => ip_in(request, policy),
        Family::Arn => arn_matches(policy, request),
    }
}

/// Whether variables are substituted in this family's values.
fn takes_variables(family: Family) -> bool {
    matches!(
        family,
        Family::StringEquals
            | Family::StringEqualsIgnoreCase
            | Family::StringLike
            | Family::Bool
            | Family::Arn
    )
}

/// Evaluates one condition; `substitute_variables` is false for `2008-10-17` documents.
pub fn condition_holds(
    condition: &Condition,
    ctx: &RequestContext,
    substitute_variables: bool,
) -> bool {
    let request = ctx.get(&condition.key).filter(|values| !values.is_empty());
    let Some(operator) = parse_operator(&condition.operator) else {
        // `Null`: "true" asks for the key to be absent, "false" for it to be present.
        return condition
            .values
            .iter()
            .any(|v| v.eq_ignore_ascii_case("true") == request.is_none());
    };
    let Ok(op) = operator else { return false };
    let Some(request) = request else {
        return match op.set {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => op.if_exists || op.negated,
        };
    };
    let policy_values: Vec<Option<std::borrow::Cow<'_, str>>> = condition
        .values
        .iter()
        .map(|v| {
            if substitute_variables && takes_variables(op.family) {
                substitute(v, ctx)
            } else {
                Some(v.as_str().into())
            }
        })
        .collect();
    // One request value against all policy values: OR for positive operators, NOR for negated.
    let single = |value: &str| {
        let any = policy_values
            .iter()
            .flatten()
            .any(|p| value_matches(op.family, value, p));
        any != op.negated
    };
    match op.set {
        Some(SetQualifier::ForAllValues) => request.iter().all(|v| single(v)),
        Some(SetQualifier::ForAnyValue) => request.iter().any(|v| single(v)),
        None if op.negated => request.iter().all(|v| single(v)),
        None => request.iter().any(|v| single(v)),
    }
}

#[cfg(test)]
mod tests;
