//! The Switch role form's display name: what the console's top bar shows while a role is in
//! use. Pure, so the page and `iam::ops::switch_role` share the rule.

use crate::error::{IamError, IamResult};

/// The longest display name the console accepts, as in AWS's console.
pub const MAX_DISPLAY_NAME_CHARS: usize = 64;

/// The display name to show: the one given, trimmed, or `role @ account` when it is empty.
pub fn display_name(role: &str, account: &str, given: &str) -> IamResult<String> {
    let name = match given.trim() {
        "" => format!("{role} @ {account}"),
        given => given.to_owned(),
    };
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(IamError::invalid_input(format!(
            "The display name must be at most {MAX_DISPLAY_NAME_CHARS} characters."
        )));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_display_name_names_the_role_and_account() {
        assert_eq!(
            display_name("admin", "123456789012", "  ").ok().as_deref(),
            Some("admin @ 123456789012")
        );
        assert_eq!(
            display_name("admin", "acme", " Prod admin ")
                .ok()
                .as_deref(),
            Some("Prod admin")
        );
    }

    #[test]
    fn the_bound_is_inclusive() {
        let longest = "x".repeat(MAX_DISPLAY_NAME_CHARS);
        assert!(display_name("r", "a", &longest).is_ok());
        assert!(display_name("r", "a", &format!("{longest}x")).is_err());
    }
}
