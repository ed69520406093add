//! The request context a decision is made in: the action, the resource and the condition keys
//! with their values. Key names compare ignoring case.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    pub action: String,
    pub resource: String,
    /// `(key, values)`; a handful per request, so a scan beats hashing a lower-cased copy.
    keys: Vec<(String, Vec<String>)>,
}

impl RequestContext {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            resource: resource.into(),
            keys: Vec::new(),
        }
    }

    /// Sets a single-valued key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.set_all(key, vec![value.into()])
    }

    /// Sets a multivalued key (`aws:TagKeys`, …).
    pub fn set_all(&mut self, key: &str, values: Vec<String>) -> &mut Self {
        match self
            .keys
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            Some(entry) => entry.1 = values,
            None => self.keys.push((key.to_owned(), values)),
        }
        self
    }

    /// The values of a key, if the request has it.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.keys
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, values)| values.as_slice())
    }

    /// Every key with its values.
    pub fn keys(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.keys.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// A copy for another action and resource, with the same keys.
    pub fn for_request(&self, action: &str, resource: &str) -> Self {
        Self {
            action: action.to_owned(),
            resource: resource.to_owned(),
            keys: self.keys.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case() {
        let mut ctx = RequestContext::new("iam:GetUser", "*");
        ctx.set("aws:SourceIp", "10.0.0.1");
        assert_eq!(ctx.get("AWS:SOURCEIP"), Some(&["10.0.0.1".to_owned()][..]));
        assert_eq!(ctx.get("aws:username"), None);
    }
}
