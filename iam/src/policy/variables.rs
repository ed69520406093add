//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}` and the escapes
//! `${*}`, `${?}`, `${$}` in resources and condition values. Only documents of version
//! `2012-10-17` substitute them; older ones read `${…}` literally.

use std::borrow::Cow;

use super::context::RequestContext;
use super::matching::{LITERAL_QUESTION, LITERAL_STAR};

/// Makes a substituted value literal: its wildcard characters match only themselves.
fn literal(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '*' => LITERAL_STAR,
            '?' => LITERAL_QUESTION,
            c => c,
        })
        .collect()
}

/// Replaces the variables in `text`. `None` when a variable has no value and no default: a
/// pattern or value that refers to it never matches.
pub fn substitute<'a>(text: &'a str, ctx: &RequestContext) -> Option<Cow<'a, str>> {
    if !text.contains("${") {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Some(Cow::Owned(out));
        };
        let inner = after[..end].trim();
        match inner {
            "*" => out.push(LITERAL_STAR),
            "?" => out.push(LITERAL_QUESTION),
            "$" => out.push('$'),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((key, default)) => {
                        let default = default.trim();
                        let default = default
                            .strip_prefix('\'')
                            .and_then(|d| d.strip_suffix('\''))
                            .unwrap_or(default);
                        (key.trim(), Some(default))
                    }
                    None => (inner, None),
                };
                match ctx.get(key).and_then(|values| values.first()) {
                    Some(value) => out.push_str(&literal(value)),
                    None => out.push_str(&literal(default?)),
                }
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::matching::arn_matches;

    fn ctx() -> RequestContext {
        let mut ctx = RequestContext::new("s3:GetObject", "*");
        ctx.set("aws:username", "bob")
            .set("aws:PrincipalTag/team", "blue");
        ctx
    }

    #[test]
    fn substitutes_keys_defaults_and_escapes() {
        let ctx = ctx();
        assert_eq!(
            substitute("home/${aws:username}/*", &ctx).as_deref(),
            Some("home/bob/*")
        );
        assert_eq!(
            substitute("${AWS:USERNAME}", &ctx).as_deref(),
            Some("bob"),
            "key names ignore case"
        );
        assert_eq!(
            substitute("t/${aws:PrincipalTag/team}", &ctx).as_deref(),
            Some("t/blue")
        );
        assert_eq!(
            substitute("${aws:PrincipalTag/cost, 'shared'}", &ctx).as_deref(),
            Some("shared")
        );
        assert_eq!(substitute("${aws:userid}", &ctx), None);
        assert_eq!(substitute("cost${$}", &ctx).as_deref(), Some("cost$"));
    }

    #[test]
    fn escaped_wildcards_are_literal() {
        let ctx = ctx();
        let pattern = substitute("arn:aws:s3:::bucket/${*}", &ctx).unwrap_or_default();
        assert!(arn_matches(&pattern, "arn:aws:s3:::bucket/*"));
        assert!(!arn_matches(&pattern, "arn:aws:s3:::bucket/anything"));
    }
}
