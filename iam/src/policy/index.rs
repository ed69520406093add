//! An index of a document's statements by the literal start of their `Resource` patterns, so a
//! decision looks only at statements that can match the request's resource.
//!
//! ARN patterns match segment by segment, each segment a glob; the characters before a
//! pattern's first wildcard (or policy variable) must therefore start the ARN itself. Each
//! statement is filed under those literal prefixes; a request's candidates are found by looking
//! up the resource's own prefixes of the lengths present. Statements with `NotResource`, no
//! `Resource` (trust policies) or a leading wildcard are filed under the empty prefix and are
//! always candidates.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::document::Statement;

/// FNV-1a: prefixes are short, and hashing them is most of the lookup.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Buckets = HashMap<String, Vec<u32>, BuildHasherDefault<Fnv>>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceIndex {
    /// Whether the index was built (a deserialized document has none, and is scanned whole).
    built: bool,
    /// The distinct prefix lengths filed, ascending.
    lengths: Vec<usize>,
    buckets: Buckets,
}

/// The literal start of a resource pattern: everything before its first `*`, `?` or `$`.
fn literal_prefix(pattern: &str) -> &str {
    let end = pattern.find(['*', '?', '$']).unwrap_or(pattern.len());
    &pattern[..end]
}

impl ResourceIndex {
    pub fn build(statements: &[Statement]) -> Self {
        let mut buckets = Buckets::default();
        for (i, statement) in statements.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let prefixes: Vec<&str> = match &statement.resource {
                Some(patterns) if !patterns.negated => {
                    patterns.values.iter().map(|p| literal_prefix(p)).collect()
                }
                _ => vec![""],
            };
            for prefix in prefixes {
                let bucket = buckets.entry(prefix.to_owned()).or_default();
                if bucket.last() != Some(&index) {
                    bucket.push(index);
                }
            }
        }
        let mut lengths: Vec<usize> = buckets.keys().map(String::len).collect();
        lengths.sort_unstable();
        lengths.dedup();
        Self {
            built: true,
            lengths,
            buckets,
        }
    }

    /// The statements that may match `resource`, in document order; `None` when the index was
    /// not built and every statement must be checked.
    pub fn candidates(&self, resource: &str, out: &mut Vec<u32>) -> Option<()> {
        if !self.built {
            return None;
        }
        out.clear();
        for &len in &self.lengths {
            if len > resource.len() {
                break;
            }
            let Some(prefix) = resource.get(..len) else {
                continue;
            };
            if let Some(bucket) = self.buckets.get(prefix) {
                out.extend_from_slice(bucket);
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyKind, parse_policy};

    #[test]
    fn files_statements_by_literal_prefix() {
        let doc = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::a"]},
                {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"},
                {"Effect":"Allow","Action":"s3:*","Resource":"*"},
                {"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::a/*"},
                {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::?/x"}]}"#,
            PolicyKind::Inline,
        )
        .unwrap();
        let index = ResourceIndex::build(&doc.statements);
        let mut out = Vec::new();
        let mut candidates = |resource: &str| {
            index.candidates(resource, &mut out).unwrap();
            out.clone()
        };
        // Candidates may match; the decision still checks each one in full.
        assert_eq!(candidates("arn:aws:s3:::a/key"), vec![0, 2, 3, 4]);
        assert_eq!(candidates("arn:aws:s3:::b/bob/k"), vec![1, 2, 3, 4]);
        assert_eq!(candidates("arn:aws:s3:::c/x"), vec![2, 3, 4]);
        assert_eq!(candidates("arn:aws:iam::1:user/x"), vec![2, 3]);
        assert_eq!(ResourceIndex::default().candidates("x", &mut out), None);
    }
}
