//! Files the browser downloads from the page itself (`data:` URLs), so that a secret shown once
//! never needs an endpoint that returns it again.

/// Percent-encodes everything but unreserved characters, for `data:` and `mailto:` URLs.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A CSV file as a `data:` URL.
pub fn csv_data_url(csv: &str) -> String {
    format!("data:text/csv;charset=utf-8,{}", percent_encode(csv))
}
