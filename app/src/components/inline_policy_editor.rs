//! The JSON editor of an inline policy, validated as it is typed by the engine's own parser.

use leptos::prelude::*;

use iam::policy::{PolicyKind, parse_policy};

#[component]
pub fn InlinePolicyEditor(
    policy_name: String,
    document: String,
    /// Called with the policy's name and document.
    on_save: impl Fn(String, String) + Clone + Send + Sync + 'static,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let creating = policy_name.is_empty();
    let name = RwSignal::new(policy_name);
    let text = RwSignal::new(if document.is_empty() {
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}".to_owned()
    } else {
        document
    });
    let problem =
        move || text.with(|t| parse_policy(t, PolicyKind::Inline).err().map(|e| e.message));
    let close = on_close.clone();
    let cancel = on_close.clone();
    let save = move |_| {
        on_save(name.get_untracked(), text.get_untracked());
        close();
    };
    view! {
        <div class="modal-backdrop">
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="inline-title">
                <h2 id="inline-title">{if creating { "Create inline policy" } else { "Edit inline policy" }}</h2>
                <label for="inline-name">"Policy name"</label>
                <input id="inline-name" type="text" data-testid="inline-name" prop:value=move || name.get()
                    disabled=!creating on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="inline-document">"Policy editor (JSON)"</label>
                <textarea id="inline-document" class="json-editor" rows="14" data-testid="inline-document"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || problem().map(|message| view! { <p class="field-error" role="alert" data-testid="inline-problem">{message}</p> })}
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="inline-save"
                        disabled=move || problem().is_some() || name.with(String::is_empty)
                        on:click=save>"Save"</button>
                </div>
            </div>
        </div>
    }
}
