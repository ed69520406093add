//! The user page: summary, then the tabs Permissions, Groups, Tags, Security credentials and
//! Access Advisor. Every change goes through `change_user`; new secrets are shown once.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{ChangeUser, UserChange, UserDetailView, user_detail, wizard_data};
use crate::components::access_advisor::AccessAdvisor;
use crate::components::credentials::{AccessKeysSection, ChangeOutcomeBanner, MfaSection};
use crate::components::flash::{ErrorBanner, section_error};
use crate::components::other_credentials::OtherCredentialsSections;
use crate::components::permissions::{BoundaryPanel, InlineEditing, managed_type};
use crate::components::policy_picker::PolicyPicker;
use crate::components::tag_editor::TagsSection;

const TABS: [(&str, &str); 5] = [
    ("permissions", "Permissions"),
    ("groups", "Groups"),
    ("tags", "Tags"),
    ("security_credentials", "Security credentials"),
    ("access_advisor", "Access Advisor"),
];

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let tab = move || {
        query
            .read()
            .get("tab")
            .unwrap_or_else(|| "permissions".to_owned())
    };
    let version = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (name(), version.get()),
        |(name, _)| user_detail(name),
    );
    let change = ServerAction::<ChangeUser>::new();
    Effect::new(move |_| {
        if change.value().get().is_some() {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=move || format!("{} | Users", name())/>
        <p class="breadcrumbs"><a href="/iam/users">"Users"</a> " › " {name}</p>
        <h1 data-testid="user-name">{name}</h1>
        <ChangeOutcomeBanner outcome=change.value()/>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading user…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(user) => {
                    let current = tab();
                    view! {
                        <Summary user=user.clone()/>
                        <nav class="tabs" aria-label="User details">
                            {TABS.into_iter().map(|(key, label)| view! {
                                <a href=format!("?tab={key}") data-testid=format!("tab-{key}")
                                    aria-current=(current == key).then_some("page")>{label}</a>
                            }).collect_view()}
                        </nav>
                        {match current.as_str() {
                            "groups" => view! { <GroupsTab user change/> }.into_any(),
                            "tags" => view! { <TagsTab user change/> }.into_any(),
                            "security_credentials" => view! { <CredentialsTab user change/> }.into_any(),
                            "access_advisor" => view! { <AccessAdvisor services=user.services subject="user"/> }.into_any(),
                            _ => view! { <PermissionsTab user change/> }.into_any(),
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Summary(user: UserDetailView) -> impl IntoView {
    let arn = user.arn.clone();
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&arn);
    };
    let console = match &user.console {
        Ok(Some(_)) => "Enabled",
        Ok(None) => "Disabled",
        Err(_) => "-",
    };
    let keys = match &user.keys {
        Ok(keys) if keys.is_empty() => "None".to_owned(),
        Ok(keys) => keys
            .iter()
            .map(|k| {
                format!(
                    "{} ({})",
                    k.id,
                    if k.active { "Active" } else { "Inactive" }
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => "-".to_owned(),
    };
    view! {
        <section class="panel">
            <h2>"Summary"</h2>
            <dl class="facts summary">
                <dt>"ARN"</dt>
                <dd class="copy-row"><code data-testid="user-arn">{user.arn.clone()}</code>
                    <button type="button" class="btn btn-small" on:click=copy>"Copy"</button></dd>
                <dt>"Console access"</dt><dd data-testid="console-access">{console}</dd>
                <dt>"Access keys"</dt><dd>{keys}</dd>
                <dt>"Created"</dt><dd>{user.created}</dd>
                <dt>"Last console sign-in"</dt><dd>{user.last_sign_in}</dd>
            </dl>
        </section>
    }
}

#[component]
fn PermissionsTab(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let name = user.name.clone();
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<(String, String)>);
    let send = move |c: UserChange| {
        change.dispatch(ChangeUser {
            user: name.clone(),
            change: c,
        });
    };
    let send_detach = send.clone();
    let send_delete = send.clone();
    let send_boundary = send.clone();
    let send_remove_boundary = send.clone();
    let send_leave = send.clone();
    let send_put = send.clone();
    let no_policies = user.attached.as_ref().is_ok_and(Vec::is_empty)
        && user.inline.as_ref().is_ok_and(Vec::is_empty)
        && user
            .groups
            .as_ref()
            .is_ok_and(|groups| groups.iter().all(|g| g.policies.is_empty()));
    let add_for = user.name.clone();
    view! {
        <section class="panel" data-testid="permissions-tab">
            <div class="page-header">
                <h2>"Permissions policies"</h2>
                <div class="actions">
                    <button type="button" class="btn" data-testid="add-permissions" on:click=move |_| adding.set(true)>"Add permissions"</button>
                    <button type="button" class="btn" data-testid="create-inline" on:click=move |_| editing.set(Some((String::new(), String::new())))>"Create inline policy"</button>
                </div>
            </div>
            {section_error(&user.attached)}
            <table class="table" data-testid="attached-policies">
                <thead><tr><th scope="col">"Policy name"</th><th scope="col">"Type"</th><th scope="col">"Attached via"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {no_policies.then(|| view! { <tr><td colspan="4" class="muted">"No permissions policies. Add permissions to grant access."</td></tr> })}
                    {user.attached.clone().unwrap_or_default().into_iter().map(|p| {
                        let arn = p.arn.clone();
                        let send = send_detach.clone();
                        view! {
                            <tr><td>{p.name.clone()}</td><td>{managed_type(&p.arn)}</td><td>"Directly"</td>
                            <td><button type="button" class="btn btn-small" data-testid=format!("detach-{}", p.name) on:click=move |_| send(UserChange::DetachPolicy(arn.clone()))>"Remove"</button></td></tr>
                        }
                    }).collect_view()}
                    {user.inline.clone().unwrap_or_default().into_iter().map(|p| {
                        let policy_name = p.name.clone();
                        let edit = (p.name.clone(), p.document.clone());
                        let send = send_delete.clone();
                        view! {
                            <tr><td>{p.name.clone()}</td><td>"Customer inline"</td><td>"Directly"</td>
                            <td>
                                <button type="button" class="btn btn-small" data-testid=format!("edit-{}", p.name) on:click=move |_| editing.set(Some(edit.clone()))>"Edit"</button>
                                <button type="button" class="btn btn-small" data-testid=format!("delete-inline-{}", p.name) on:click=move |_| send(UserChange::DeleteInlinePolicy(policy_name.clone()))>"Remove"</button>
                            </td></tr>
                        }
                    }).collect_view()}
                    {user.groups.clone().unwrap_or_default().into_iter().flat_map(|g| {
                        let group = g.name.clone();
                        let send = send_leave.clone();
                        g.policies.into_iter().map(move |p| {
                            let (group, send) = (group.clone(), send.clone());
                            view! {
                                <tr><td>{p}</td><td>"Managed"</td><td>{format!("Group {group}")}</td>
                                <td><button type="button" class="btn btn-small" title="Removes the user from the group"
                                    on:click=move |_| send(UserChange::RemoveFromGroup(group.clone()))>"Leave group"</button></td></tr>
                            }
                        })
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <BoundaryPanel boundary=user.boundary.clone() picker_id="user-boundary"
            on_set=Callback::new(move |arn| send_boundary(UserChange::SetBoundary(arn)))
            on_remove=Callback::new(move |()| send_remove_boundary(UserChange::RemoveBoundary))/>
        <Show when=move || adding.get()>
            <AddPermissions user=add_for.clone() change on_close=move || adding.set(false)/>
        </Show>
        <InlineEditing editing on_save=Callback::new(move |(name, document)| {
            send_put(UserChange::PutInlinePolicy { name, document })
        })/>
    }
}

/// Add permissions to an existing user: groups, a copy of another user's, or policies.
#[component]
fn AddPermissions(
    user: String,
    change: ServerAction<ChangeUser>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let kind = RwSignal::new("groups".to_owned());
    let groups = RwSignal::new(Vec::<String>::new());
    let copy_from = RwSignal::new(String::new());
    let policies = RwSignal::new(Vec::<String>::new());
    let options = Resource::new(|| (), |_| wizard_data());
    let close = on_close.clone();
    let submit = move |_| {
        let c = match kind.get_untracked().as_str() {
            "groups" => UserChange::AddToGroups(groups.get_untracked()),
            "copy" => UserChange::CopyFrom(copy_from.get_untracked()),
            _ => UserChange::AttachPolicies(policies.get_untracked()),
        };
        change.dispatch(ChangeUser {
            user: user.clone(),
            change: c,
        });
        close();
    };
    let cancel = on_close.clone();
    let radio = move |value: &'static str, label: &'static str| {
        view! {
            <label class="tile" class:selected=move || kind.get() == value>
                <input type="radio" name="add-kind" data-testid=format!("add-{value}") prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value.to_owned())/>{label}
            </label>
        }
    };
    view! {
        <div class="modal-backdrop">
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="add-permissions-title">
                <h2 id="add-permissions-title">"Add permissions"</h2>
                <div class="tiles">
                    {radio("groups", "Add user to group")}
                    {radio("copy", "Copy permissions")}
                    {radio("policies", "Attach policies directly")}
                </div>
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || options.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(data) => match kind.get().as_str() {
                            "groups" => view! {
                                <ul class="plain-list">
                                    {data.groups.unwrap_or_default().into_iter().map(|g| {
                                        let name = g.name.clone();
                                        let checked = name.clone();
                                        view! { <li><label class="checkbox"><input type="checkbox" data-testid=format!("add-group-{}", g.name)
                                            prop:checked=move || groups.with(|s| s.contains(&checked))
                                            on:change=move |ev| { let on = event_target_checked(&ev); let n = name.clone(); groups.update(|s| { s.retain(|x| *x != n); if on { s.push(n); } }); }/>
                                            {g.name.clone()}</label></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            "copy" => view! {
                                <ul class="plain-list">
                                    {data.users.unwrap_or_default().into_iter().map(|u| {
                                        let name = u.name.clone();
                                        let checked = name.clone();
                                        view! { <li><label class="checkbox"><input type="radio" name="copy-user" data-testid=format!("add-copy-{}", u.name)
                                            prop:checked=move || copy_from.with(|c| *c == checked)
                                            on:change=move |_| copy_from.set(name.clone())/>{u.name.clone()}</label></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            _ => view! { <PolicyPicker selected=policies id="add"/> }.into_any(),
                        },
                    })}
                </Transition>
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="add-permissions-submit" on:click=submit>"Add permissions"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn GroupsTab(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let name = user.name.clone();
    let adding = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="groups-tab">
            <div class="page-header">
                <h2>"User groups membership"</h2>
                <button type="button" class="btn" data-testid="add-to-groups" on:click=move |_| adding.set(true)>"Add user to groups"</button>
            </div>
            {section_error(&user.groups)}
            <table class="table" data-testid="user-groups">
                <thead><tr><th scope="col">"Group name"</th><th scope="col">"Attached policies"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {user.groups.as_ref().is_ok_and(Vec::is_empty).then(|| view! { <tr><td colspan="3" class="muted">"This user is not in any group."</td></tr> })}
                    {user.groups.clone().unwrap_or_default().into_iter().map(|g| {
                        let group = g.name.clone();
                        let user_name = name.clone();
                        view! {
                            <tr><td>{g.name.clone()}</td><td>{g.policies.join(", ")}</td>
                            <td><button type="button" class="btn btn-small" data-testid=format!("leave-{}", g.name)
                                on:click=move |_| { change.dispatch(ChangeUser { user: user_name.clone(), change: UserChange::RemoveFromGroup(group.clone()) }); }>"Remove"</button></td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <Show when=move || adding.get()>
            <AddPermissions user=user.name.clone() change on_close=move || adding.set(false)/>
        </Show>
    }
}

#[component]
fn TagsTab(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let name = user.name.clone();
    let save = move |tags| {
        change.dispatch(ChangeUser {
            user: name.clone(),
            change: UserChange::SetTags(tags),
        });
    };
    view! { <TagsSection tags=user.tags on_save=save/> }
}

#[component]
fn CredentialsTab(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let name = user.name.clone();
    let send = move |c: UserChange| {
        change.dispatch(ChangeUser {
            user: name.clone(),
            change: c,
        });
    };
    let custom = RwSignal::new(String::new());
    let reset = RwSignal::new(true);
    let (send_password, send_disable, send_create) = (send.clone(), send.clone(), send.clone());
    view! {
        <section class="panel" data-testid="credentials-tab">
            <h2>"Console sign-in"</h2>
            {section_error(&user.console)}
            <p>"Console access: " <strong data-testid="console-status">{match user.console { Ok(Some(_)) => "Enabled", Ok(None) => "Disabled", Err(_) => "-" }}</strong></p>
            <label for="console-password">"New password (leave empty to autogenerate)"</label>
            <input id="console-password" type="password" data-testid="console-password"
                prop:value=move || custom.get() on:input=move |ev| custom.set(event_target_value(&ev))/>
            <label class="checkbox"><input type="checkbox" prop:checked=move || reset.get()
                on:change=move |ev| reset.set(event_target_checked(&ev))/>"Require password reset"</label>
            <div class="actions">
                <button type="button" class="btn" data-testid="set-password" on:click=move |_| {
                    let password = Some(custom.get_untracked()).filter(|p| !p.is_empty());
                    send_password(UserChange::SetPassword { password, reset_required: reset.get_untracked() });
                }>{if matches!(user.console, Ok(Some(_))) { "Reset password" } else { "Enable console access" }}</button>
                {matches!(user.console, Ok(Some(_))).then(|| view! {
                    <button type="button" class="btn" data-testid="disable-console" on:click=move |_| send_disable(UserChange::DisableConsole)>"Disable console access"</button>
                })}
            </div>
        </section>
        <MfaSection devices=user.mfa_devices.clone() device_owner=user.name.clone()
            on_enable={
                let send = send.clone();
                move |serial, code1, code2| send(UserChange::EnableMfa { serial, code1, code2 })
            }
            on_discard={
                let send = send.clone();
                move |serial| send(UserChange::DiscardMfa(serial))
            }
            on_remove={
                let send = send.clone();
                move |serial| send(UserChange::RemoveMfa(serial))
            }/>
        <AccessKeysSection keys=user.keys.clone()
            on_create=move || send_create(UserChange::CreateAccessKey)
            on_toggle={
                let send = send.clone();
                move |id, active| send(UserChange::SetKeyActive { id, active })
            }
            on_delete={
                let send = send.clone();
                move |id| send(UserChange::DeleteAccessKey(id))
            }/>
        <OtherCredentialsSections credentials=user.other_credentials.clone()
            on_change=move |c| send(UserChange::Credential(c))/>
    }
}
