//! The JSON policy editor: validated as it is typed by the engine's own parser (syntax errors
//! with line and column, grammar errors) with a counter against the size limit.

use leptos::prelude::*;

use iam::policy::{PolicyKind, non_whitespace_len, parse_policy};

/// A managed policy's size limit in characters, not counting white space.
pub const MANAGED_POLICY_SIZE: usize = 6144;

/// What is wrong with `text` as a policy of `kind` at most `max` characters, if anything.
pub fn document_problem(text: &str, kind: PolicyKind, max: usize) -> Option<String> {
    if let Err(err) = parse_policy(text, kind) {
        return Some(err.message);
    }
    let size = non_whitespace_len(text);
    (size > max).then(|| {
        format!("The policy has {size} characters, more than the {max} allowed (white space not counted).")
    })
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[component]
pub fn PolicyJsonEditor(
    text: RwSignal<String>,
    #[prop(default = PolicyKind::Managed)] kind: PolicyKind,
    #[prop(default = MANAGED_POLICY_SIZE)] max: usize,
    #[prop(default = "Policy editor")] label: &'static str,
) -> impl IntoView {
    let problem = move || text.with(|t| document_problem(t, kind, max));
    let size = move || text.with(|t| non_whitespace_len(t));
    view! {
        <div class="policy-json-editor">
            <label for="policy-json">{label}</label>
            <textarea id="policy-json" class="json-editor" rows="20" spellcheck="false" data-testid="policy-json"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="muted small" data-testid="policy-json-size" class:field-error=move || { size() > max }>
                {move || format!("{} of {} characters, white space not counted", thousands(size()), thousands(max))}
            </p>
            {move || problem().map(|message| view! { <p class="field-error" role="alert" data-testid="policy-json-problem">{message}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_separators_and_flags_problems() {
        assert_eq!(thousands(6144), "6,144");
        assert_eq!(thousands(12), "12");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let good = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert_eq!(document_problem(good, PolicyKind::Managed, 6144), None);
        assert!(
            document_problem(good, PolicyKind::Managed, 10)
                .unwrap()
                .contains("more than the 10")
        );
        let bad = good.replace("2012-10-17", "2022-05-11");
        assert!(
            document_problem(&bad, PolicyKind::Managed, 6144)
                .unwrap()
                .contains("2022-05-11")
        );
        assert!(
            document_problem("{\n  \"Version\": ", PolicyKind::Managed, 6144)
                .unwrap()
                .contains("line 2")
        );
    }
}
