//! Creating a customer managed policy and editing one: the JSON editor, then a review with the
//! policy summary. Creating asks for the name, description and tags; saving an edit makes a
//! new default version, asking which version to remove when five exist.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use iam::model::names::{NameKind, validate_name};
use iam::policy::PolicyKind;

use crate::api::{
    ChangePolicy, CreateManagedPolicy, PolicyChange, VersionView, policy_detail, summarize_policy,
};
use crate::components::download::percent_encode;
use crate::components::flash::ErrorBanner;
use crate::components::policy_json_editor::{MANAGED_POLICY_SIZE, document_problem};
use crate::components::policy_summary::PolicySummaryTable;
use crate::components::tag_editor::{TagEditor, tag_errors};
use crate::components::visual_editor::PolicyEditor;

const STARTER: &str = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}";

/// The most versions a managed policy keeps.
const MAX_VERSIONS: usize = 5;

fn problem(text: &str) -> Option<String> {
    document_problem(text, PolicyKind::Managed, MANAGED_POLICY_SIZE)
}

/// Step 2 of both flows: the summary of the document as written.
#[component]
fn ReviewSummary(text: RwSignal<String>) -> impl IntoView {
    let summary = Resource::new(move || text.get(), summarize_policy);
    view! {
        <section class="panel">
            <h2>"Permissions defined in this policy"</h2>
            <Transition fallback=|| view! { <p class="muted">"Summarizing…"</p> }>
                {move || summary.get().map(|result| match result {
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                    Ok(summary) => view! { <PolicySummaryTable summary/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn CreatePolicyPage() -> impl IntoView {
    let text = RwSignal::new(STARTER.to_owned());
    let step = RwSignal::new(1u8);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let tags = RwSignal::new(Vec::<(String, String)>::new());
    let create = ServerAction::<CreateManagedPolicy>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            navigate(
                &format!(
                    "/iam/policies?created={}",
                    percent_encode(&name.get_untracked())
                ),
                Default::default(),
            );
        }
    });
    let name_error = move || {
        name.with(|n| {
            (!n.is_empty())
                .then(|| validate_name(NameKind::Policy, "policyName", n).err())
                .flatten()
                .map(|e| e.message)
        })
    };
    let description_error = move || {
        description.with(|d| {
            (d.chars().count() > 1000)
                .then(|| "The description can have at most 1,000 characters.".to_owned())
        })
    };
    let invalid = move || {
        name.with(String::is_empty)
            || name_error().is_some()
            || description_error().is_some()
            || tags.with(|t| tag_errors(t, false).iter().any(Option::is_some))
            || create.pending().get()
    };
    view! {
        <Title text="Create policy"/>
        <p class="breadcrumbs"><a href="/iam/policies">"Policies"</a> " › Create policy"</p>
        <h1>"Create policy"</h1>
        <ol class="steps">
            <li aria-current=move || (step.get() == 1).then_some("step")>"Specify permissions"</li>
            <li aria-current=move || (step.get() == 2).then_some("step")>"Review and create"</li>
        </ol>
        <Show when=move || step.get() == 1>
            <section class="panel">
                <h2>"Specify permissions"</h2>
                <PolicyEditor text/>
            </section>
            <div class="wizard-buttons">
                <a class="btn" href="/iam/policies">"Cancel"</a>
                <button type="button" class="btn btn-primary" data-testid="policy-next"
                    disabled=move || text.with(|t| problem(t).is_some())
                    on:click=move |_| step.set(2)>"Next"</button>
            </div>
        </Show>
        <Show when=move || step.get() == 2>
            <section class="panel">
                <h2>"Policy details"</h2>
                <label for="policy-name">"Policy name"</label>
                <input id="policy-name" type="text" data-testid="policy-name-input" maxlength=NameKind::Policy.max_len()
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="muted small">{format!("Maximum {} characters. Use alphanumeric and '+=,.@-_' characters.", NameKind::Policy.max_len())}</p>
                {move || name_error().map(|e| view! { <p class="field-error" role="alert" data-testid="policy-name-error">{e}</p> })}
                <label for="policy-description">"Description - optional"</label>
                <textarea id="policy-description" rows="3" data-testid="policy-description"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                {move || description_error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </section>
            <ReviewSummary text/>
            <section class="panel">
                <h2>"Add tags - " <span class="muted">"optional"</span></h2>
                <TagEditor tags keys_ignore_case=false/>
            </section>
            {move || create.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
            <div class="wizard-buttons">
                <button type="button" class="btn" data-testid="policy-previous" on:click=move |_| step.set(1)>"Previous"</button>
                <button type="button" class="btn btn-primary" data-testid="create-policy-submit" disabled=invalid
                    on:click=move |_| {
                        create.dispatch(CreateManagedPolicy {
                            name: name.get_untracked(),
                            description: description.get_untracked(),
                            document: text.get_untracked(),
                            tags: tags.get_untracked(),
                        });
                    }>"Create policy"</button>
            </div>
        </Show>
    }
}

#[component]
pub fn EditPolicyPage() -> impl IntoView {
    let query = use_query_map();
    let arn = move || query.read().get("arn").unwrap_or_default();
    let detail = Resource::new(arn, policy_detail);
    view! {
        <Title text="Edit policy"/>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading policy…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(policy) if policy.aws_managed => view! {
                    <ErrorBanner message="AWS managed policies cannot be edited."/>
                }.into_any(),
                Ok(policy) => view! {
                    <PolicyEdit arn=policy.arn name=policy.name document=policy.document
                        versions=policy.versions.unwrap_or_default()/>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PolicyEdit(
    arn: String,
    name: String,
    document: String,
    versions: Vec<VersionView>,
) -> impl IntoView {
    let text = RwSignal::new(document);
    let step = RwSignal::new(1u8);
    let choosing = RwSignal::new(false);
    let save = ServerAction::<ChangePolicy>::new();
    let details = format!("/iam/policies/details?arn={}", percent_encode(&arn));
    let navigate = use_navigate();
    let back = details.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            navigate(&format!("{back}&tab=versions"), Default::default());
        }
    });
    // Versions that may make room, oldest first.
    let mut removable: Vec<String> = versions
        .iter()
        .filter(|v| !v.default)
        .map(|v| v.id.clone())
        .collect();
    removable.sort_by_key(|id| id.trim_start_matches('v').parse::<u32>().unwrap_or(0));
    let full = versions.len() >= MAX_VERSIONS;
    let remove = RwSignal::new(removable.first().cloned());
    let submit = {
        let arn = arn.clone();
        move || {
            save.dispatch(ChangePolicy {
                arn: arn.clone(),
                change: PolicyChange::SaveVersion {
                    document: text.get_untracked(),
                    remove_first: if full { remove.get_untracked() } else { None },
                },
            });
        }
    };
    let submit_now = submit.clone();
    view! {
        <p class="breadcrumbs"><a href="/iam/policies">"Policies"</a> " › " <a href=details.clone()>{name.clone()}</a> " › Edit"</p>
        <h1>{format!("Edit {name}")}</h1>
        <Show when=move || step.get() == 1>
            <section class="panel">
                <h2>"Modify permissions"</h2>
                <PolicyEditor text/>
            </section>
            <div class="wizard-buttons">
                <a class="btn" href=details.clone()>"Cancel"</a>
                <button type="button" class="btn btn-primary" data-testid="policy-next"
                    disabled=move || text.with(|t| problem(t).is_some())
                    on:click=move |_| step.set(2)>"Next"</button>
            </div>
        </Show>
        <Show when=move || step.get() == 2>
            <ReviewSummary text/>
            {move || save.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
            <div class="wizard-buttons">
                <button type="button" class="btn" on:click=move |_| step.set(1)>"Previous"</button>
                <button type="button" class="btn btn-primary" data-testid="save-policy"
                    disabled=move || save.pending().get()
                    on:click={
                        let submit = submit_now.clone();
                        move |_| if full { choosing.set(true) } else { submit() }
                    }>"Save changes"</button>
            </div>
        </Show>
        <Show when=move || choosing.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="versions-full-title">
                    <h2 id="versions-full-title">"Policy version limit reached"</h2>
                    <p>"A managed policy keeps at most five versions. Choose the version to remove to make room for the new default version."</p>
                    <ul class="plain-list">
                        {removable.clone().into_iter().map(|id| {
                            let (checked, chosen) = (id.clone(), id.clone());
                            view! {
                                <li><label class="checkbox">
                                    <input type="radio" name="remove-version" data-testid=format!("remove-{id}")
                                        prop:checked=move || remove.with(|r| r.as_deref() == Some(checked.as_str()))
                                        on:change=move |_| remove.set(Some(chosen.clone()))/>
                                    {format!("Remove version {id}")}
                                </label></li>
                            }
                        }).collect_view()}
                    </ul>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| choosing.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="remove-and-save"
                            on:click={
                                let submit = submit.clone();
                                move |_| { choosing.set(false); submit(); }
                            }>"Remove version and save"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
