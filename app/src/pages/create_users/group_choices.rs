//! The wizard's **Add user to group** table: the account's groups with their attached policies,
//! searched by name, each checked to add the new users to it.

use leptos::prelude::*;

use crate::api::GroupChoice;

/// The groups table; `chosen` holds the checked groups' names, kept while the search hides them.
#[component]
pub fn GroupChoices(
    groups: Vec<GroupChoice>,
    search: RwSignal<String>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let visible = move || {
        let needle = search.get().to_lowercase();
        groups
            .iter()
            .filter(|group| group.name.to_lowercase().contains(&needle))
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        <table class="table" data-testid="group-choices">
            <thead><tr><th scope="col"><span class="sr-only">"Choose"</span></th><th scope="col">"Group"</th><th scope="col">"Attached policies"</th></tr></thead>
            <tbody>
                {move || {
                    let rows = visible();
                    if rows.is_empty() {
                        return view! { <tr><td colspan="3" class="muted">"No groups match your search."</td></tr> }.into_any();
                    }
                    rows.into_iter().map(|group| {
                        let name = group.name.clone();
                        let checked = name.clone();
                        view! {
                            <tr>
                                <td><input type="checkbox" aria-label=format!("Add to {name}") data-testid=format!("group-{name}")
                                    prop:checked=move || chosen.with(|g| g.contains(&checked))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let name = name.clone();
                                        chosen.update(|g| { g.retain(|n| *n != name); if on { g.push(name); } });
                                    }/></td>
                                <td>{group.name}</td>
                                <td>{if group.policies.is_empty() { "None".to_owned() } else { group.policies.join(", ") }}</td>
                            </tr>
                        }
                    }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}
