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

/// What a list page keeps to delete its selected rows: the selection, whether the typed
/// confirmation is open, and the counter its list resource reads to reload.
pub struct ListDeletion<T: Send + Sync + 'static> {
    pub refresh: RwSignal<u32>,
    pub selected: RwSignal<Vec<T>>,
    pub confirming: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for ListDeletion<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for ListDeletion<T> {}

impl<T: Send + Sync + 'static> Default for ListDeletion<T> {
    fn default() -> Self {
        Self {
            refresh: RwSignal::new(0),
            selected: RwSignal::new(Vec::new()),
            confirming: RwSignal::new(false),
        }
    }
}

impl<T: Send + Sync + 'static> ListDeletion<T> {
    /// Loads the list again.
    pub fn reload(self) {
        self.refresh.update(|n| *n += 1);
    }

    /// Once a deletion has answered, clears the selection, closes the confirmation and
    /// reloads the list, whatever the outcome: the banner reports it and the list shows it.
    pub fn settle_after(
        self,
        outcome: impl Into<Signal<Option<Result<Vec<DeleteOutcome>, ConsoleError>>>>,
    ) {
        let outcome = outcome.into();
        Effect::new(move |_| {
            if outcome.with(Option::is_some) {
                self.selected.set(Vec::new());
                self.confirming.set(false);
                self.reload();
            }
        });
    }
}

/// A list page's header buttons: **Refresh**, **Delete** (enabled while rows are selected; it
/// opens the confirmation), then the page's own actions.
#[component]
pub fn ListActions<T>(
    deletion: ListDeletion<T>,
    /// The Delete button's test id: `delete-users`, `delete-groups`.
    delete_testid: &'static str,
    /// Whether the selected rows may be deleted at all (AWS managed policies may not).
    #[prop(into, default = Signal::stored(true))]
    deletable: Signal<bool>,
    children: Children,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    view! {
        <div class="actions">
            <button type="button" class="btn" aria-label="Refresh" on:click=move |_| deletion.reload()>"↻"</button>
            <button type="button" class="btn" data-testid=delete_testid
                disabled=move || deletion.selected.with(Vec::is_empty) || !deletable.get()
                on:click=move |_| deletion.confirming.set(true)>"Delete"</button>
            {children()}
        </div>
    }
}

/// What deleting each kind of entity takes with it, as its confirmation says, on its list and
/// on its own page alike.
pub mod consequence {
    pub const USERS: &str = "Deleting a user also removes its group memberships, console password, access keys and inline policies, and detaches its managed policies. This cannot be undone.";
    pub const GROUPS: &str = "Deleting a group removes its users from it, deletes its inline policies and detaches its managed policies. The users themselves remain. This cannot be undone.";
    pub const ROLES: &str = "Deleting a role detaches its managed policies, deletes its inline policies and removes it from its instance profiles (the instance profile of the same name is deleted too). Applications using the role lose access. This cannot be undone.";
    pub const POLICIES: &str = "Deleting a policy detaches it from every user, group and role, and deletes all of its versions. This cannot be undone.";
    pub const IDENTITY_PROVIDERS: &str = "Roles that trust a deleted provider can no longer be assumed through it. This cannot be undone.";
}
