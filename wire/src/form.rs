//! Decoding of Query API parameters: `application/x-www-form-urlencoded` bodies with
//! `Name.member.N` lists and `Name.member.N.Field` structures.

use std::collections::HashMap;

use iam::IamError;

/// The decoded parameters of one request.
#[derive(Debug, Clone, Default)]
pub struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Decodes a form body (or query string). Later duplicates win, as AWS's parser does.
    pub fn decode(bytes: &[u8]) -> Self {
        Self {
            values: form_urlencoded::parse(bytes).into_owned().collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// A required member; AWS's `ValidationError` when absent.
    pub fn required(&self, name: &str) -> Result<&str, IamError> {
        self.get(name)
            .ok_or_else(|| IamError::missing(&lower_first(name)))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, IamError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(IamError::constraint(
                &lower_first(name),
                v,
                "Member must be a boolean (true or false)",
            )),
        }
    }

    pub fn u32(&self, name: &str) -> Result<Option<u32>, IamError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.parse::<u32>().map(Some).map_err(|_| {
                IamError::constraint(
                    &lower_first(name),
                    v,
                    "Member must be a non-negative integer",
                )
            }),
        }
    }

    /// An integer member (`DurationSeconds`, `MaxSessionDuration`).
    pub fn i64(&self, name: &str) -> Result<Option<i64>, IamError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
                IamError::constraint(&lower_first(name), v, "Member must be an integer")
            }),
        }
    }

    /// `Name.member.1`, `Name.member.2`, … in order, stopping at the first gap.
    pub fn list(&self, name: &str) -> Vec<&str> {
        (1..)
            .map_while(|i| self.get(&format!("{name}.member.{i}")))
            .collect()
    }

    /// `Name.member.N.Field` for `N` = 1, 2, … while present.
    pub fn list_of(&self, name: &str, field: &str) -> Vec<&str> {
        (1..)
            .map_while(|i| self.get(&format!("{name}.member.{i}.{field}")))
            .collect()
    }

    /// `Tags.member.N.Key` / `.Value` pairs; a missing value is empty, a missing key an error.
    pub fn tags(&self) -> Result<Vec<iam::model::tags::Tag>, IamError> {
        let mut tags = Vec::new();
        for i in 1.. {
            let key = self.get(&format!("Tags.member.{i}.Key"));
            let value = self.get(&format!("Tags.member.{i}.Value"));
            match (key, value) {
                (None, None) => break,
                (None, Some(_)) => return Err(IamError::missing("tags.member.key")),
                (Some(key), value) => tags.push(iam::model::tags::Tag {
                    key: key.to_owned(),
                    value: value.unwrap_or("").to_owned(),
                }),
            }
        }
        Ok(tags)
    }
}

/// AWS names members in error messages with a lower-case first letter (`userName`).
pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_scalars_and_plus_as_space() {
        let params = Params::decode(
            b"Action=CreatePolicy&Description=my+desc&ActionNames.member.1=s3%3AGetObject",
        );
        assert_eq!(params.get("Description"), Some("my desc"));
        assert_eq!(params.get("ActionNames.member.1"), Some("s3:GetObject"));
    }

    #[test]
    fn decodes_lists_and_tags() {
        let params = Params::decode(b"TagKeys.member.1=a&TagKeys.member.2=b&TagKeys.member.4=gap&Tags.member.1.Key=team&Tags.member.1.Value=x+y&Tags.member.2.Key=env");
        assert_eq!(params.list("TagKeys"), vec!["a", "b"]);
        let tags = params.tags().unwrap();
        assert_eq!(
            (tags[0].key.as_str(), tags[0].value.as_str()),
            ("team", "x y")
        );
        assert_eq!((tags[1].key.as_str(), tags[1].value.as_str()), ("env", ""));
        assert!(Params::decode(b"Tags.member.1.Value=v").tags().is_err());
    }

    #[test]
    fn typed_values() {
        let params = Params::decode(b"A=true&B=FALSE&C=nope&N=12&M=-1");
        assert_eq!(params.bool("A").unwrap(), Some(true));
        assert_eq!(params.bool("B").unwrap(), Some(false));
        assert!(params.bool("C").is_err());
        assert_eq!(params.u32("N").unwrap(), Some(12));
        assert!(params.u32("M").is_err());
        let err = params.required("UserName").unwrap_err();
        assert!(err.message.contains("'userName'"), "{}", err.message);
    }
}
