//! The user group page: summary with Edit (rename) and Delete, then the tabs Users,
//! Permissions and Access Advisor. Every change goes through `change_group`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use iam::model::names::{NameKind, validate_name};

use crate::api::{ChangeGroup, DeleteGroups, GroupChange, GroupDetailView, group_detail};
use crate::components::access_advisor::AccessAdvisor;
use crate::components::deletion::{ConfirmDelete, consequence};
use crate::components::download::percent_encode;
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::permissions::{PoliciesPanel, PolicyEdits};
use crate::components::user_checklist::UserChecklist;

const TABS: [(&str, &str); 3] = [
    ("users", "Users"),
    ("permissions", "Permissions"),
    ("access_advisor", "Access Advisor"),
];

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let tab = move || {
        query
            .read()
            .get("tab")
            .unwrap_or_else(|| "users".to_owned())
    };
    let version = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (name(), version.get()),
        |(name, _)| group_detail(name),
    );
    let change = ServerAction::<ChangeGroup>::new();
    let navigate = use_navigate();
    Effect::new(move |_| match change.value().get() {
        Some(Ok(new_name)) if new_name != name() => navigate(
            &format!("/iam/groups/{}", percent_encode(&new_name)),
            Default::default(),
        ),
        Some(_) => version.update(|v| *v += 1),
        None => {}
    });
    view! {
        <Title text=move || format!("{} | User groups", name())/>
        <p class="breadcrumbs"><a href="/iam/groups">"User groups"</a> " › " {name}</p>
        {move || change.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(_) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading user group…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <h1>{name()}</h1><ErrorBanner message=err.message/> }.into_any(),
                Ok(group) => {
                    let current = tab();
                    view! {
                        <Summary group=group.clone() change/>
                        <nav class="tabs" aria-label="User group details">
                            {TABS.into_iter().map(|(key, label)| view! {
                                <a href=format!("?tab={key}") data-testid=format!("tab-{key}")
                                    aria-current=(current == key).then_some("page")>{label}</a>
                            }).collect_view()}
                        </nav>
                        {match current.as_str() {
                            "permissions" => view! { <PermissionsTab group change/> }.into_any(),
                            "access_advisor" => view! { <AccessAdvisor services=group.services subject="group"/> }.into_any(),
                            _ => view! { <UsersTab group change/> }.into_any(),
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Summary(group: GroupDetailView, change: ServerAction<ChangeGroup>) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete = ServerAction::<DeleteGroups>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(outcomes)) = delete.value().get()
            && outcomes.iter().all(|o| o.error.is_none())
        {
            navigate("/iam/groups", Default::default());
        }
    });
    let arn = group.arn.clone();
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&arn);
    };
    let name = group.name.clone();
    let delete_name = group.name.clone();
    view! {
        <div class="page-header">
            <h1 data-testid="group-name">{group.name.clone()}</h1>
            <div class="actions">
                <button type="button" class="btn" data-testid="rename-group" on:click=move |_| renaming.set(true)>"Edit"</button>
                <button type="button" class="btn" data-testid="delete-group" on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
        </div>
        {move || delete.value().get().and_then(Result::ok).into_iter().flatten().filter_map(|o| o.error).map(|message| view! { <ErrorBanner message/> }).collect_view()}
        {move || delete.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
        <section class="panel">
            <h2>"Summary"</h2>
            <dl class="facts summary">
                <dt>"User group name"</dt><dd>{group.name.clone()}</dd>
                <dt>"Creation time"</dt><dd>{group.created}</dd>
                <dt>"ARN"</dt>
                <dd class="copy-row"><code data-testid="group-arn">{group.arn.clone()}</code>
                    <button type="button" class="btn btn-small" on:click=copy>"Copy"</button></dd>
            </dl>
        </section>
        <Show when=move || renaming.get()>
            <RenameDialog current=name.clone() change on_close=move || renaming.set(false)/>
        </Show>
        <Show when=move || deleting.get()>
            <ConfirmDelete names=vec![delete_name.clone()] noun="user groups"
                consequence=consequence::GROUPS
                pending=delete.pending()
                on_confirm={
                    let name = delete_name.clone();
                    move || { delete.dispatch(DeleteGroups { names: vec![name.clone()] }); deleting.set(false); }
                }
                on_cancel=move || deleting.set(false)/>
        </Show>
    }
}

#[component]
fn RenameDialog(
    current: String,
    change: ServerAction<ChangeGroup>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let new_name = RwSignal::new(current.clone());
    let error = move || {
        new_name.with(|n| {
            validate_name(NameKind::Group, "newGroupName", n)
                .err()
                .map(|e| e.message)
        })
    };
    let (close, cancel) = (on_close.clone(), on_close);
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="rename-title">
                <h2 id="rename-title">"Edit user group name"</h2>
                <label for="new-group-name">"User group name"</label>
                <input id="new-group-name" type="text" data-testid="new-group-name"
                    prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                {move || error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="rename-submit"
                        disabled=move || error().is_some()
                        on:click=move |_| {
                            change.dispatch(ChangeGroup { group: current.clone(), change: GroupChange::Rename(new_name.get_untracked()) });
                            close();
                        }>"Save changes"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn UsersTab(group: GroupDetailView, change: ServerAction<ChangeGroup>) -> impl IntoView {
    let adding = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let members: Vec<String> = group.users.iter().map(|u| u.name.clone()).collect();
    let (remove_group, add_group) = (group.name.clone(), group.name.clone());
    view! {
        <section class="panel" data-testid="users-tab">
            <div class="page-header">
                <h2>{format!("Users in this group ({})", group.users.len())}</h2>
                <button type="button" class="btn" data-testid="add-users" on:click=move |_| adding.set(true)>"Add users"</button>
            </div>
            <table class="table" data-testid="group-users">
                <thead><tr><th scope="col">"User name"</th><th scope="col">"Creation time"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {group.users.is_empty().then(|| view! { <tr><td colspan="3" class="muted">"No users in this group."</td></tr> })}
                    {group.users.into_iter().map(|u| {
                        let (group, user) = (remove_group.clone(), u.name.clone());
                        view! {
                            <tr data-testid=format!("member-{}", u.name)>
                                <td><a href=format!("/iam/users/{}", u.name)>{u.name.clone()}</a></td>
                                <td>{u.created}</td>
                                <td><button type="button" class="btn btn-small" data-testid=format!("remove-{}", u.name)
                                    on:click=move |_| { change.dispatch(ChangeGroup { group: group.clone(), change: GroupChange::RemoveUser(user.clone()) }); }>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <Show when=move || adding.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="add-users-title">
                    <h2 id="add-users-title">"Add users to group"</h2>
                    <UserChecklist selected=chosen exclude=members.clone()/>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| adding.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="add-users-submit"
                            disabled=move || chosen.with(Vec::is_empty)
                            on:click={
                                let group = add_group.clone();
                                move |_| {
                                    change.dispatch(ChangeGroup { group: group.clone(), change: GroupChange::AddUsers(chosen.get_untracked()) });
                                    chosen.set(Vec::new());
                                    adding.set(false);
                                }
                            }>"Add users"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

#[component]
fn PermissionsTab(group: GroupDetailView, change: ServerAction<ChangeGroup>) -> impl IntoView {
    let name = StoredValue::new(group.name.clone());
    let send = move |change_to: GroupChange| {
        change.dispatch(ChangeGroup {
            group: name.get_value(),
            change: change_to,
        });
    };
    let edits = PolicyEdits {
        attach: Callback::new(move |arns| send(GroupChange::AttachPolicies(arns))),
        detach: Callback::new(move |arn| send(GroupChange::DetachPolicy(arn))),
        put_inline: Callback::new(move |(name, document)| {
            send(GroupChange::PutInlinePolicy { name, document })
        }),
        delete_inline: Callback::new(move |name| send(GroupChange::DeleteInlinePolicy(name))),
    };
    view! {
        <PoliciesPanel attached=group.attached inline=group.inline table_id="group-policies"
            empty_text="No permissions policies. Attach policies to give the group's users access."
            edits/>
    }
}
