//! The policy editor with its two views: the visual editor (permission blocks built from the
//! service reference, fetched from the server as services are chosen) and the JSON editor, with
//! switching between them and "Import managed policy".

pub mod model;

use leptos::prelude::*;

use crate::api::{
    ManagedPolicyDocument, ServiceDetail, ServiceOption, service_list, service_reference_for,
};
use crate::components::flash::ErrorBanner;
use crate::components::policy_json_editor::PolicyJsonEditor;
use crate::components::policy_picker::PolicyPicker;
use model::{Block, ConditionRow, append_statements, blocks, document};

/// The console's access levels, in its order.
const ACCESS_LEVELS: [&str; 5] = ["List", "Read", "Tagging", "Write", "Permissions management"];

/// Splits typed text into items at commas and line breaks.
fn items(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `${Variable}` names of an ARN template, in order.
fn template_variables(template: &str) -> Vec<String> {
    template
        .split("${")
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// The template with each variable replaced by its value (`*` when empty or not given).
fn build_arn(template: &str, values: &[(String, String)]) -> String {
    let mut arn = template.to_owned();
    for name in template_variables(template) {
        let given = values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.trim());
        let value = if name == "Partition" {
            "aws"
        } else if given.is_empty() {
            "*"
        } else {
            given
        };
        arn = arn.replace(&format!("${{{name}}}"), value);
    }
    arn
}

#[component]
pub fn PolicyEditor(text: RwSignal<String>) -> impl IntoView {
    let visual = RwSignal::new(false);
    let editor_blocks = RwSignal::new(Vec::<Block>::new());
    let switch_problem = RwSignal::new(None::<String>);
    let services = Resource::new(|| (), |_| service_list());
    let to_visual = move || match blocks(&text.get_untracked()) {
        Ok(found) => {
            editor_blocks.set(if found.is_empty() {
                vec![Block::new()]
            } else {
                found
            });
            switch_problem.set(None);
            visual.set(true);
        }
        Err(reason) => switch_problem.set(Some(reason)),
    };
    // While the visual editor is shown, the document follows its blocks.
    Effect::new(move |_| {
        if visual.get() {
            let written = editor_blocks.with(|b| document(b));
            if text.with_untracked(|t| *t != written) {
                text.set(written);
            }
        }
    });
    let importing = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let import = ServerAction::<ManagedPolicyDocument>::new();
    Effect::new(move |_| {
        if let Some(Ok(imported)) = import.value().get() {
            match append_statements(&text.get_untracked(), &imported) {
                Ok(merged) => {
                    text.set(merged.clone());
                    if visual.get_untracked() {
                        match blocks(&merged) {
                            Ok(found) => editor_blocks.set(found),
                            Err(reason) => {
                                visual.set(false);
                                switch_problem.set(Some(format!(
                                    "The imported statements are shown in the JSON editor: {reason}"
                                )));
                            }
                        }
                    }
                }
                Err(reason) => switch_problem.set(Some(reason)),
            }
        }
    });
    let block_count = Memo::new(move |_| editor_blocks.with(Vec::len));
    view! {
        <div class="policy-editor">
            <div class="page-header">
                <div class="tabs" role="group" aria-label="Policy editor">
                    <button type="button" class="btn btn-small" data-testid="editor-visual" aria-pressed=move || visual.get().to_string()
                        on:click=move |_| if !visual.get_untracked() { to_visual() }>"Visual"</button>
                    <button type="button" class="btn btn-small" data-testid="editor-json" aria-pressed=move || (!visual.get()).to_string()
                        on:click=move |_| { switch_problem.set(None); visual.set(false); }>"JSON"</button>
                </div>
                <button type="button" class="btn btn-small" data-testid="import-policy" on:click=move |_| importing.set(true)>"Import managed policy"</button>
            </div>
            {move || switch_problem.get().map(|message| view! { <p class="field-error" role="alert" data-testid="editor-switch-problem">{message}</p> })}
            <Show when=move || visual.get() fallback=move || view! { <PolicyJsonEditor text/> }>
                // Keyed by position, so adding or removing a block keeps the others' views.
                <For each=move || 0..block_count.get() key=|index| *index let:index>
                    <BlockEditor blocks=editor_blocks index services/>
                </For>
                <button type="button" class="btn" data-testid="add-block"
                    on:click=move |_| editor_blocks.update(|b| b.push(Block::new()))>"Add more permissions"</button>
            </Show>
        </div>
        <Show when=move || importing.get()>
            <div class="modal-backdrop">
                <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="import-title">
                    <h2 id="import-title">"Import managed policy"</h2>
                    <p class="muted">"Its statements are added to this policy."</p>
                    <PolicyPicker selected=chosen single=true id="import" offer_create=false/>
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| importing.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="import-submit"
                            disabled=move || chosen.with(Vec::is_empty)
                            on:click=move |_| {
                                if let Some(arn) = chosen.get_untracked().first().cloned() {
                                    import.dispatch(ManagedPolicyDocument { arn });
                                }
                                importing.set(false);
                            }>"Import"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// One permission block: service, actions, resources, request conditions.
#[component]
fn BlockEditor(
    blocks: RwSignal<Vec<Block>>,
    index: usize,
    services: Resource<Result<Vec<ServiceOption>, crate::error::ConsoleError>>,
) -> impl IntoView {
    let service = Memo::new(move |_| blocks.with(|b| b.get(index).and_then(|x| x.service.clone())));
    let detail = Resource::new(
        move || service.get(),
        |prefix| async move {
            match prefix {
                Some(prefix) => service_reference_for(prefix).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let deny = move || blocks.with(|b| b.get(index).is_some_and(|x| x.deny));
    let problem = move || blocks.with(|b| b.get(index).and_then(Block::problem));
    view! {
        <section class="panel permission-block" class:deny-block=deny data-testid=format!("block-{index}")>
            <div class="page-header">
                <h2>{move || match service.get() { Some(prefix) => format!("{} permissions: {prefix}", if deny() { "Deny" } else { "Allow" }), None => "Choose a service".to_owned() }}</h2>
                <div class="actions">
                    <button type="button" class="btn btn-small" data-testid=format!("block-{index}-effect")
                        on:click=move |_| blocks.update(|b| if let Some(x) = b.get_mut(index) { x.deny = !x.deny; })>
                        {move || if deny() { "Switch to allow permissions" } else { "Switch to deny permissions" }}</button>
                    <button type="button" class="btn btn-small" on:click=move |_| blocks.update(|b| { if let Some(copy) = b.get(index).cloned() { b.insert(index + 1, copy); } })>"Clone"</button>
                    <button type="button" class="btn btn-small" data-testid=format!("block-{index}-remove")
                        on:click=move |_| blocks.update(|b| { if index < b.len() { b.remove(index); } })>"Remove"</button>
                </div>
            </div>
            <ServiceChooser blocks index services/>
            <Transition fallback=|| view! { <p class="muted">"Loading the service…"</p> }>
                {move || detail.get().map(|result| match result {
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(detail)) => view! {
                        <ActionsPanel blocks index detail=detail.clone()/>
                        <ResourcesPanel blocks index detail=detail.clone()/>
                        <ConditionsPanel blocks index detail/>
                    }.into_any(),
                })}
            </Transition>
            {move || problem().map(|message| view! { <p class="muted small" data-testid=format!("block-{index}-problem")>{message}</p> })}
        </section>
    }
}

#[component]
fn ServiceChooser(
    blocks: RwSignal<Vec<Block>>,
    index: usize,
    services: Resource<Result<Vec<ServiceOption>, crate::error::ConsoleError>>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let changing = RwSignal::new(false);
    let chosen = move || blocks.with(|b| b.get(index).and_then(|x| x.service.clone()));
    let pick = move |prefix: String| {
        blocks.update(|b| {
            if let Some(block) = b.get_mut(index) {
                *block = Block {
                    service: Some(prefix),
                    deny: block.deny,
                    ..Block::new()
                };
            }
        });
        changing.set(false);
        search.set(String::new());
    };
    let search_id = format!("block-{index}-service-search");
    view! {
        <div class="service-chooser">
            <Show when=move || chosen().is_none() || changing.get() fallback=move || view! {
                <p>"Service: " <strong data-testid=format!("block-{index}-service")>{chosen}</strong> " "
                    <button type="button" class="btn-text" on:click=move |_| changing.set(true)>"Change"</button></p>
            }>
                <label for=search_id.clone()>"Choose a service"</label>
                <input id=search_id.clone() type="search" class="search" data-testid=search_id.clone() placeholder="Search services"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <Transition fallback=|| view! { <p class="muted">"Loading services…"</p> }>
                    {move || services.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(all) => {
                            let needle = search.get().to_lowercase();
                            let shown: Vec<ServiceOption> = all.into_iter()
                                .filter(|s| needle.is_empty() || s.prefix.contains(&needle) || s.name.to_lowercase().contains(&needle))
                                .take(12)
                                .collect();
                            view! {
                                <ul class="plain-list service-options">
                                    {shown.into_iter().map(|s| {
                                        let prefix = s.prefix.clone();
                                        view! { <li><button type="button" class="btn-text" data-testid=format!("choose-service-{}", s.prefix)
                                            on:click=move |_| pick(prefix.clone())>{format!("{} ({})", s.name, s.prefix)}</button></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}

#[component]
fn ActionsPanel(
    blocks: RwSignal<Vec<Block>>,
    index: usize,
    detail: ServiceDetail,
) -> impl IntoView {
    let expanded = RwSignal::new(Vec::<&'static str>::new());
    let all_actions = move || blocks.with(|b| b.get(index).is_some_and(|x| x.all_actions));
    let has = move |name: &str| {
        blocks.with(|b| {
            b.get(index)
                .is_some_and(|x| x.actions.iter().any(|a| a == name))
        })
    };
    let set_actions = move |names: Vec<String>, on: bool| {
        blocks.update(|b| {
            if let Some(block) = b.get_mut(index) {
                block.actions.retain(|a| !names.contains(a));
                if on {
                    block.actions.extend(names);
                }
            }
        })
    };
    let prefix = detail.prefix.clone();
    let typed_id = format!("block-{index}-typed-actions");
    view! {
        <fieldset class="stack actions-panel">
            <legend>"Actions allowed"</legend>
            <label class="checkbox"><input type="checkbox" data-testid=format!("block-{index}-all-actions")
                prop:checked=all_actions
                on:change=move |ev| { let on = event_target_checked(&ev); blocks.update(|b| if let Some(x) = b.get_mut(index) { x.all_actions = on; }); }/>
                {format!("All {prefix} actions ({prefix}:*)")}</label>
            <Show when=move || !all_actions()>
                {ACCESS_LEVELS.into_iter().map(|level| {
                    let names: Vec<String> = detail.actions.iter().filter(|a| a.access_level == level).map(|a| a.name.clone()).collect();
                    if names.is_empty() {
                        return ().into_any();
                    }
                    let count = names.len();
                    let (group_names, toggle_names) = (names.clone(), names.clone());
                    let level_id = level.replace(' ', "-").to_lowercase();
                    view! {
                        <div class="access-level">
                            <label class="checkbox">
                                <input type="checkbox" data-testid=format!("block-{index}-level-{level_id}")
                                    prop:checked=move || group_names.iter().all(|n| has(n))
                                    on:change=move |ev| set_actions(toggle_names.clone(), event_target_checked(&ev))/>
                                <strong>{format!("{level} ({count})")}</strong>
                            </label>
                            <button type="button" class="btn-text" data-testid=format!("block-{index}-expand-{level_id}")
                                aria-expanded=move || expanded.with(|e| e.contains(&level)).to_string()
                                on:click=move |_| expanded.update(|e| if e.contains(&level) { e.retain(|l| *l != level) } else { e.push(level) })>
                                {move || if expanded.with(|e| e.contains(&level)) { "Hide actions" } else { "Show actions" }}</button>
                            <Show when=move || expanded.with(|e| e.contains(&level))>
                                <ul class="plain-list action-list">
                                    {names.clone().into_iter().map(|name| {
                                        let (checked, toggled) = (name.clone(), name.clone());
                                        view! { <li><label class="checkbox"><input type="checkbox" data-testid=format!("block-{index}-action-{name}")
                                            prop:checked=move || has(&checked)
                                            on:change=move |ev| set_actions(vec![toggled.clone()], event_target_checked(&ev))/>{name.clone()}</label></li> }
                                    }).collect_view()}
                                </ul>
                            </Show>
                        </div>
                    }.into_any()
                }).collect_view()}
                <label for=typed_id.clone()>"Add actions by name (comma separated, wildcards allowed, such as Get*)"</label>
                <input id=typed_id.clone() type="text" data-testid=typed_id.clone()
                    prop:value=move || blocks.with(|b| b.get(index).map(|x| x.typed_actions.join(", ")).unwrap_or_default())
                    on:change=move |ev| { let typed = items(&event_target_value(&ev)); blocks.update(|b| if let Some(x) = b.get_mut(index) { x.typed_actions = typed; }); }/>
            </Show>
        </fieldset>
    }
}

#[component]
fn ResourcesPanel(
    blocks: RwSignal<Vec<Block>>,
    index: usize,
    detail: ServiceDetail,
) -> impl IntoView {
    let all = move || blocks.with(|b| b.get(index).is_some_and(|x| x.all_resources));
    let set_all = move |on: bool| {
        blocks.update(|b| {
            if let Some(x) = b.get_mut(index) {
                x.all_resources = on;
            }
        })
    };
    let add = move |arn: String| {
        blocks.update(|b| {
            if let Some(x) = b.get_mut(index)
                && !x.resources.contains(&arn)
            {
                x.resources.push(arn);
            }
        })
    };
    // The resource types the chosen actions take (all of the service's for wildcards).
    let detail = StoredValue::new(detail);
    let types = move || {
        blocks.with(|b| {
            let Some(block) = b.get(index) else {
                return Vec::new();
            };
            detail
                .try_with_value(|d| {
                    let wanted: Vec<&str> = if block.all_actions || !block.typed_actions.is_empty()
                    {
                        d.resource_types.iter().map(|r| r.name.as_str()).collect()
                    } else {
                        d.actions
                            .iter()
                            .filter(|a| block.actions.contains(&a.name))
                            .flat_map(|a| a.resource_types.iter().map(String::as_str))
                            .collect()
                    };
                    d.resource_types
                        .iter()
                        .filter(|r| wanted.contains(&r.name.as_str()))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let manual = RwSignal::new(String::new());
    let manual_id = format!("block-{index}-manual-arn");
    view! {
        <fieldset class="stack resources-panel">
            <legend>"Resources"</legend>
            <label class="checkbox"><input type="radio" name=format!("block-{index}-resources") data-testid=format!("block-{index}-all-resources")
                prop:checked=all on:change=move |_| set_all(true)/>"All resources"</label>
            <label class="checkbox"><input type="radio" name=format!("block-{index}-resources") data-testid=format!("block-{index}-specific")
                prop:checked=move || !all() on:change=move |_| set_all(false)/>"Specific"</label>
            <Show when=move || !all()>
                {move || {
                    let found = types();
                    if found.is_empty() {
                        return view! { <p class="muted small">"The chosen actions take no specific resource type; add ARNs by hand below."</p> }.into_any();
                    }
                    found.into_iter().map(|resource_type| view! {
                        <ArnBuilder index resource_type on_add=add/>
                    }).collect_view().into_any()
                }}
                <label for=manual_id.clone()>"Add an ARN by hand"</label>
                <div class="copy-row">
                    <input id=manual_id.clone() type="text" data-testid=manual_id.clone()
                        prop:value=move || manual.get() on:input=move |ev| manual.set(event_target_value(&ev))/>
                    <button type="button" class="btn btn-small" on:click=move |_| { let arn = manual.get_untracked(); if !arn.trim().is_empty() { add(arn.trim().to_owned()); manual.set(String::new()); } }>"Add"</button>
                </div>
                <ul class="plain-list" data-testid=format!("block-{index}-resources")>
                    {move || blocks.with(|b| b.get(index).map(|x| x.resources.clone()).unwrap_or_default()).into_iter().map(|arn| {
                        let removed = arn.clone();
                        view! { <li><code>{arn}</code>" "<button type="button" class="btn-text"
                            on:click=move |_| blocks.update(|b| if let Some(x) = b.get_mut(index) { x.resources.retain(|r| *r != removed); })>"Remove"</button></li> }
                    }).collect_view()}
                </ul>
            </Show>
        </fieldset>
    }
}

/// One resource type's row: "Any" or an ARN built from its template's fields.
#[component]
fn ArnBuilder(
    index: usize,
    resource_type: crate::api::ServiceResourceType,
    on_add: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let variables: Vec<String> = template_variables(&resource_type.arn_template)
        .into_iter()
        .filter(|v| v != "Partition")
        .collect();
    let values = RwSignal::new(
        variables
            .iter()
            .map(|v| (v.clone(), String::new()))
            .collect::<Vec<_>>(),
    );
    let open = RwSignal::new(false);
    let template = resource_type.arn_template.clone();
    let preview_template = template.clone();
    let preview = move || values.with(|v| build_arn(&preview_template, v));
    let name = resource_type.name.clone();
    let (preview_id, add_id) = (
        format!("block-{index}-{name}-preview"),
        format!("block-{index}-{name}-add"),
    );
    let (add_any, add_built) = (on_add.clone(), on_add);
    let any_template = template.clone();
    view! {
        <div class="arn-builder" data-testid=format!("block-{index}-type-{name}")>
            <strong>{name.clone()}</strong>" "
            <button type="button" class="btn btn-small" data-testid=format!("block-{index}-any-{name}")
                on:click=move |_| add_any(build_arn(&any_template, &[]))>"Any"</button>
            <button type="button" class="btn btn-small" data-testid=format!("block-{index}-add-arn-{name}")
                on:click=move |_| open.update(|o| *o = !*o)>"Add ARN"</button>
            <Show when=move || open.get()>
                {variables.clone().into_iter().enumerate().map(|(i, variable)| {
                    let id = format!("block-{index}-{}-{variable}", resource_type.name);
                    view! {
                        <label for=id.clone()>{format!("{variable} (empty for any)")}</label>
                        <input id=id.clone() type="text" data-testid=id.clone()
                            prop:value=move || values.with(|v| v[i].1.clone())
                            on:input=move |ev| { let x = event_target_value(&ev); values.update(|v| v[i].1 = x); }/>
                    }
                }).collect_view()}
                <p>"ARN: " <code data-testid=preview_id.clone()>{preview.clone()}</code></p>
                <button type="button" class="btn btn-small" data-testid=add_id.clone()
                    on:click={
                        let template = template.clone();
                        let add = add_built.clone();
                        move |_| { add(values.with_untracked(|v| build_arn(&template, v))); open.set(false); }
                    }>"Add ARN"</button>
            </Show>
        </div>
    }
}

#[component]
fn ConditionsPanel(
    blocks: RwSignal<Vec<Block>>,
    index: usize,
    detail: ServiceDetail,
) -> impl IntoView {
    let mfa = move || blocks.with(|b| b.get(index).is_some_and(|x| x.require_mfa));
    let ips = move || {
        blocks.with(|b| {
            b.get(index)
                .map(|x| x.source_ips.join(", "))
                .unwrap_or_default()
        })
    };
    let key = RwSignal::new(String::new());
    let qualifier = RwSignal::new(String::new());
    let operator = RwSignal::new("StringEquals".to_owned());
    let if_exists = RwSignal::new(false);
    let values = RwSignal::new(String::new());
    let list_id = format!("block-{index}-condition-keys");
    let add = move |_| {
        let row = ConditionRow {
            qualifier: qualifier.get_untracked(),
            operator: format!(
                "{}{}",
                operator.get_untracked(),
                if if_exists.get_untracked() {
                    "IfExists"
                } else {
                    ""
                }
            ),
            key: key.get_untracked().trim().to_owned(),
            values: items(&values.get_untracked()),
        };
        if row.key.is_empty() || row.values.is_empty() {
            return;
        }
        blocks.update(|b| {
            if let Some(x) = b.get_mut(index) {
                x.conditions.push(row);
            }
        });
        key.set(String::new());
        values.set(String::new());
    };
    view! {
        <fieldset class="stack conditions-panel">
            <legend>"Request conditions - optional"</legend>
            <label class="checkbox"><input type="checkbox" data-testid=format!("block-{index}-mfa") prop:checked=mfa
                on:change=move |ev| { let on = event_target_checked(&ev); blocks.update(|b| if let Some(x) = b.get_mut(index) { x.require_mfa = on; }); }/>
                "MFA required"</label>
            <label for=format!("block-{index}-source-ip")>"Source IP (CIDR ranges, comma separated; empty for any)"</label>
            <input id=format!("block-{index}-source-ip") type="text" data-testid=format!("block-{index}-source-ip")
                prop:value=ips
                on:change=move |ev| { let typed = items(&event_target_value(&ev)); blocks.update(|b| if let Some(x) = b.get_mut(index) { x.source_ips = typed; }); }/>
            <ul class="plain-list" data-testid=format!("block-{index}-conditions")>
                {move || blocks.with(|b| b.get(index).map(|x| x.conditions.clone()).unwrap_or_default()).into_iter().enumerate().map(|(i, row)| view! {
                    <li><code>{format!("{}{} {}: {}", if row.qualifier.is_empty() { String::new() } else { format!("{}:", row.qualifier) }, row.operator, row.key, row.values.join(", "))}</code>" "
                        <button type="button" class="btn-text" on:click=move |_| blocks.update(|b| if let Some(x) = b.get_mut(index) { x.conditions.remove(i); })>"Remove"</button></li>
                }).collect_view()}
            </ul>
            <div class="condition-form">
                <label for=format!("block-{index}-condition-key")>"Condition key"</label>
                <input id=format!("block-{index}-condition-key") type="text" list=list_id.clone() data-testid=format!("block-{index}-condition-key")
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                <datalist id=list_id.clone()>
                    {detail.condition_keys.iter().map(|k| view! { <option value=k.clone()></option> }).collect_view()}
                </datalist>
                <label for=format!("block-{index}-qualifier")>"Qualifier"</label>
                <select id=format!("block-{index}-qualifier") data-testid=format!("block-{index}-qualifier") on:change=move |ev| qualifier.set(event_target_value(&ev))>
                    <option value="">"Default"</option>
                    <option value="ForAnyValue">"For any value in request"</option>
                    <option value="ForAllValues">"For all values in request"</option>
                </select>
                <label for=format!("block-{index}-operator")>"Operator"</label>
                <select id=format!("block-{index}-operator") data-testid=format!("block-{index}-operator") on:change=move |ev| operator.set(event_target_value(&ev))>
                    {iam::policy::conditions::operator_names().map(|o| view! { <option value=o>{o}</option> }).collect_view()}
                </select>
                <label class="checkbox"><input type="checkbox" prop:checked=move || if_exists.get()
                    on:change=move |ev| if_exists.set(event_target_checked(&ev))/>"If exists"</label>
                <label for=format!("block-{index}-condition-values")>"Values (comma separated)"</label>
                <input id=format!("block-{index}-condition-values") type="text" data-testid=format!("block-{index}-condition-values")
                    prop:value=move || values.get() on:input=move |ev| values.set(event_target_value(&ev))/>
                <button type="button" class="btn btn-small" data-testid=format!("block-{index}-add-condition") on:click=add>"Add condition"</button>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_templates_fill_their_variables() {
        let template = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
        assert_eq!(
            template_variables(template),
            ["Partition", "Account", "UserNameWithPath"]
        );
        let values = vec![
            ("Account".to_owned(), "123456789012".to_owned()),
            ("UserNameWithPath".to_owned(), String::new()),
        ];
        assert_eq!(
            build_arn(template, &values),
            "arn:aws:iam::123456789012:user/*"
        );
        assert_eq!(build_arn(template, &[]), "arn:aws:iam::*:user/*");
        assert_eq!(items("a, b\nc,,"), ["a", "b", "c"]);
    }
}
