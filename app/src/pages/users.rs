//! The users list: search by name or access key ID, optional columns, pages, and deletion with
//! the console's cascade behind a typed confirmation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{DeleteUsers, PAGE_SIZES, UserRowView, list_users};
use crate::components::deletion::{
    ConfirmDelete, DeleteResults, ListActions, ListDeletion, SelectRow, consequence,
};
use crate::components::flash::ErrorBanner;

/// Optional columns behind "Manage columns": `(key, heading)`.
const OPTIONAL_COLUMNS: [(&str, &str); 8] = [
    ("group_count", "Group count"),
    ("console_last_sign_in", "Console last sign-in"),
    ("access_key_ids", "Access key ID"),
    ("access_key_last_used", "Access key last used"),
    ("arn", "ARN"),
    ("created", "Creation time"),
    ("console_access", "Console access"),
    ("path", "Path"),
];

fn optional_cell(row: &UserRowView, key: &str) -> String {
    match key {
        "group_count" => row.group_count.clone(),
        "console_last_sign_in" => row.console_last_sign_in.clone(),
        "access_key_ids" => row.access_key_ids.clone(),
        "access_key_last_used" => row.access_key_last_used.clone(),
        "arn" => row.arn.clone(),
        "created" => row.created.clone(),
        "console_access" => row.console_access.clone(),
        _ => row.path.clone(),
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0u32);
    let page_size = RwSignal::new(PAGE_SIZES[0]);
    let deletion = ListDeletion::<String>::default();
    let ListDeletion {
        refresh,
        selected,
        confirming,
    } = deletion;
    let columns = RwSignal::new(Vec::<&'static str>::new());
    let picking_columns = RwSignal::new(false);
    let users = Resource::new(
        move || (search.get(), page.get(), page_size.get(), refresh.get()),
        |(search, page, size, _)| list_users(search, page, size),
    );
    let delete = ServerAction::<DeleteUsers>::new();
    deletion.settle_after(delete.value());

    view! {
        <Title text="Users"/>
        <div class="page-header">
            <h1>"Users " <span class="muted" data-testid="users-count">
                <Transition fallback=|| "">
                    {move || users.get().map(|r| format!("({})", r.map_or(0, |v| v.total)))}
                </Transition>
            </span></h1>
            <ListActions deletion delete_testid="delete-users">
                <a class="btn btn-primary-link" href="/iam/users/create" data-testid="add-users">"Add users"</a>
            </ListActions>
        </div>
        <DeleteResults outcome=delete.value()/>
        <div class="toolbar">
            <label class="sr-only" for="user-search">"Find users by user name or access key"</label>
            <input id="user-search" type="search" class="search" data-testid="user-search"
                placeholder="Find users by user name or access key"
                prop:value=move || search.get()
                on:input=move |ev| { search.set(event_target_value(&ev)); page.set(0); }/>
            <button type="button" class="btn btn-small" aria-expanded=move || picking_columns.get().to_string()
                data-testid="manage-columns" on:click=move |_| picking_columns.update(|v| *v = !*v)>"Manage columns"</button>
        </div>
        <Show when=move || picking_columns.get()>
            <fieldset class="panel column-picker">
                <legend>"Optional columns"</legend>
                {OPTIONAL_COLUMNS.into_iter().map(|(key, heading)| {
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" data-testid=format!("column-{key}")
                                prop:checked=move || columns.with(|c| c.contains(&key))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    columns.update(|c| {
                                        c.retain(|k| *k != key);
                                        if on { c.push(key); }
                                    });
                                }/>
                            {heading}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading users…"</p> }>
            {move || users.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(view) if view.rows.is_empty() => view! {
                    <p class="empty" data-testid="users-empty">
                        {if search.with_untracked(String::is_empty) { "No users yet. Add users to give people and services access." } else { "No users match your search." }}
                    </p>
                }.into_any(),
                Ok(view) => view! {
                    <UsersTable rows=view.rows selected columns/>
                    <Pager page page_size total=view.total/>
                }.into_any(),
            })}
        </Transition>
        <Show when=move || confirming.get()>
            <ConfirmDelete names=selected.get_untracked() noun="users"
                consequence=consequence::USERS
                pending=delete.pending()
                on_confirm=move || { delete.dispatch(DeleteUsers { names: selected.get_untracked() }); }
                on_cancel=move || confirming.set(false)/>
        </Show>
    }
}

#[component]
fn UsersTable(
    rows: Vec<UserRowView>,
    selected: RwSignal<Vec<String>>,
    columns: RwSignal<Vec<&'static str>>,
) -> impl IntoView {
    let optional_headings = move || {
        OPTIONAL_COLUMNS
            .iter()
            .filter(|(key, _)| columns.with(|c| c.contains(key)))
            .map(|(_, heading)| view! { <th scope="col">{*heading}</th> })
            .collect_view()
    };
    view! {
        <table class="table" data-testid="users-table">
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">"Select"</span></th>
                    <th scope="col">"User name"</th>
                    <th scope="col">"Groups"</th>
                    <th scope="col">"Last activity"</th>
                    <th scope="col">"MFA"</th>
                    <th scope="col">"Password age"</th>
                    <th scope="col">"Active key age"</th>
                    {optional_headings}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let name = row.name.clone();
                    let optional_row = row.clone();
                    let optional = move || {
                        OPTIONAL_COLUMNS
                            .iter()
                            .filter(|(key, _)| columns.with(|c| c.contains(key)))
                            .map(|(key, _)| view! { <td>{optional_cell(&optional_row, key)}</td> })
                            .collect_view()
                    };
                    view! {
                        <tr data-testid=format!("user-row-{name}")>
                            <td><SelectRow item=name.clone() label=format!("Select {name}") selected/></td>
                            <td><a href=format!("/iam/users/{name}")>{name.clone()}</a></td>
                            <td>{row.groups}</td>
                            <td>{row.last_activity}</td>
                            <td>{row.mfa}</td>
                            <td>{row.password_age}</td>
                            <td>{row.active_key_age}</td>
                            {optional}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Pager(page: RwSignal<u32>, page_size: RwSignal<u32>, total: usize) -> impl IntoView {
    let pages = move || {
        let size = page_size.get() as usize;
        total.div_ceil(size).max(1)
    };
    let range = move || {
        let size = page_size.get() as usize;
        let first = page.get() as usize * size;
        let last = (first + size).min(total);
        if total == 0 {
            "0 users".to_owned()
        } else {
            format!("{} to {} of {}", first + 1, last, total)
        }
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <span data-testid="page-range">{range}</span>
            <button type="button" class="btn btn-small" data-testid="page-previous"
                disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
            <span>{move || format!("Page {} of {}", page.get() + 1, pages())}</span>
            <button type="button" class="btn btn-small" data-testid="page-next"
                disabled=move || { page.get() as usize + 1 >= pages() }
                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            <label>
                "Rows per page "
                <select data-testid="page-size" on:change=move |ev| {
                    if let Ok(size) = event_target_value(&ev).parse::<u32>() {
                        page_size.set(size);
                        page.set(0);
                    }
                }>
                    {PAGE_SIZES.into_iter().map(|size| view! {
                        <option value=size.to_string() selected=move || page_size.get() == size>{size.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
