//! The role page: summary (maximum session duration and description editable), then the tabs
//! Permissions, Trust relationships, Tags, Access Advisor and Revoke sessions. Every change goes
//! through `change_role`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use iam::policy::PolicyKind;

use crate::api::{ChangeRole, DeleteRoles, RoleChange, RoleDetailView, role_detail};
use crate::components::access_advisor::AccessAdvisor;
use crate::components::deletion::{ConfirmDelete, consequence};
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::permissions::{BoundaryPanel, PoliciesPanel, PolicyEdits};
use crate::components::policy_json_editor::{PolicyJsonEditor, document_problem};
use crate::components::tag_editor::TagsSection;

const TABS: [(&str, &str); 5] = [
    ("permissions", "Permissions"),
    ("trust", "Trust relationships"),
    ("tags", "Tags"),
    ("access_advisor", "Access Advisor"),
    ("revoke", "Revoke sessions"),
];

/// A trust policy's size limit (non-white-space characters).
const TRUST_POLICY_SIZE: usize = 2048;

/// The console's choices for the maximum session duration: `(seconds, label)`.
const DURATIONS: [(i64, &str); 4] = [
    (3600, "1 hour"),
    (7200, "2 hours"),
    (14400, "4 hours"),
    (43200, "12 hours"),
];

#[component]
pub fn RolePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let tab = move || {
        query
            .read()
            .get("tab")
            .unwrap_or_else(|| "permissions".to_owned())
    };
    let change = ServerAction::<ChangeRole>::new();
    let detail = Resource::new(
        move || (name(), change.version().get()),
        |(name, _)| role_detail(name),
    );
    let send = move |c: RoleChange| {
        change.dispatch(ChangeRole {
            role: name(),
            change: c,
        });
    };
    view! {
        <Title text=move || format!("{} | Roles", name())/>
        <p class="breadcrumbs"><a href="/iam/roles">"Roles"</a> " › " {name}</p>
        {move || change.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(()) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading role…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <h1>{name()}</h1><ErrorBanner message=err.message/> }.into_any(),
                Ok(role) => {
                    let current = tab();
                    view! {
                        <Summary role=role.clone() send/>
                        <nav class="tabs" aria-label="Role details">
                            {TABS.into_iter().map(|(key, label)| view! {
                                <a href=format!("?tab={key}") data-testid=format!("tab-{key}")
                                    aria-current=(current == key).then_some("page")>{label}</a>
                            }).collect_view()}
                        </nav>
                        {match current.as_str() {
                            "trust" => view! { <TrustTab role send/> }.into_any(),
                            "tags" => view! { <TagsSection tags=role.tags.clone() on_save=move |tags| send(RoleChange::SetTags(tags))/> }.into_any(),
                            "access_advisor" => view! { <AccessAdvisor services=role.services subject="role"/> }.into_any(),
                            "revoke" => view! { <RevokeTab send/> }.into_any(),
                            _ => view! { <PermissionsTab role send/> }.into_any(),
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Summary(
    role: RoleDetailView,
    send: impl Fn(RoleChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let deleting = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let delete = ServerAction::<DeleteRoles>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(outcomes)) = delete.value().get()
            && outcomes.iter().all(|o| o.error.is_none())
        {
            navigate("/iam/roles", Default::default());
        }
    });
    let duration = RwSignal::new(role.max_session_duration.to_string());
    let description = RwSignal::new(role.description.clone());
    let duration_value = move || {
        duration.with(|d| {
            d.trim()
                .parse::<i64>()
                .ok()
                .filter(|s| (3600..=43200).contains(s))
        })
    };
    let name = role.name.clone();
    let hours = role.max_session_duration as f64 / 3600.0;
    view! {
        <div class="page-header">
            <h1 data-testid="role-name">{role.name.clone()}</h1>
            <div class="actions">
                <button type="button" class="btn" data-testid="edit-role" on:click=move |_| editing.set(true)>"Edit"</button>
                <button type="button" class="btn" data-testid="delete-role" on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
        </div>
        {move || delete.value().get().and_then(Result::ok).into_iter().flatten().filter_map(|o| o.error).map(|message| view! { <ErrorBanner message/> }).collect_view()}
        <section class="panel">
            <h2>"Summary"</h2>
            <dl class="facts summary">
                <dt>"Creation date"</dt><dd>{role.created.clone()}</dd>
                <dt>"ARN"</dt><dd><code data-testid="role-arn">{role.arn.clone()}</code></dd>
                <dt>"Last activity"</dt><dd>{role.last_activity.clone()}</dd>
                {switch_role_link(&role.arn).map(|link| view! {
                    <dt>"Link to switch roles in console"</dt><dd><a href=link.clone() data-testid="switch-role-link">{link.clone()}</a></dd>
                })}
                <dt>"Maximum session duration"</dt><dd data-testid="max-session">{format!("{hours} hour(s)")}</dd>
                <dt>"Description"</dt><dd data-testid="role-description">{if role.description.is_empty() { "-".to_owned() } else { role.description.clone() }}</dd>
                {(!role.instance_profile_arns.is_empty()).then(|| view! {
                    <dt>"Instance profile ARN"</dt><dd><code data-testid="instance-profile-arn">{role.instance_profile_arns.join(", ")}</code></dd>
                })}
            </dl>
        </section>
        <Show when=move || editing.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="edit-role-title">
                    <h2 id="edit-role-title">"Edit role"</h2>
                    <label for="role-description-input">"Description"</label>
                    <textarea id="role-description-input" rows="2" data-testid="role-description-input"
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <label for="max-session-input">"Maximum session duration"</label>
                    <select id="max-session-input" data-testid="max-session-input" on:change=move |ev| duration.set(event_target_value(&ev))>
                        {DURATIONS.into_iter().map(|(seconds, label)| view! {
                            <option value=seconds.to_string() selected=move || duration.get() == seconds.to_string()>{label}</option>
                        }).collect_view()}
                        <option value="custom" selected=move || duration.with(|d| !DURATIONS.iter().any(|(s, _)| s.to_string() == *d))>"Custom duration"</option>
                    </select>
                    <Show when=move || duration.with(|d| !DURATIONS.iter().any(|(s, _)| s.to_string() == *d))>
                        <label for="custom-seconds">"Seconds (3600 to 43200)"</label>
                        <input id="custom-seconds" type="number" min="3600" max="43200" data-testid="custom-seconds"
                            prop:value=move || duration.get() on:input=move |ev| duration.set(event_target_value(&ev))/>
                    </Show>
                    {move || duration_value().is_none().then(|| view! { <p class="field-error" role="alert">"The maximum session duration must be from 3600 to 43200 seconds."</p> })}
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="save-role"
                            disabled=move || duration_value().is_none()
                            on:click={
                                let send = send.clone();
                                let (old_description, old_duration) = (role.description.clone(), role.max_session_duration);
                                move |_| {
                                    if let Some(seconds) = duration_value() && seconds != old_duration {
                                        send(RoleChange::SetMaxSessionDuration(seconds));
                                    }
                                    let text = description.get_untracked();
                                    if text != old_description {
                                        send(RoleChange::SetDescription(text));
                                    }
                                    editing.set(false);
                                }
                            }>"Save changes"</button>
                    </div>
                </div>
            </div>
        </Show>
        <Show when=move || deleting.get()>
            <ConfirmDelete names=vec![name.clone()] noun="roles"
                consequence=consequence::ROLES
                pending=delete.pending()
                on_confirm={
                    let name = name.clone();
                    move || { delete.dispatch(DeleteRoles { names: vec![name.clone()] }); deleting.set(false); }
                }
                on_cancel=move || deleting.set(false)/>
        </Show>
    }
}

#[component]
fn PermissionsTab(
    role: RoleDetailView,
    send: impl Fn(RoleChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let send = StoredValue::new(send);
    let run = move |change: RoleChange| send.with_value(|send| send(change));
    let edits = PolicyEdits {
        attach: Callback::new(move |arns| run(RoleChange::AttachPolicies(arns))),
        detach: Callback::new(move |arn| run(RoleChange::DetachPolicy(arn))),
        put_inline: Callback::new(move |(name, document)| {
            run(RoleChange::PutInlinePolicy { name, document })
        }),
        delete_inline: Callback::new(move |name| run(RoleChange::DeleteInlinePolicy(name))),
    };
    view! {
        <PoliciesPanel attached=role.attached inline=role.inline table_id="role-policies"
            empty_text="No permissions policies. Attach policies to give the role access."
            edits/>
        <BoundaryPanel boundary=role.boundary picker_id="role-boundary"
            on_set=Callback::new(move |arn| run(RoleChange::SetBoundary(arn)))
            on_remove=Callback::new(move |()| run(RoleChange::RemoveBoundary))/>
    }
}

#[component]
fn TrustTab(
    role: RoleDetailView,
    send: impl Fn(RoleChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let text = RwSignal::new(role.trust_policy.clone());
    view! {
        <section class="panel" data-testid="trust-tab">
            <div class="page-header">
                <h2>"Trusted entities"</h2>
                <button type="button" class="btn" data-testid="edit-trust" on:click=move |_| editing.set(true)>"Edit trust policy"</button>
            </div>
            <ul class="plain-list" data-testid="trusted-entities">
                {role.trusted.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
            </ul>
            <Show when=move || editing.get() fallback={
                let policy = role.trust_policy.clone();
                move || view! { <pre class="json-view" data-testid="trust-policy">{policy.clone()}</pre> }
            }>
                <PolicyJsonEditor text kind=PolicyKind::Trust max=TRUST_POLICY_SIZE label="Trust policy"/>
                <div class="wizard-buttons">
                    <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="update-trust"
                        disabled=move || text.with(|t| document_problem(t, PolicyKind::Trust, TRUST_POLICY_SIZE).is_some())
                        on:click={
                            let send = send.clone();
                            move |_| { send(RoleChange::UpdateTrustPolicy(text.get_untracked())); editing.set(false); }
                        }>"Update policy"</button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn RevokeTab(send: impl Fn(RoleChange) + Clone + Send + Sync + 'static) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let acknowledged = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="revoke-tab">
            <h2>"Revoke active sessions"</h2>
            <p>"Revoking denies every permission to sessions issued before now, through an inline policy named AWSRevokeOlderSessions. New sessions are not affected."</p>
            <button type="button" class="btn btn-danger" data-testid="revoke-sessions" on:click=move |_| confirming.set(true)>"Revoke active sessions"</button>
        </section>
        <Show when=move || confirming.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="revoke-title">
                    <h2 id="revoke-title">"Revoke all active sessions?"</h2>
                    <label class="checkbox"><input type="checkbox" data-testid="revoke-acknowledge"
                        prop:checked=move || acknowledged.get() on:change=move |ev| acknowledged.set(event_target_checked(&ev))/>
                        "I acknowledge that I am revoking all active sessions for this role."</label>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-danger" data-testid="revoke-confirm"
                            disabled=move || !acknowledged.get()
                            on:click={
                                let send = send.clone();
                                move |_| { send(RoleChange::RevokeSessions); confirming.set(false); }
                            }>"Revoke active sessions"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// The console's Switch role page with this role's account and name (path included) filled in.
fn switch_role_link(arn: &str) -> Option<String> {
    let (account, role) = arn.strip_prefix("arn:aws:iam::")?.split_once(":role/")?;
    Some(format!(
        "/iam/switch-role?account={account}&roleName={}",
        crate::components::download::percent_encode(role)
    ))
}
