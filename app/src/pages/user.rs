//! The user page: summary, then the tabs Permissions, Groups, Tags, Security credentials and
//! Access Advisor. Every change goes through `change_user`; new secrets are shown once.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    ChangeOutcome, ChangeUser, UserChange, UserDetailView, new_mfa_device, user_detail, wizard_data,
};
use crate::components::access_advisor::AccessAdvisor;
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::inline_policy_editor::InlinePolicyEditor;
use crate::components::policy_picker::PolicyPicker;
use crate::components::tag_editor::{TagEditor, tag_errors};

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
        <ChangeResult change/>
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

/// Errors of the last change, and the secrets it produced (shown once).
#[component]
fn ChangeResult(change: ServerAction<ChangeUser>) -> impl IntoView {
    move || {
        change.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(ChangeOutcome { password: Some(password), .. }) => view! {
                <div class="flash flash-success" role="status">
                    <span>"The new console password, shown only now: " <code data-testid="new-password">{password}</code></span>
                </div>
            }.into_any(),
            Ok(ChangeOutcome { access_key_id: Some(id), secret_access_key: Some(secret), .. }) => {
                let csv = format!("Access key ID,Secret access key\n{id},{secret}\n");
                let href = crate::components::download::csv_data_url(&csv);
                view! {
                    <div class="flash flash-success" role="status" data-testid="new-key">
                        <span>"Access key created. This is the only time the secret access key can be viewed or downloaded. "
                            "Access key ID: " <code data-testid="new-key-id">{id}</code>
                            " Secret access key: " <code data-testid="new-key-secret">{secret}</code>" "
                            <a class="btn btn-small" href=href download="accessKeys.csv" data-testid="new-key-csv">"Download .csv file"</a>
                        </span>
                    </div>
                }.into_any()
            }
            Ok(_) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })
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

fn section_error(result: &Result<impl Sized, String>) -> Option<AnyView> {
    result
        .as_ref()
        .err()
        .map(|m| view! { <ErrorBanner message=m.clone()/> }.into_any())
}

#[component]
fn PermissionsTab(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let name = user.name.clone();
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<(String, String)>);
    let choosing_boundary = RwSignal::new(false);
    let boundary_choice = RwSignal::new(Vec::<String>::new());
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
    let no_policies = user.attached.as_ref().is_ok_and(Vec::is_empty)
        && user.inline.as_ref().is_ok_and(Vec::is_empty)
        && user
            .groups
            .as_ref()
            .is_ok_and(|groups| groups.iter().all(|g| g.policies.is_empty()));
    let (add_for, edit_for) = (user.name.clone(), user.name.clone());
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
                            <tr><td>{p.name.clone()}</td><td>{if p.arn.starts_with("arn:aws:iam::aws:") { "AWS managed" } else { "Customer managed" }}</td><td>"Directly"</td>
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
        <section class="panel">
            <h2>"Permissions boundary"</h2>
            {match user.boundary.clone() {
                Some(arn) => view! {
                    <p data-testid="boundary">{arn}</p>
                    <button type="button" class="btn" data-testid="remove-boundary" on:click=move |_| send_remove_boundary(UserChange::RemoveBoundary)>"Remove boundary"</button>
                    <button type="button" class="btn" on:click=move |_| choosing_boundary.set(true)>"Change boundary"</button>
                }.into_any(),
                None => view! {
                    <p class="muted" data-testid="boundary">"Permissions boundary is not set"</p>
                    <button type="button" class="btn" data-testid="set-boundary" on:click=move |_| choosing_boundary.set(true)>"Set permissions boundary"</button>
                }.into_any(),
            }}
            <Show when=move || choosing_boundary.get()>
                <PolicyPicker selected=boundary_choice single=true id="user-boundary"/>
                <button type="button" class="btn btn-primary" data-testid="save-boundary"
                    disabled=move || boundary_choice.with(Vec::is_empty)
                    on:click={
                        let send = send_boundary.clone();
                        move |_| {
                            if let Some(arn) = boundary_choice.get_untracked().first().cloned() {
                                send(UserChange::SetBoundary(arn));
                                choosing_boundary.set(false);
                            }
                        }
                    }>"Set boundary"</button>
            </Show>
        </section>
        <Show when=move || adding.get()>
            <AddPermissions user=add_for.clone() change on_close=move || adding.set(false)/>
        </Show>
        {move || editing.get().map(|(policy_name, document)| view! {
            <InlinePolicyEditor policy_name document
                on_save={
                    let user = edit_for.clone();
                    move |name, document| {
                        change.dispatch(ChangeUser { user: user.clone(), change: UserChange::PutInlinePolicy { name, document } });
                    }
                }
                on_close=move || editing.set(None)/>
        })}
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
    let tags = RwSignal::new(user.tags.clone());
    let invalid = move || tags.with(|rows| tag_errors(rows, true).iter().any(Option::is_some));
    let name = user.name.clone();
    view! {
        <section class="panel" data-testid="tags-tab">
            <h2>"Tags"</h2>
            <TagEditor tags/>
            <button type="button" class="btn btn-primary" data-testid="save-tags"
                disabled=invalid
                on:click=move |_| { change.dispatch(ChangeUser { user: name.clone(), change: UserChange::SetTags(tags.get_untracked()) }); }>"Save changes"</button>
        </section>
    }
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
    let keys = user.keys.clone().unwrap_or_default();
    let key_count = keys.len();
    let no_keys = user.keys.as_ref().is_ok_and(Vec::is_empty);
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
        <MfaSection user=user.clone() change/>
        <section class="panel">
            <div class="page-header">
                <h2>"Access keys"</h2>
                <button type="button" class="btn" data-testid="create-key" disabled={key_count >= 2}
                    on:click=move |_| send_create(UserChange::CreateAccessKey)>"Create access key"</button>
            </div>
            {section_error(&user.keys)}
            <table class="table" data-testid="access-keys">
                <thead><tr><th scope="col">"Access key ID"</th><th scope="col">"Status"</th><th scope="col">"Created"</th><th scope="col">"Last used"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {no_keys.then(|| view! { <tr><td colspan="5" class="muted" data-testid="no-keys">"No access keys."</td></tr> })}
                    {keys.into_iter().map(|k| {
                        let (toggle_id, delete_id) = (k.id.clone(), k.id.clone());
                        let (send_toggle, send_delete) = (send.clone(), send.clone());
                        let active = k.active;
                        view! {
                            <tr data-testid=format!("key-{}", k.id)>
                                <td><code>{k.id.clone()}</code></td>
                                <td>{if active { "Active" } else { "Inactive" }}</td>
                                <td>{k.created}</td>
                                <td>{k.last_used}</td>
                                <td>
                                    <button type="button" class="btn btn-small" data-testid="toggle-key"
                                        on:click=move |_| send_toggle(UserChange::SetKeyActive { id: toggle_id.clone(), active: !active })>
                                        {if active { "Make inactive" } else { "Make active" }}</button>
                                    <button type="button" class="btn btn-small" data-testid="delete-key" disabled=active
                                        title="Only an inactive key can be deleted."
                                        on:click=move |_| send_delete(UserChange::DeleteAccessKey(delete_id.clone()))>"Delete"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn MfaSection(user: UserDetailView, change: ServerAction<ChangeUser>) -> impl IntoView {
    let assigning = RwSignal::new(false);
    let name = user.name.clone();
    let devices = user.mfa_devices.clone().unwrap_or_default();
    view! {
        <section class="panel" data-testid="mfa-section">
            <div class="page-header">
                <h2>"Multi-factor authentication (MFA)"</h2>
                <button type="button" class="btn" data-testid="assign-mfa" on:click=move |_| assigning.set(true)>"Assign MFA device"</button>
            </div>
            {section_error(&user.mfa_devices)}
            {if devices.is_empty() {
                view! { <p class="muted" data-testid="no-mfa">"No MFA devices. Assign an MFA device to improve the security of this user."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="mfa-devices">
                        <thead><tr><th scope="col">"Device type"</th><th scope="col">"Identifier"</th><th scope="col">"Enabled"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                        <tbody>
                            {devices.into_iter().map(|(serial, enabled)| {
                                let remove = serial.clone();
                                let user_name = name.clone();
                                view! {
                                    <tr><td>"Virtual"</td><td><code>{serial}</code></td><td>{enabled}</td>
                                    <td><button type="button" class="btn btn-small" data-testid="remove-mfa"
                                        on:click=move |_| { change.dispatch(ChangeUser { user: user_name.clone(), change: UserChange::RemoveMfa(remove.clone()) }); }>"Remove"</button></td></tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <Show when=move || assigning.get()>
            <AssignMfa user=user.name.clone() change on_close=move || assigning.set(false)/>
        </Show>
    }
}

/// A new virtual device: scan the QR code (or type the secret), then two consecutive codes.
#[component]
fn AssignMfa(
    user: String,
    change: ServerAction<ChangeUser>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let request_user = user.clone();
    let device = Resource::new(|| (), move |_| new_mfa_device(request_user.clone()));
    let code1 = RwSignal::new(String::new());
    let code2 = RwSignal::new(String::new());
    let show_secret = RwSignal::new(false);
    let serial = move || device.get().and_then(Result::ok).map(|d| d.serial_number);
    let (add_user, cancel_user) = (user.clone(), user.clone());
    let (close_add, close_cancel) = (on_close.clone(), on_close.clone());
    let valid = move |c: &str| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="assign-mfa-title">
                <h2 id="assign-mfa-title">"Set up virtual MFA device"</h2>
                <Transition fallback=|| view! { <p class="muted" role="status">"Creating the device…"</p> }>
                    {move || device.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(device) => {
                            let seed = device.base32_seed.clone();
                            view! {
                                <p>"1. Install an authenticator app. 2. Scan this QR code with it, or type the secret key."</p>
                                <div class="qr" data-testid="mfa-qr" inner_html=device.qr_svg.clone()></div>
                                <p>
                                    <button type="button" class="btn-text" data-testid="show-mfa-secret" on:click=move |_| show_secret.update(|s| *s = !*s)>
                                        {move || if show_secret.get() { "Hide secret key" } else { "Show secret key" }}
                                    </button>
                                    " "
                                    <Show when=move || show_secret.get()>
                                        <code data-testid="mfa-secret">{seed.clone()}</code>
                                    </Show>
                                </p>
                            }.into_any()
                        }
                    })}
                </Transition>
                <label for="mfa-code-1">"MFA code 1"</label>
                <input id="mfa-code-1" type="text" inputmode="numeric" maxlength="6" data-testid="mfa-code-1"
                    prop:value=move || code1.get() on:input=move |ev| code1.set(event_target_value(&ev))/>
                <label for="mfa-code-2">"MFA code 2"</label>
                <input id="mfa-code-2" type="text" inputmode="numeric" maxlength="6" data-testid="mfa-code-2"
                    prop:value=move || code2.get() on:input=move |ev| code2.set(event_target_value(&ev))/>
                <p class="muted small">"Enter two consecutive codes from the app."</p>
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| {
                        if let Some(serial) = serial() {
                            change.dispatch(ChangeUser { user: cancel_user.clone(), change: UserChange::DiscardMfa(serial) });
                        }
                        close_cancel();
                    }>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="enable-mfa"
                        disabled=move || serial().is_none() || !valid(&code1.get()) || !valid(&code2.get())
                        on:click=move |_| {
                            if let Some(serial) = serial() {
                                change.dispatch(ChangeUser {
                                    user: add_user.clone(),
                                    change: UserChange::EnableMfa { serial, code1: code1.get_untracked(), code2: code2.get_untracked() },
                                });
                                close_add();
                            }
                        }>"Add MFA"</button>
                </div>
            </div>
        </div>
    }
}
