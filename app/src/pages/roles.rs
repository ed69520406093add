//! The roles list: trusted entities and last activity, search, and deletion with the console's
//! cascade behind a typed confirmation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{DeleteRoles, RoleRowView, roles_list};
use crate::components::deletion::{
    ConfirmDelete, DeleteResults, ListActions, ListDeletion, SelectRow, consequence,
};
use crate::components::flash::{ErrorBanner, SuccessBanner};

#[component]
pub fn RolesPage() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let deletion = ListDeletion::<String>::default();
    let ListDeletion {
        refresh,
        selected,
        confirming,
    } = deletion;
    let query = use_query_map();
    let created = move || query.read().get("created");
    let roles = Resource::new(move || refresh.get(), |_| roles_list());
    let delete = ServerAction::<DeleteRoles>::new();
    deletion.settle_after(delete.value());
    view! {
        <Title text="Roles"/>
        <div class="page-header">
            <h1>"Roles " <span class="muted" data-testid="roles-count">
                <Transition fallback=|| "">
                    {move || roles.get().map(|r| format!("({})", r.map_or(0, |v| v.len())))}
                </Transition>
            </span></h1>
            <ListActions deletion delete_testid="delete-roles">
                <a class="btn btn-primary-link" href="/iam/roles/create" data-testid="create-role">"Create role"</a>
            </ListActions>
        </div>
        <p class="muted">"An IAM role is an identity with permissions that trusted entities assume for temporary credentials."</p>
        {move || created().map(|name| view! { <SuccessBanner message=format!("Role {name} created.")/> })}
        <DeleteResults outcome=delete.value()/>
        <div class="toolbar">
            <label class="sr-only" for="role-search">"Find roles by name"</label>
            <input id="role-search" type="search" class="search" data-testid="role-search"
                placeholder="Search roles"
                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
        </div>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading roles…"</p> }>
            {move || roles.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(rows) if rows.is_empty() => view! {
                    <p class="empty" data-testid="roles-empty">"No roles yet. Create a role for a service, another account or federated users to assume."</p>
                }.into_any(),
                Ok(rows) => view! { <RolesTable rows search selected/> }.into_any(),
            })}
        </Transition>
        <Show when=move || confirming.get()>
            <ConfirmDelete names=selected.get_untracked() noun="roles"
                consequence=consequence::ROLES
                pending=delete.pending()
                on_confirm=move || { delete.dispatch(DeleteRoles { names: selected.get_untracked() }); }
                on_cancel=move || confirming.set(false)/>
        </Show>
    }
}

#[component]
fn RolesTable(
    rows: Vec<RoleRowView>,
    search: RwSignal<String>,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let visible = move || {
        let needle = search.get().to_lowercase();
        rows.iter()
            .filter(|row| {
                row.name.to_lowercase().contains(&needle)
                    || row.trusted.to_lowercase().contains(&needle)
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        <table class="table" data-testid="roles-table">
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">"Select"</span></th>
                    <th scope="col">"Role name"</th>
                    <th scope="col">"Trusted entities"</th>
                    <th scope="col">"Last activity"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let rows = visible();
                    if rows.is_empty() {
                        return view! { <tr><td colspan="4" class="muted">"No roles match your search."</td></tr> }.into_any();
                    }
                    rows.into_iter().map(|row| {
                        let name = row.name.clone();
                        view! {
                            <tr data-testid=format!("role-row-{name}")>
                                <td><SelectRow item=name.clone() label=format!("Select {name}") selected/></td>
                                <td><a href=format!("/iam/roles/{name}")>{name.clone()}</a></td>
                                <td>{row.trusted}</td>
                                <td>{row.last_activity}</td>
                            </tr>
                        }
                    }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}
