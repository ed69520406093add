//! Wildcard matching of actions and ARNs. `*` matches any run of characters (also none), `?`
//! one character. Actions compare ignoring case; ARNs exactly, segment by segment.

/// Stands for a literal `*` produced by the `${*}` policy variable (and by `*` in substituted
/// values), so it matches only an asterisk.
pub const LITERAL_STAR: char = '\u{E000}';
/// Stands for a literal `?` (`${?}`).
pub const LITERAL_QUESTION: char = '\u{E001}';

fn same(p: char, v: char, ignore_case: bool) -> bool {
    match p {
        LITERAL_STAR => v == '*',
        LITERAL_QUESTION => v == '?',
        _ if ignore_case => p.to_lowercase().eq(v.to_lowercase()),
        _ => p == v,
    }
}

/// Whether `value` matches the wildcard `pattern`.
pub fn glob(pattern: &str, value: &str, ignore_case: bool) -> bool {
    // Almost every pattern and value is ASCII: match bytes without allocating.
    if pattern.is_ascii() && value.is_ascii() {
        let same = |p: u8, v: u8| {
            if ignore_case {
                p.eq_ignore_ascii_case(&v)
            } else {
                p == v
            }
        };
        return glob_units(pattern.as_bytes(), value.as_bytes(), b'*', b'?', same);
    }
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    glob_units(&p, &v, '*', '?', |p, v| same(p, v, ignore_case))
}

/// Wildcard matching over any units, with backtracking to the last `*`.
fn glob_units<T: Copy + PartialEq>(
    p: &[T],
    v: &[T],
    star: T,
    one: T,
    same: impl Fn(T, T) -> bool,
) -> bool {
    let (mut pi, mut vi) = (0, 0);
    // Where the last `*` was, and the value position it is currently standing for.
    let mut last_star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && p[pi] == star {
            last_star = Some((pi, vi));
            pi += 1;
        } else if pi < p.len() && (p[pi] == one || same(p[pi], v[vi])) {
            pi += 1;
            vi += 1;
        } else if let Some((star_pi, star_vi)) = last_star {
            pi = star_pi + 1;
            vi = star_vi + 1;
            last_star = Some((star_pi, star_vi + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// Whether `action` (`service:Action`) matches an `Action` pattern.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    pattern == "*" || glob(pattern, action, true)
}

/// Whether `arn` matches a `Resource` pattern or an `Arn*` condition value: `*` alone matches
/// everything; otherwise both split into six colon-separated parts, each matched on its own,
/// the last one spanning any further colons.
pub fn arn_matches(pattern: &str, arn: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let (mut p, mut v) = (pattern.splitn(6, ':'), arn.splitn(6, ':'));
    for _ in 0..6 {
        match (p.next(), v.next()) {
            (Some(p), Some(v)) if glob(p, v, false) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_wildcards() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*c", "abbbc", true),
            ("a*c", "abbbd", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*Object", "GetObject", true),
            ("Get*Acl", "GetBucketAcl", true),
            ("Get*Acl", "GetBucketPolicy", false),
            ("**a", "bba", true),
            ("", "", true),
            ("", "x", false),
        ];
        for (pattern, value, expected) in cases {
            assert_eq!(glob(pattern, value, false), expected, "{pattern} ~ {value}");
        }
    }

    #[test]
    fn actions_ignore_case() {
        assert!(action_matches("iam:*", "iam:CreateUser"));
        assert!(action_matches("IAM:createuser", "iam:CreateUser"));
        assert!(action_matches("iam:Get*", "iam:GetUser"));
        assert!(!action_matches("iam:Get*", "s3:GetObject"));
        assert!(action_matches("*", "ec2:RunInstances"));
    }

    #[test]
    fn arns_match_by_segment_and_case() {
        assert!(arn_matches(
            "arn:aws:iam::123456789012:user/*",
            "arn:aws:iam::123456789012:user/division/bob"
        ));
        assert!(!arn_matches(
            "arn:aws:iam::123456789012:user/*",
            "arn:aws:iam::123456789012:group/devs"
        ));
        assert!(!arn_matches(
            "arn:aws:iam::123456789012:user/Bob",
            "arn:aws:iam::123456789012:user/bob"
        ));
        assert!(arn_matches(
            "arn:aws:iam::*:user/bob",
            "arn:aws:iam::123456789012:user/bob"
        ));
        assert!(arn_matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a:b/c"
        ));
        assert!(!arn_matches("arn:aws:s3", "arn:aws:s3:::bucket"));
        assert!(arn_matches("*", "anything at all"));
    }

    #[test]
    fn literal_wildcards_match_only_themselves() {
        let pattern = format!("a{LITERAL_STAR}b");
        assert!(glob(&pattern, "a*b", false));
        assert!(!glob(&pattern, "axb", false));
    }
}
