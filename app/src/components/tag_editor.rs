//! Rows of tag keys and values, checked as they are typed with the engine's tag rules.

use leptos::prelude::*;

use iam::model::tags::{validate_key, validate_value};

use crate::components::flash::ErrorBanner;

/// Each row's problem, if any: the key or value rules, or a key repeated (ignoring case where
/// the entity's tag keys are case-insensitive, as for users and roles).
pub fn tag_errors(rows: &[(String, String)], keys_ignore_case: bool) -> Vec<Option<String>> {
    rows.iter()
        .enumerate()
        .map(|(i, (key, value))| {
            validate_key(key)
                .err()
                .map(|e| e.message)
                .or_else(|| validate_value(value).err().map(|e| e.message))
                .or_else(|| {
                    let same = |other: &String| {
                        if keys_ignore_case {
                            other.eq_ignore_ascii_case(key)
                        } else {
                            other == key
                        }
                    };
                    rows[..i].iter().any(|(o, _)| same(o)).then(|| {
                        if keys_ignore_case {
                            "Tag keys must be unique (ignoring case).".to_owned()
                        } else {
                            "Tag keys must be unique.".to_owned()
                        }
                    })
                })
        })
        .collect()
}

#[component]
pub fn TagEditor(
    tags: RwSignal<Vec<(String, String)>>,
    #[prop(default = true)] keys_ignore_case: bool,
) -> impl IntoView {
    let errors = move || tags.with(|rows| tag_errors(rows, keys_ignore_case));
    view! {
        <table class="table tags-table">
            <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th><th scope="col"><span class="sr-only">"Remove"</span></th></tr></thead>
            <tbody>
                {move || tags.get().into_iter().enumerate().map(|(i, (k, v))| view! {
                    <tr>
                        <td><input type="text" aria-label="Key" data-testid=format!("edit-tag-key-{i}") value=k
                            on:change=move |ev| { let x = event_target_value(&ev); tags.update(|t| t[i].0 = x); }/>
                            {move || errors().get(i).cloned().flatten().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}</td>
                        <td><input type="text" aria-label="Value" data-testid=format!("edit-tag-value-{i}") value=v
                            on:change=move |ev| { let x = event_target_value(&ev); tags.update(|t| t[i].1 = x); }/></td>
                        <td><button type="button" class="btn btn-small" on:click=move |_| tags.update(|t| { t.remove(i); })>"Remove"</button></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <button type="button" class="btn btn-small" data-testid="edit-add-tag" on:click=move |_| tags.update(|t| t.push((String::new(), String::new())))>"Add new tag"</button>
    }
}

/// An entity's Tags panel: the editor over its current tags, a note when they could not be read,
/// and a Save button, disabled while any row breaks a rule, that hands the rows to `on_save`.
#[component]
pub fn TagsSection(
    tags: Vec<(String, String)>,
    on_save: impl Fn(Vec<(String, String)>) + Send + Sync + 'static,
    #[prop(default = true)] keys_ignore_case: bool,
    #[prop(default = "tags-tab")] testid: &'static str,
    #[prop(optional_no_strip)] problem: Option<String>,
) -> impl IntoView {
    let tags = RwSignal::new(tags);
    let invalid = move || {
        tags.with(|rows| {
            tag_errors(rows, keys_ignore_case)
                .iter()
                .any(Option::is_some)
        })
    };
    view! {
        <section class="panel" data-testid=testid>
            <h2>"Tags"</h2>
            {problem.map(|message| view! { <ErrorBanner message/> })}
            <TagEditor tags keys_ignore_case/>
            <button type="button" class="btn btn-primary" data-testid="save-tags" disabled=invalid
                on:click=move |_| on_save(tags.get_untracked())>"Save changes"</button>
        </section>
    }
}
