//! The user groups list: search, the facts of each group, and deletion with the console's
//! cascade behind a typed confirmation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{DeleteGroups, GroupRowView, groups_list};
use crate::components::deletion::{
    ConfirmDelete, DeleteResults, ListActions, ListDeletion, SelectRow, consequence,
};
use crate::components::flash::{ErrorBanner, SuccessBanner};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let deletion = ListDeletion::<String>::default();
    let ListDeletion {
        refresh,
        selected,
        confirming,
    } = deletion;
    let query = use_query_map();
    let created = move || query.read().get("created");
    let groups = Resource::new(move || refresh.get(), |_| groups_list());
    let delete = ServerAction::<DeleteGroups>::new();
    deletion.settle_after(delete.value());
    view! {
        <Title text="User groups"/>
        <div class="page-header">
            <h1>"User groups " <span class="muted" data-testid="groups-count">
                <Transition fallback=|| "">
                    {move || groups.get().map(|r| format!("({})", r.map_or(0, |v| v.len())))}
                </Transition>
            </span></h1>
            <ListActions deletion delete_testid="delete-groups">
                <a class="btn btn-primary-link" href="/iam/groups/create" data-testid="create-group">"Create group"</a>
            </ListActions>
        </div>
        <p class="muted">"A user group is a collection of IAM users. Use groups to specify permissions for a collection of users."</p>
        {move || created().map(|name| view! { <SuccessBanner message=format!("{name} user group created.")/> })}
        <DeleteResults outcome=delete.value()/>
        <div class="toolbar">
            <label class="sr-only" for="group-search">"Find groups by name"</label>
            <input id="group-search" type="search" class="search" data-testid="group-search"
                placeholder="Filter user groups by name"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))/>
        </div>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading user groups…"</p> }>
            {move || groups.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(rows) if rows.is_empty() => view! {
                    <p class="empty" data-testid="groups-empty">"No user groups yet. Create a group to give its users the same permissions."</p>
                }.into_any(),
                Ok(rows) => view! { <GroupsTable rows search selected/> }.into_any(),
            })}
        </Transition>
        <Show when=move || confirming.get()>
            <ConfirmDelete names=selected.get_untracked() noun="user groups" count_phrase=true
                consequence=consequence::GROUPS
                pending=delete.pending()
                on_confirm=move || { delete.dispatch(DeleteGroups { names: selected.get_untracked() }); }
                on_cancel=move || confirming.set(false)/>
        </Show>
    }
}

#[component]
fn GroupsTable(
    rows: Vec<GroupRowView>,
    search: RwSignal<String>,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let visible = move || {
        let needle = search.get().to_lowercase();
        rows.iter()
            .filter(|row| row.name.to_lowercase().contains(&needle))
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        <table class="table" data-testid="groups-table">
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">"Select"</span></th>
                    <th scope="col">"Group name"</th>
                    <th scope="col">"Users"</th>
                    <th scope="col">"Permissions"</th>
                    <th scope="col">"Creation time"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let rows = visible();
                    if rows.is_empty() {
                        return view! { <tr><td colspan="5" class="muted">"No user groups match your search."</td></tr> }.into_any();
                    }
                    rows.into_iter().map(|row| {
                        let name = row.name.clone();
                        view! {
                            <tr data-testid=format!("group-row-{name}")>
                                <td><SelectRow item=name.clone() label=format!("Select {name}") selected/></td>
                                <td><a href=format!("/iam/groups/{name}")>{name.clone()}</a></td>
                                <td>{row.users}</td>
                                <td>{if row.permissions_defined { "Defined" } else { "Not defined" }}</td>
                                <td>{row.created}</td>
                            </tr>
                        }
                    }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}
