//! A small XML writer for Query API responses: elements, escaped text, and the AWS envelopes.

use time::OffsetDateTime;

use super::error::ApiError;

/// Builds an XML document.
#[derive(Debug, Default)]
pub struct Xml {
    out: String,
}

/// Appends `text` with XML's special characters escaped. The text between them goes in whole:
/// most text has none, and a character at a time was a hot spot of large listings.
pub fn escape(text: &str, out: &mut String) {
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\r' => "&#xD;",
            _ => continue,
        };
        // Every special character is ASCII, so `at` is on a character boundary.
        out.push_str(&text[plain..at]);
        out.push_str(entity);
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

/// Appends a time in AWS's XML format, ISO 8601 UTC with seconds (`2022-05-11T10:20:30Z`),
/// which needs no escaping.
fn write_timestamp(at: OffsetDateTime, out: &mut String) {
    use std::fmt::Write;
    let at = at.to_offset(time::UtcOffset::UTC);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
}

impl Xml {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn open(&mut self, tag: &str) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag>text</tag>` with `text` escaped.
    pub fn leaf(&mut self, tag: &str, text: &str) -> &mut Self {
        self.open(tag);
        escape(text, &mut self.out);
        self.close(tag)
    }

    /// A leaf only when there is a value: AWS omits null members.
    pub fn opt_leaf(&mut self, tag: &str, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.leaf(tag, text);
        }
        self
    }

    /// Escaped text inside the current element (a list member that is a plain string).
    pub fn push_text(&mut self, text: &str) -> &mut Self {
        escape(text, &mut self.out);
        self
    }

    pub fn time(&mut self, tag: &str, at: OffsetDateTime) -> &mut Self {
        self.open(tag);
        write_timestamp(at, &mut self.out);
        self.close(tag)
    }

    pub fn opt_time(&mut self, tag: &str, at: Option<OffsetDateTime>) -> &mut Self {
        if let Some(at) = at {
            self.time(tag, at);
        }
        self
    }

    pub fn bool(&mut self, tag: &str, value: bool) -> &mut Self {
        self.leaf(tag, if value { "true" } else { "false" })
    }

    /// `<tag/>` for an empty list, else `<tag><member>…</member>…</tag>`.
    pub fn list<T>(
        &mut self,
        tag: &str,
        items: &[T],
        mut member: impl FnMut(&mut Self, &T),
    ) -> &mut Self {
        if items.is_empty() {
            self.out.push('<');
            self.out.push_str(tag);
            self.out.push_str("/>");
            return self;
        }
        self.open(tag);
        for item in items {
            self.open("member");
            member(self, item);
            self.close("member");
        }
        self.close(tag)
    }

    /// `IsTruncated` and, when truncated, `Marker`.
    pub fn pagination(&mut self, marker: Option<&str>) -> &mut Self {
        self.bool("IsTruncated", marker.is_some());
        self.opt_leaf("Marker", marker)
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// The namespace of responses for an API version.
pub fn namespace(service: super::Service) -> &'static str {
    match service {
        super::Service::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
        super::Service::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
    }
}

/// A success envelope: `<{Action}Response>` with an optional `<{Action}Result>` and the
/// request ID.
pub fn success(
    service: super::Service,
    action: &str,
    result: Option<Xml>,
    request_id: &str,
) -> String {
    let result = result.map(Xml::finish);
    let body = result.as_ref().map_or(0, String::len);
    let mut out = String::with_capacity(body + 2 * action.len() + 192);
    let element = |out: &mut String, open: &str, name: &str, close: &str| {
        out.push_str(open);
        out.push_str(action);
        out.push_str(name);
        out.push_str(close);
    };
    element(&mut out, "<", "Response", " xmlns=\"");
    out.push_str(namespace(service));
    out.push_str("\">");
    if let Some(result) = result {
        element(&mut out, "<", "Result", ">");
        out.push_str(&result);
        element(&mut out, "</", "Result", ">");
    }
    out.push_str("<ResponseMetadata><RequestId>");
    escape(request_id, &mut out);
    out.push_str("</RequestId></ResponseMetadata>");
    element(&mut out, "</", "Response", ">");
    out
}

/// The error envelope.
pub fn error(service: super::Service, err: &ApiError, request_id: &str) -> String {
    let mut out = format!(
        "<ErrorResponse xmlns=\"{}\"><Error><Type>{}</Type><Code>",
        namespace(service),
        err.fault()
    );
    escape(&err.code, &mut out);
    out.push_str("</Code><Message>");
    escape(&err.message, &mut out);
    out.push_str("</Message></Error><RequestId>");
    escape(request_id, &mut out);
    out.push_str("</RequestId></ErrorResponse>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Service;
    use time::macros::datetime;

    #[test]
    fn success_envelope_is_exact() {
        let mut result = Xml::new();
        result
            .open("User")
            .leaf("Path", "/")
            .leaf("UserName", "bob")
            .time("CreateDate", datetime!(2022-05-11 10:20:30 UTC))
            .close("User");
        assert_eq!(
            success(Service::Iam, "GetUser", Some(result), "req-1"),
            "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetUserResult><User><Path>/</Path><UserName>bob</UserName><CreateDate>2022-05-11T10:20:30Z</CreateDate></User></GetUserResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetUserResponse>"
        );
    }

    #[test]
    fn empty_result_has_only_metadata() {
        assert_eq!(
            success(Service::Iam, "DeleteUser", None, "r"),
            "<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>"
        );
    }

    #[test]
    fn error_envelope_is_exact_and_escaped() {
        let err = ApiError::new(
            "NoSuchEntity",
            404,
            "The user with name <b> cannot be found.",
        );
        assert_eq!(
            error(Service::Iam, &err, "11111111-2222"),
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name &lt;b&gt; cannot be found.</Message></Error><RequestId>11111111-2222</RequestId></ErrorResponse>"
        );
        let sts = error(
            Service::Sts,
            &ApiError::new("ServiceFailure", 500, "x"),
            "r",
        );
        assert!(
            sts.contains("https://sts.amazonaws.com/doc/2011-06-15/")
                && sts.contains("<Type>Receiver</Type>")
        );
    }

    #[test]
    fn text_is_escaped_between_plain_runs() {
        let mut out = String::new();
        escape("a&b<c>d\"e'f\rg — ü", &mut out);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&apos;f&#xD;g — ü");
        out.clear();
        escape("&&", &mut out);
        escape("", &mut out);
        escape("plain", &mut out);
        assert_eq!(out, "&amp;&amp;plain");
    }

    #[test]
    fn lists_and_pagination() {
        let mut xml = Xml::new();
        xml.list("Users", &["a", "b"], |x, n| {
            x.leaf("UserName", n);
        });
        xml.list("Groups", &Vec::<&str>::new(), |_, _| {});
        xml.pagination(Some("m1"));
        assert_eq!(
            xml.finish(),
            "<Users><member><UserName>a</UserName></member><member><UserName>b</UserName></member></Users><Groups/><IsTruncated>true</IsTruncated><Marker>m1</Marker>"
        );
    }
}

/// Policy documents travel URL-encoded (RFC 3986) inside XML, as AWS sends them.
pub fn url_encode_document(document: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(document, KEEP).to_string()
}

#[cfg(test)]
mod document_tests {
    #[test]
    fn documents_are_percent_encoded() {
        assert_eq!(
            super::url_encode_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
            ),
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
        );
    }
}
