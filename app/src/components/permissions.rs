//! The Permissions tab's panels that users, groups and roles share: the table of attached and
//! inline policies with "Attach policies" and "Create inline policy" (groups and roles), and the
//! permissions boundary (users and roles). Pages turn each edit into their own change.

use leptos::prelude::*;

use crate::api::{InlinePolicyView, NamedPolicy};
use crate::components::flash::ErrorBanner;
use crate::components::inline_policy_editor::InlinePolicyEditor;
use crate::components::policy_picker::PolicyPicker;

/// The edits a policies panel sends, each as its page's change.
#[derive(Clone, Copy)]
pub struct PolicyEdits {
    /// The ARNs chosen in "Attach policies".
    pub attach: Callback<Vec<String>>,
    pub detach: Callback<String>,
    /// A policy's name and document, new or edited.
    pub put_inline: Callback<(String, String)>,
    pub delete_inline: Callback<String>,
}

/// How the console names a managed policy's type.
pub fn managed_type(arn: &str) -> &'static str {
    if arn.starts_with("arn:aws:iam::aws:") {
        "AWS managed"
    } else {
        "Customer managed"
    }
}

/// An owner's managed and inline policies, with attaching, editing and removing.
#[component]
pub fn PoliciesPanel(
    attached: Result<Vec<NamedPolicy>, String>,
    inline: Result<Vec<InlinePolicyView>, String>,
    /// The table's `data-testid`.
    table_id: &'static str,
    /// The empty table's line.
    empty_text: &'static str,
    edits: PolicyEdits,
) -> impl IntoView {
    let attaching = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let editing = RwSignal::new(None::<(String, String)>);
    let empty =
        attached.as_ref().is_ok_and(Vec::is_empty) && inline.as_ref().is_ok_and(Vec::is_empty);
    let problem = attached.as_ref().err().or(inline.as_ref().err()).cloned();
    view! {
        <section class="panel" data-testid="permissions-tab">
            <div class="page-header">
                <h2>"Permissions policies"</h2>
                <div class="actions">
                    <button type="button" class="btn" data-testid="attach-policies" on:click=move |_| attaching.set(true)>"Attach policies"</button>
                    <button type="button" class="btn" data-testid="create-inline" on:click=move |_| editing.set(Some((String::new(), String::new())))>"Create inline policy"</button>
                </div>
            </div>
            {problem.map(|message| view! { <ErrorBanner message/> })}
            <table class="table" data-testid=table_id>
                <thead><tr><th scope="col">"Policy name"</th><th scope="col">"Type"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {empty.then(|| view! { <tr><td colspan="3" class="muted">{empty_text}</td></tr> })}
                    {attached.unwrap_or_default().into_iter().map(|p| {
                        let arn = p.arn.clone();
                        view! {
                            <tr data-testid=format!("policy-{}", p.name)>
                                <td>{p.name.clone()}</td>
                                <td>{managed_type(&p.arn)}</td>
                                <td><button type="button" class="btn btn-small" data-testid=format!("detach-{}", p.name)
                                    on:click=move |_| edits.detach.run(arn.clone())>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                    {inline.unwrap_or_default().into_iter().map(|p| {
                        let policy_name = p.name.clone();
                        let edit = (p.name.clone(), p.document.clone());
                        view! {
                            <tr data-testid=format!("policy-{}", p.name)>
                                <td>{p.name.clone()}</td>
                                <td>"Customer inline"</td>
                                <td>
                                    <button type="button" class="btn btn-small" data-testid=format!("edit-{}", p.name) on:click=move |_| editing.set(Some(edit.clone()))>"Edit"</button>
                                    <button type="button" class="btn btn-small" data-testid=format!("delete-inline-{}", p.name)
                                        on:click=move |_| edits.delete_inline.run(policy_name.clone())>"Remove"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <Show when=move || attaching.get()>
            <div class="modal-backdrop">
                <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="attach-title">
                    <h2 id="attach-title">"Attach permissions policies"</h2>
                    <PolicyPicker selected=chosen id="attach"/>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| attaching.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="attach-submit"
                            disabled=move || chosen.with(Vec::is_empty)
                            on:click=move |_| {
                                edits.attach.run(chosen.get_untracked());
                                chosen.set(Vec::new());
                                attaching.set(false);
                            }>"Attach policies"</button>
                    </div>
                </div>
            </div>
        </Show>
        <InlineEditing editing on_save=edits.put_inline/>
    }
}

/// The inline policy editor while `editing` holds a policy's name and document (both empty for
/// a new one).
#[component]
pub fn InlineEditing(
    editing: RwSignal<Option<(String, String)>>,
    on_save: Callback<(String, String)>,
) -> impl IntoView {
    move || {
        editing.get().map(|(policy_name, document)| {
            view! {
                <InlinePolicyEditor policy_name document
                    on_save=move |name, document| on_save.run((name, document))
                    on_close=move || editing.set(None)/>
            }
        })
    }
}

/// The permissions boundary: shown, set or changed with a picker, removed.
#[component]
pub fn BoundaryPanel(
    boundary: Option<String>,
    /// The picker's id.
    picker_id: &'static str,
    on_set: Callback<String>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let choosing = RwSignal::new(false);
    let choice = RwSignal::new(Vec::<String>::new());
    view! {
        <section class="panel">
            <h2>"Permissions boundary"</h2>
            {match boundary {
                Some(arn) => view! {
                    <p data-testid="boundary">{arn}</p>
                    <button type="button" class="btn" data-testid="remove-boundary" on:click=move |_| on_remove.run(())>"Remove boundary"</button>
                    <button type="button" class="btn" on:click=move |_| choosing.set(true)>"Change boundary"</button>
                }.into_any(),
                None => view! {
                    <p class="muted" data-testid="boundary">"Permissions boundary is not set"</p>
                    <button type="button" class="btn" data-testid="set-boundary" on:click=move |_| choosing.set(true)>"Set permissions boundary"</button>
                }.into_any(),
            }}
            <Show when=move || choosing.get()>
                <PolicyPicker selected=choice single=true id=picker_id/>
                <button type="button" class="btn btn-primary" data-testid="save-boundary"
                    disabled=move || choice.with(Vec::is_empty)
                    on:click=move |_| {
                        if let Some(arn) = choice.get_untracked().first().cloned() {
                            on_set.run(arn);
                            choosing.set(false);
                        }
                    }>"Set boundary"</button>
            </Show>
        </section>
    }
}
