//! Pagination: `Marker` and `MaxItems` as AWS lists use them. A marker is opaque to clients: the
//! list's identity and the last key returned, base64-encoded.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{IamError, IamResult};

pub const DEFAULT_MAX_ITEMS: u32 = 100;

/// A validated page request.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub marker: Option<String>,
    pub max_items: Option<u32>,
}

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The marker of the next page, when the list is truncated.
    pub marker: Option<String>,
}

impl<T> Page<T> {
    pub fn is_truncated(&self) -> bool {
        self.marker.is_some()
    }
}

impl PageRequest {
    /// `MaxItems` checked against 1–1000.
    pub fn limit(&self) -> IamResult<u32> {
        match self.max_items {
            None => Ok(DEFAULT_MAX_ITEMS),
            Some(n) if (1..=1000).contains(&n) => Ok(n),
            Some(n) => Err(IamError::constraint(
                "maxItems",
                &n.to_string(),
                "Member must have value less than or equal to 1000 and greater than or equal to 1",
            )),
        }
    }

    /// The key after which this page starts, decoded from the marker of list `list`.
    pub fn after(&self, list: &str) -> IamResult<Option<String>> {
        let Some(marker) = &self.marker else {
            return Ok(None);
        };
        let invalid = || IamError::invalid_input("Invalid Marker.");
        let bytes = URL_SAFE_NO_PAD.decode(marker).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (kind, key) = text.split_once(':').ok_or_else(invalid)?;
        if kind == list {
            Ok(Some(key.to_owned()))
        } else {
            Err(invalid())
        }
    }
}

/// Cuts `rows` (fetched with one extra row) into a page whose marker points past the last item.
pub fn paginate<R, T>(
    mut rows: Vec<R>,
    limit: u32,
    list: &str,
    key: impl Fn(&R) -> String,
    map: impl Fn(R) -> T,
) -> Page<T> {
    let limit = limit as usize;
    let marker = if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
            .map(|last| URL_SAFE_NO_PAD.encode(format!("{list}:{}", key(last))))
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        marker,
    }
}

/// One page of `rows`, already in order of `key`, held whole in memory (short lists such as a
/// user's keys).
pub fn page_of<R, T>(
    rows: Vec<R>,
    page: &PageRequest,
    list: &str,
    key: impl Fn(&R) -> String,
    map: impl Fn(R) -> T,
) -> IamResult<Page<T>> {
    let limit = page.limit()?;
    let after = page.after(list)?;
    let rows = rows
        .into_iter()
        .filter(|row| after.as_ref().is_none_or(|after| key(row) > *after))
        .take(limit as usize + 1)
        .collect();
    Ok(paginate(rows, limit, list, key, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_reject_foreign_lists() {
        let page = paginate(vec!["a", "b", "c"], 2, "users", |s| s.to_string(), |s| s);
        assert_eq!(page.items, vec!["a", "b"]);
        let req = PageRequest {
            marker: page.marker.clone(),
            max_items: Some(2),
        };
        assert_eq!(req.after("users").unwrap().as_deref(), Some("b"));
        assert!(req.after("groups").is_err());
        let bad = PageRequest {
            marker: Some("%%%".into()),
            max_items: None,
        };
        assert_eq!(bad.after("users").unwrap_err().message, "Invalid Marker.");
    }

    #[test]
    fn a_list_in_memory_pages_after_its_marker() {
        let first = PageRequest {
            marker: None,
            max_items: Some(2),
        };
        let page = page_of(
            vec!["a", "b", "c"],
            &first,
            "keys",
            |s| s.to_string(),
            |s| s,
        )
        .unwrap();
        assert_eq!(page.items, vec!["a", "b"]);
        let next = PageRequest {
            marker: page.marker,
            max_items: Some(2),
        };
        let page = page_of(vec!["a", "b", "c"], &next, "keys", |s| s.to_string(), |s| s).unwrap();
        assert_eq!(page.items, vec!["c"]);
        assert!(!page.is_truncated());
    }

    #[test]
    fn limits() {
        assert_eq!(PageRequest::default().limit().unwrap(), 100);
        assert!(
            PageRequest {
                marker: None,
                max_items: Some(0)
            }
            .limit()
            .is_err()
        );
        assert!(
            PageRequest {
                marker: None,
                max_items: Some(1001)
            }
            .limit()
            .is_err()
        );
        let last = paginate(vec![1, 2], 2, "x", |n| n.to_string(), |n| n);
        assert!(!last.is_truncated());
    }
}
