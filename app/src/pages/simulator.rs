//! The policy simulator: pick a user, group or role (or paste policies), list actions and a
//! resource, and see whether each action is allowed and which statement decided it — the same
//! answer as `SimulatePrincipalPolicy` / `SimulateCustomPolicy`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{RunSimulation, SimulationSubject, groups_list, roles_list, user_names};
use crate::components::flash::ErrorBanner;

fn verdict(decision: &str) -> &'static str {
    match decision {
        "allowed" => "Allowed",
        "explicitDeny" => "Denied (explicit deny)",
        _ => "Denied (implicitly)",
    }
}

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let kind = RwSignal::new("User".to_owned());
    let name = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let actions = RwSignal::new(String::new());
    let resource = RwSignal::new("*".to_owned());
    let run = ServerAction::<RunSimulation>::new();
    let names = Resource::new(
        move || kind.get(),
        |kind| async move {
            match kind.as_str() {
                "User" => user_names().await,
                "Group" => groups_list()
                    .await
                    .map(|rows| rows.into_iter().map(|r| r.name).collect()),
                "Role" => roles_list()
                    .await
                    .map(|rows| rows.into_iter().map(|r| r.name).collect()),
                _ => Ok(Vec::new()),
            }
        },
    );
    let ready = move || {
        actions.with(|a| a.lines().any(|l| !l.trim().is_empty()))
            && if kind.get() == "Policies" {
                pasted.with(|p| !p.trim().is_empty())
            } else {
                name.with(|n| !n.is_empty())
            }
    };
    let submit = move |_| {
        let subject = if kind.get_untracked() == "Policies" {
            SimulationSubject::Policies(vec![pasted.get_untracked()])
        } else {
            SimulationSubject::Entity {
                kind: kind.get_untracked(),
                name: name.get_untracked(),
            }
        };
        run.dispatch(RunSimulation {
            subject,
            actions: actions.get_untracked().lines().map(str::to_owned).collect(),
            resource: resource.get_untracked(),
        });
    };
    view! {
        <Title text="Policy simulator"/>
        <h1>"Policy simulator"</h1>
        <p class="muted">"Test whether a user, group or role — or a policy you paste — allows actions on a resource. Nothing is changed."</p>
        <section class="panel">
            <h2>"Policies to simulate"</h2>
            <label for="sim-kind">"Simulate"</label>
            <select id="sim-kind" data-testid="sim-kind" on:change=move |ev| { kind.set(event_target_value(&ev)); name.set(String::new()); }>
                <option value="User">"A user"</option>
                <option value="Group">"A user group"</option>
                <option value="Role">"A role"</option>
                <option value="Policies">"Policies I paste"</option>
            </select>
            <Show when=move || kind.get() != "Policies" fallback=move || view! {
                <label for="sim-policy">"Policy document (JSON)"</label>
                <textarea id="sim-policy" class="json-editor" rows="10" data-testid="sim-policy"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            }>
                <label for="sim-name">"Name"</label>
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || names.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(list) => view! {
                            <select id="sim-name" data-testid="sim-name" on:change=move |ev| name.set(event_target_value(&ev))>
                                <option value="">"Choose…"</option>
                                {list.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                            </select>
                        }.into_any(),
                    })}
                </Transition>
            </Show>
        </section>
        <section class="panel">
            <h2>"Actions and resource"</h2>
            <label for="sim-actions">"Actions, one per line (for example iam:CreateUser)"</label>
            <textarea id="sim-actions" rows="5" data-testid="sim-actions"
                prop:value=move || actions.get() on:input=move |ev| actions.set(event_target_value(&ev))></textarea>
            <label for="sim-resource">"Resource ARN"</label>
            <input id="sim-resource" type="text" data-testid="sim-resource"
                prop:value=move || resource.get() on:input=move |ev| resource.set(event_target_value(&ev))/>
            <div class="wizard-buttons">
                <button type="button" class="btn btn-primary" data-testid="sim-run"
                    disabled=move || !ready() || run.pending().get() on:click=submit>"Run simulation"</button>
            </div>
        </section>
        {move || run.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(rows) => view! {
                <section class="panel">
                    <h2>"Results"</h2>
                    <table class="table" data-testid="sim-results">
                        <thead><tr><th scope="col">"Action"</th><th scope="col">"Resource"</th><th scope="col">"Permission"</th><th scope="col">"Matched statements"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr data-testid=format!("sim-{}", row.action)>
                                    <td>{row.action.clone()}</td>
                                    <td>{row.resource}</td>
                                    <td data-decision=row.decision.clone()>{verdict(&row.decision)}</td>
                                    <td>{if row.matched.is_empty() { "-".to_owned() } else { row.matched.join("; ") }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }.into_any(),
        })}
    }
}
