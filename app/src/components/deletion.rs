//! Deleting from a list: the typed confirmation dialog and the banner of what was deleted and
//! what failed.

use leptos::prelude::*;

use crate::api::DeleteOutcome;
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::error::ConsoleError;

/// The typed confirmation: the name for one item; for several, `delete` or (with
/// `count_phrase`) the count and noun, such as `3 user groups`.
#[component]
pub fn ConfirmDelete(
    names: Vec<String>,
    /// The plural noun in the title: "users", "user groups".
    noun: &'static str,
    /// What deleting removes besides the item.
    consequence: &'static str,
    #[prop(optional)] count_phrase: bool,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: impl Fn() + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let expected = if names.len() == 1 {
        names[0].clone()
    } else if count_phrase {
        format!("{} {noun}", names.len())
    } else {
        "delete".to_owned()
    };
    let title = if names.len() == 1 {
        format!("Delete {}?", names[0])
    } else {
        format!("Delete {} {noun}?", names.len())
    };
    let expected_check = expected.clone();
    let confirmed = move || typed.with(|t| t.trim() == expected_check);
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="delete-title">
                <h2 id="delete-title">{title}</h2>
                <p>{consequence}</p>
                <ul>{names.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                <label for="confirm-delete">{format!("To confirm, type {expected}")}</label>
                <input id="confirm-delete" type="text" data-testid="confirm-delete"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| on_cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-danger" data-testid="confirm-delete-button"
                        disabled=move || !confirmed() || pending.get()
                        on:click=move |_| on_confirm()>"Delete"</button>
                </div>
            </div>
        </div>
    }
}

/// What the last deletion did: one success banner, one error banner per failure.
#[component]
pub fn DeleteResults(
    #[prop(into)] outcome: Signal<Option<Result<Vec<DeleteOutcome>, ConsoleError>>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(outcomes) => {
                let (failed, done): (Vec<_>, Vec<_>) =
                    outcomes.into_iter().partition(|o| o.error.is_some());
                view! {
                    {(!done.is_empty()).then(|| view! {
                        <SuccessBanner message=format!("Deleted {}.", done.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", "))/>
                    })}
                    {failed.into_iter().map(|o| view! {
                        <ErrorBanner message=format!("{}: {}", o.name, o.error.unwrap_or_default())/>
                    }).collect_view()}
                }
                .into_any()
            }
        })
    }
}

/// A list row's checkbox: adds `item` to `selected` (what the list's Delete acts on) or takes
/// it out.
#[component]
pub fn SelectRow<T>(item: T, label: String, selected: RwSignal<Vec<T>>) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let checked = item.clone();
    view! {
        <input type="checkbox" aria-label=label
            prop:checked=move || selected.with(|s| s.contains(&checked))
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                let item = item.clone();
                selected.update(|s| {
                    s.retain(|i| *i != item);
                    if on { s.push(item); }
                });
            }/>
    }
}
