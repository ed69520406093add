//! The credentials CSV of the success page, exactly as AWS's console writes it, and the links
//! built around it.

use crate::api::CreatedUserView;
pub use crate::components::download::{csv_data_url, percent_encode};

pub const HEADER: &str = "User name,Password,Access key ID,Secret access key,Console login link";
pub const FILE_NAME: &str = "new_user_credentials.csv";

/// One row per created user; no quoting (names, keys and generated passwords hold no commas).
pub fn credentials_csv(users: &[CreatedUserView], sign_in_url: &str) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for user in users.iter().filter(|u| u.error.is_none()) {
        let fields = [
            user.name.as_str(),
            user.password.as_deref().unwrap_or(""),
            user.access_key_id.as_deref().unwrap_or(""),
            user.secret_access_key.as_deref().unwrap_or(""),
            sign_in_url,
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The "Send email" link: sign-in instructions, never the password.
pub fn mailto(user: &str, account_id: &str, sign_in_url: &str) -> String {
    let subject = "Your AWS sign-in details";
    let body = format!(
        "Hello,\n\nYou now have access to AWS account {account_id}.\n\nSign in at {sign_in_url} with the user name {user}.\n\nYour password will be provided separately."
    );
    format!(
        "mailto:?subject={}&body={}",
        percent_encode(subject),
        percent_encode(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, password: Option<&str>, key: Option<(&str, &str)>) -> CreatedUserView {
        CreatedUserView {
            name: name.into(),
            error: None,
            access_key_id: key.map(|k| k.0.into()),
            secret_access_key: key.map(|k| k.1.into()),
            password: password.map(Into::into),
            console_access: password.is_some(),
        }
    }

    #[test]
    fn writes_aws_columns_one_row_per_created_user() {
        let mut failed = user("bad", None, None);
        failed.error = Some("nope".into());
        let csv = credentials_csv(
            &[
                user("alice", Some("Pw1!x"), Some(("AKIA1", "s3cr3t"))),
                user("bob", None, Some(("AKIA2", "t0p"))),
                failed,
            ],
            "http://h/signin?account=1",
        );
        assert_eq!(
            csv,
            "User name,Password,Access key ID,Secret access key,Console login link\n\
             alice,Pw1!x,AKIA1,s3cr3t,http://h/signin?account=1\n\
             bob,,AKIA2,t0p,http://h/signin?account=1\n"
        );
    }

    #[test]
    fn the_email_link_never_holds_the_password() {
        let link = mailto("alice", "123456789012", "http://h/signin");
        assert!(link.starts_with("mailto:?subject=Your%20AWS%20sign-in%20details&body="));
        assert!(link.contains("alice"));
        assert!(!link.contains("Pw1"));
        assert_eq!(percent_encode("a,b c"), "a%2Cb%20c");
    }
}
