//! A Query API client that signs each request with SigV4 as botocore does.

use latchkey_wire::sigv4;

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    host: String,
    key_id: String,
    secret: String,
}

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";
const REGION: &str = "us-east-1";

impl Client {
    pub fn new(endpoint: &str, key_id: &str, secret: &str) -> Self {
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let host = endpoint.split("://").nth(1).unwrap_or(&endpoint).to_owned();
        Self {
            http: reqwest::Client::new(),
            endpoint,
            host,
            key_id: key_id.to_owned(),
            secret: secret.to_owned(),
        }
    }

    /// The same endpoint and connection pool, signing with another key.
    pub fn signed_as(&self, key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_owned(),
            secret: secret.to_owned(),
            ..self.clone()
        }
    }

    /// Sends one action with its parameters; returns the response body, or the error body when
    /// the status is not 200.
    pub async fn call(&self, service: &str, params: &[(&str, &str)]) -> Result<String, String> {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let amz_date = sigv4::format_amz_date(time::OffsetDateTime::now_utc());
        let headers = vec![
            ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
            ("host".to_owned(), self.host.clone()),
            ("x-amz-date".to_owned(), amz_date.clone()),
        ];
        let names: Vec<String> = headers.iter().map(|(n, _)| n.clone()).collect();
        let request = sigv4::RequestToSign {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body: body.as_bytes(),
        };
        let canonical = sigv4::canonical_request(&request, &names).map_err(|e| e.message)?;
        let date = &amz_date[..8];
        let scope = format!("{date}/{REGION}/{service}/aws4_request");
        let string_to_sign = sigv4::string_to_sign(&amz_date, &scope, &canonical);
        let signature = sigv4::signature(&self.secret, date, REGION, service, &string_to_sign);
        let authorization = format!(
            "{} Credential={}/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={signature}",
            sigv4::ALGORITHM,
            self.key_id
        );
        let response = self
            .http
            .post(format!("{}/", self.endpoint))
            .header("content-type", CONTENT_TYPE)
            .header("x-amz-date", amz_date)
            .header("authorization", authorization)
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let ok = response.status().is_success();
        let text = response.text().await.map_err(|e| e.to_string())?;
        if ok { Ok(text) } else { Err(text) }
    }

    /// An unsigned `GET` of `path`: one HTTP round trip with no work behind it.
    pub async fn get(&self, path: &str) -> Result<(), String> {
        let response = self
            .http
            .get(format!("{}{path}", self.endpoint))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let ok = response.status().is_success();
        let text = response.text().await.map_err(|e| e.to_string())?;
        if ok { Ok(()) } else { Err(text) }
    }
}

/// The text of the first `<tag>` element in `xml`.
pub fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(&xml[start..end])
}
