//! A policy's page: summary facts, then the tabs Permissions (summary or JSON), Entities
//! attached, Policy versions and Tags. AWS managed policies are read-only.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{
    ChangePolicy, DeletePolicies, GroupRowView, PolicyChange, PolicyDetailView, groups_list,
    policy_detail, roles_list,
};
use crate::components::deletion::{ConfirmDelete, consequence};
use crate::components::download::percent_encode;
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::policy_summary::PolicySummaryTable;
use crate::components::tag_editor::TagsSection;
use crate::components::user_checklist::UserChecklist;

const TABS: [(&str, &str); 4] = [
    ("permissions", "Permissions"),
    ("entities", "Entities attached"),
    ("versions", "Policy versions"),
    ("tags", "Tags"),
];

#[component]
pub fn PolicyPage() -> impl IntoView {
    let query = use_query_map();
    let arn = move || query.read().get("arn").unwrap_or_default();
    let tab = move || {
        query
            .read()
            .get("tab")
            .unwrap_or_else(|| "permissions".to_owned())
    };
    // The Policies list's Actions open the Entities tab with a dialog open (`action=attach`,
    // `action=boundary`); held here so that reloading the policy does not open it again.
    let action = query
        .with_untracked(|q| q.get("action"))
        .unwrap_or_default();
    let dialogs = EntityDialogs {
        attaching: RwSignal::new(action == "attach"),
        bounding: RwSignal::new(action == "boundary"),
    };
    let change = ServerAction::<ChangePolicy>::new();
    let detail = Resource::new(
        move || (arn(), change.version().get()),
        |(arn, _)| policy_detail(arn),
    );
    view! {
        <Title text="Policy"/>
        <p class="breadcrumbs"><a href="/iam/policies">"Policies"</a> " › " {move || arn().rsplit('/').next().unwrap_or_default().to_owned()}</p>
        {move || change.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(()) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading policy…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(policy) => {
                    let current = tab();
                    let encoded = percent_encode(&policy.arn);
                    view! {
                        <Summary policy=policy.clone()/>
                        <nav class="tabs" aria-label="Policy details">
                            {TABS.into_iter().map(|(key, label)| view! {
                                <a href=format!("?arn={encoded}&tab={key}") data-testid=format!("tab-{key}")
                                    aria-current=(current == key).then_some("page")>{label}</a>
                            }).collect_view()}
                        </nav>
                        {match current.as_str() {
                            "entities" => view! { <EntitiesTab policy change dialogs/> }.into_any(),
                            "versions" => view! { <VersionsTab policy change/> }.into_any(),
                            "tags" => view! { <TagsTab policy change/> }.into_any(),
                            _ => view! { <PermissionsTab policy/> }.into_any(),
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Summary(policy: PolicyDetailView) -> impl IntoView {
    let deleting = RwSignal::new(false);
    let delete = ServerAction::<DeletePolicies>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(outcomes)) = delete.value().get()
            && outcomes.iter().all(|o| o.error.is_none())
        {
            navigate("/iam/policies", Default::default());
        }
    });
    let arn = policy.arn.clone();
    let edit_href = format!("/iam/policies/edit?arn={}", percent_encode(&policy.arn));
    view! {
        <div class="page-header">
            <h1 data-testid="policy-name">{policy.name.clone()}</h1>
            {(!policy.aws_managed).then(|| view! {
                <div class="actions">
                    <a class="btn" href=edit_href data-testid="edit-policy">"Edit"</a>
                    <button type="button" class="btn" data-testid="delete-policy" on:click=move |_| deleting.set(true)>"Delete"</button>
                </div>
            })}
        </div>
        {move || delete.value().get().and_then(Result::ok).into_iter().flatten().filter_map(|o| o.error).map(|message| view! { <ErrorBanner message/> }).collect_view()}
        <section class="panel">
            <h2>"Policy details"</h2>
            <dl class="facts summary">
                <dt>"Type"</dt><dd data-testid="policy-type">{policy.kind.clone()}</dd>
                <dt>"Creation time"</dt><dd>{policy.created.clone()}</dd>
                <dt>"Edited time"</dt><dd>{policy.edited.clone()}</dd>
                <dt>"ARN"</dt><dd><code data-testid="policy-arn">{policy.arn.clone()}</code></dd>
                <dt>"Description"</dt><dd>{if policy.description.is_empty() { "-".to_owned() } else { policy.description.clone() }}</dd>
            </dl>
        </section>
        <Show when=move || deleting.get()>
            <ConfirmDelete names=vec![policy.name.clone()] noun="policies"
                consequence=consequence::POLICIES
                pending=delete.pending()
                on_confirm={
                    let arn = arn.clone();
                    move || { delete.dispatch(DeletePolicies { arns: vec![arn.clone()] }); deleting.set(false); }
                }
                on_cancel=move || deleting.set(false)/>
        </Show>
    }
}

#[component]
fn PermissionsTab(policy: PolicyDetailView) -> impl IntoView {
    let json = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="permissions-tab">
            <div class="page-header">
                <h2>{format!("Permissions defined in this policy ({})", policy.default_version)}</h2>
                <div class="actions" role="group" aria-label="View">
                    <button type="button" class="btn btn-small" data-testid="show-summary" aria-pressed=move || (!json.get()).to_string()
                        on:click=move |_| json.set(false)>"Summary"</button>
                    <button type="button" class="btn btn-small" data-testid="show-json" aria-pressed=move || json.get().to_string()
                        on:click=move |_| json.set(true)>"JSON"</button>
                </div>
            </div>
            <Show when=move || json.get() fallback={
                let summary = policy.summary.clone();
                move || view! { <PolicySummaryTable summary=summary.clone()/> }
            }>
                <pre class="json-view" data-testid="policy-document">{policy.document.clone()}</pre>
            </Show>
        </section>
    }
}

/// Whether the Entities tab's dialogs are open.
#[derive(Clone, Copy)]
struct EntityDialogs {
    attaching: RwSignal<bool>,
    bounding: RwSignal<bool>,
}

#[component]
fn EntitiesTab(
    policy: PolicyDetailView,
    change: ServerAction<ChangePolicy>,
    dialogs: EntityDialogs,
) -> impl IntoView {
    let EntityDialogs {
        attaching,
        bounding,
    } = dialogs;
    let users = RwSignal::new(Vec::<String>::new());
    let groups = RwSignal::new(Vec::<String>::new());
    let roles = RwSignal::new(Vec::<String>::new());
    let arn = policy.arn.clone();
    let attach_arn = policy.arn.clone();
    let entities = policy.entities.clone();
    let empty = entities.as_ref().is_ok_and(Vec::is_empty);
    view! {
        <section class="panel" data-testid="entities-tab">
            <div class="page-header">
                <h2>"Entities attached"</h2>
                <div class="actions">
                    <button type="button" class="btn" data-testid="set-boundary" on:click=move |_| bounding.set(true)>"Set as permissions boundary"</button>
                    <button type="button" class="btn" data-testid="attach-entities" on:click=move |_| attaching.set(true)>"Attach"</button>
                </div>
            </div>
            {entities.as_ref().err().map(|message| view! { <ErrorBanner message=message.clone()/> })}
            <table class="table" data-testid="policy-entities">
                <thead><tr><th scope="col">"Entity name"</th><th scope="col">"Entity type"</th><th scope="col">"Attached as"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {empty.then(|| view! { <tr><td colspan="4" class="muted">"This policy is not attached to any user, group or role."</td></tr> })}
                    {entities.unwrap_or_default().into_iter().map(|entity| {
                        let (arn, kind, name) = (arn.clone(), entity.kind.clone(), entity.name.clone());
                        let link = match entity.kind.as_str() {
                            "User" => format!("/iam/users/{}", entity.name),
                            "Group" => format!("/iam/groups/{}", entity.name),
                            _ => format!("/iam/roles/{}", entity.name),
                        };
                        view! {
                            <tr data-testid=format!("entity-{}", entity.name)>
                                <td><a href=link>{entity.name.clone()}</a></td>
                                <td>{entity.kind.clone()}</td>
                                <td>"Permissions policy"</td>
                                <td><button type="button" class="btn btn-small" data-testid=format!("detach-{}", entity.name)
                                    on:click=move |_| { change.dispatch(ChangePolicy { arn: arn.clone(), change: PolicyChange::Detach { kind: kind.clone(), name: name.clone() } }); }>"Detach"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Permissions boundary"</h3>
            {match policy.boundary_entities.clone() {
                Err(message) => view! { <ErrorBanner message/> }.into_any(),
                Ok(found) if found.is_empty() => view! {
                    <p class="muted" data-testid="boundary-entities">"No user or role uses this policy as its permissions boundary."</p>
                }.into_any(),
                Ok(found) => view! {
                    <table class="table" data-testid="boundary-entities">
                        <thead><tr><th scope="col">"Entity name"</th><th scope="col">"Entity type"</th><th scope="col">"Attached as"</th></tr></thead>
                        <tbody>
                            {found.into_iter().map(|entity| {
                                let link = if entity.kind == "User" { format!("/iam/users/{}", entity.name) } else { format!("/iam/roles/{}", entity.name) };
                                view! { <tr><td><a href=link>{entity.name.clone()}</a></td><td>{entity.kind.clone()}</td><td>"Permissions boundary"</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
        <Show when=move || attaching.get()>
            <div class="modal-backdrop">
                <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="attach-entities-title">
                    <h2 id="attach-entities-title">"Attach policy"</h2>
                    <h3>"Users"</h3>
                    <UserChecklist selected=users/>
                    <h3>"User groups"</h3>
                    <EntityChecklist selected=groups kind="group"/>
                    <h3>"Roles"</h3>
                    <EntityChecklist selected=roles kind="role"/>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| attaching.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="attach-entities-submit"
                            disabled=move || users.with(Vec::is_empty) && groups.with(Vec::is_empty) && roles.with(Vec::is_empty)
                            on:click={
                                let arn = attach_arn.clone();
                                move |_| {
                                    let targets = users.get_untracked().into_iter().map(|n| ("User".to_owned(), n))
                                        .chain(groups.get_untracked().into_iter().map(|n| ("Group".to_owned(), n)))
                                        .chain(roles.get_untracked().into_iter().map(|n| ("Role".to_owned(), n)))
                                        .collect();
                                    change.dispatch(ChangePolicy { arn: arn.clone(), change: PolicyChange::Attach(targets) });
                                    users.set(Vec::new());
                                    groups.set(Vec::new());
                                    roles.set(Vec::new());
                                    attaching.set(false);
                                }
                            }>"Attach policy"</button>
                    </div>
                </div>
            </div>
        </Show>
        <Show when=move || bounding.get()>
            <BoundaryDialog arn=policy.arn.clone() change on_close=move || bounding.set(false)/>
        </Show>
    }
}

/// Sets the policy as the permissions boundary of the chosen users and roles, replacing the
/// boundary each had.
#[component]
fn BoundaryDialog(
    arn: String,
    change: ServerAction<ChangePolicy>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let users = RwSignal::new(Vec::<String>::new());
    let roles = RwSignal::new(Vec::<String>::new());
    let cancel = on_close.clone();
    view! {
        <div class="modal-backdrop">
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="set-boundary-title">
                <h2 id="set-boundary-title">"Set as permissions boundary"</h2>
                <p>"The policy limits the most each chosen user or role can be allowed; it replaces the boundary each has."</p>
                <h3>"Users"</h3>
                <UserChecklist selected=users/>
                <h3>"Roles"</h3>
                <EntityChecklist selected=roles kind="role"/>
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="set-boundary-submit"
                        disabled=move || users.with(Vec::is_empty) && roles.with(Vec::is_empty)
                        on:click=move |_| {
                            let targets = users.get_untracked().into_iter().map(|n| ("User".to_owned(), n))
                                .chain(roles.get_untracked().into_iter().map(|n| ("Role".to_owned(), n)))
                                .collect();
                            change.dispatch(ChangePolicy { arn: arn.clone(), change: PolicyChange::SetBoundary(targets) });
                            on_close();
                        }>"Set boundary"</button>
                </div>
            </div>
        </div>
    }
}

/// Checkboxes for the account's groups (`kind` "group") or roles (`kind` "role").
#[component]
fn EntityChecklist(selected: RwSignal<Vec<String>>, kind: &'static str) -> impl IntoView {
    let names = Resource::new(
        || (),
        move |_| async move {
            if kind == "role" {
                roles_list()
                    .await
                    .map(|rows| rows.into_iter().map(|r| r.name).collect::<Vec<_>>())
            } else {
                groups_list().await.map(|rows| {
                    rows.into_iter()
                        .map(|GroupRowView { name, .. }| name)
                        .collect()
                })
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || names.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(rows) if rows.is_empty() => view! { <p class="muted">{format!("No {kind}s.")}</p> }.into_any(),
                Ok(rows) => view! {
                    <ul class="plain-list">
                        {rows.into_iter().map(|name| {
                            let (checked, toggled) = (name.clone(), name.clone());
                            view! {
                                <li><label class="checkbox">
                                    <input type="checkbox" data-testid=format!("choose-{kind}-{name}")
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
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn VersionsTab(policy: PolicyDetailView, change: ServerAction<ChangePolicy>) -> impl IntoView {
    let viewing = RwSignal::new(None::<(String, String)>);
    let versions = policy.versions.clone();
    let arn = policy.arn.clone();
    let editable = !policy.aws_managed;
    view! {
        <section class="panel" data-testid="versions-tab">
            <h2>{format!("Policy versions ({})", versions.as_ref().map_or(0, Vec::len))}</h2>
            <p class="muted">"A managed policy keeps up to five versions; one of them, the default, is in force."</p>
            {versions.as_ref().err().map(|message| view! { <ErrorBanner message=message.clone()/> })}
            <table class="table" data-testid="policy-versions">
                <thead><tr><th scope="col">"Version"</th><th scope="col">"Creation time"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {versions.unwrap_or_default().into_iter().map(|v| {
                        let (set_arn, delete_arn) = (arn.clone(), arn.clone());
                        let (set_id, delete_id) = (v.id.clone(), v.id.clone());
                        let shown = (v.id.clone(), v.document.clone());
                        view! {
                            <tr data-testid=format!("version-{}", v.id)>
                                <td>{if v.default { format!("{} (Default)", v.id) } else { v.id.clone() }}</td>
                                <td>{v.created.clone()}</td>
                                <td>
                                    <button type="button" class="btn btn-small" on:click=move |_| viewing.set(Some(shown.clone()))>"View"</button>
                                    {(editable && !v.default).then(|| view! {
                                        <button type="button" class="btn btn-small" data-testid=format!("set-default-{}", v.id)
                                            on:click=move |_| { change.dispatch(ChangePolicy { arn: set_arn.clone(), change: PolicyChange::SetDefault(set_id.clone()) }); }>"Set as default"</button>
                                        <button type="button" class="btn btn-small" data-testid=format!("delete-version-{}", v.id)
                                            on:click=move |_| { change.dispatch(ChangePolicy { arn: delete_arn.clone(), change: PolicyChange::DeleteVersion(delete_id.clone()) }); }>"Delete"</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || viewing.get().map(|(id, document)| view! {
                <h3>{format!("Version {id}")}</h3>
                <pre class="json-view" data-testid="version-document">{document}</pre>
            })}
        </section>
    }
}

#[component]
fn TagsTab(policy: PolicyDetailView, change: ServerAction<ChangePolicy>) -> impl IntoView {
    if policy.aws_managed {
        return view! {
            <section class="panel" data-testid="tags-tab">
                <h2>"Tags"</h2>
                <p class="muted">"AWS managed policies cannot be tagged."</p>
            </section>
        }
        .into_any();
    }
    let problem = policy.tags.as_ref().err().cloned();
    let arn = policy.arn.clone();
    let save = move |tags| {
        change.dispatch(ChangePolicy {
            arn: arn.clone(),
            change: PolicyChange::SetTags(tags),
        });
    };
    // Policy tag keys are case-sensitive.
    view! {
        <TagsSection tags=policy.tags.unwrap_or_default() on_save=save keys_ignore_case=false problem=problem/>
    }
    .into_any()
}
