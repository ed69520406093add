//! Checkboxes for choosing users of the account, with a filter by name.

use leptos::prelude::*;

use crate::api::user_names;
use crate::components::flash::ErrorBanner;

#[component]
pub fn UserChecklist(
    /// The chosen user names.
    selected: RwSignal<Vec<String>>,
    /// Users not offered (already members).
    #[prop(optional)]
    exclude: Vec<String>,
) -> impl IntoView {
    let names = Resource::new(|| (), |_| user_names());
    let filter = RwSignal::new(String::new());
    let exclude = StoredValue::new(exclude);
    view! {
        <div class="user-checklist" data-testid="user-checklist">
            <label class="sr-only" for="user-filter">"Filter users"</label>
            <input id="user-filter" type="search" class="search" placeholder="Filter users by name"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
            <Transition fallback=|| view! { <p class="muted">"Loading users…"</p> }>
                {move || names.get().map(|result| match result {
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                    Ok(all) => {
                        let needle = filter.get().to_lowercase();
                        let shown: Vec<String> = all
                            .into_iter()
                            .filter(|n| !exclude.with_value(|e| e.contains(n)))
                            .filter(|n| n.to_lowercase().contains(&needle))
                            .collect();
                        if shown.is_empty() {
                            return view! { <p class="muted">"No users to add."</p> }.into_any();
                        }
                        view! {
                            <ul class="plain-list">
                                {shown.into_iter().map(|name| {
                                    let (checked, toggled) = (name.clone(), name.clone());
                                    view! {
                                        <li><label class="checkbox">
                                            <input type="checkbox" data-testid=format!("choose-user-{name}")
                                                prop:checked=move || selected.with(|s| s.contains(&checked))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    let n = toggled.clone();
                                                    selected.update(|s| { s.retain(|x| *x != n); if on { s.push(n); } });
                                                }/>
                                            {name.clone()}
                                        </label></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}
