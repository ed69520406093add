//! The policies list: every AWS managed and customer managed policy, filtered by type and use,
//! searched by name, in pages; **Actions** on the selected policy, and deletion of customer
//! managed ones with the console's cascade.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use iam::model::arn::parse_policy_arn;

use crate::api::{DeletePolicies, POLICY_PAGE_SIZE, PolicyChoice, policy_choices};
use crate::components::deletion::{
    ConfirmDelete, DeleteResults, ListActions, ListDeletion, SelectRow, consequence,
};
use crate::components::download::percent_encode;
use crate::components::flash::{ErrorBanner, SuccessBanner};

/// The link to a policy's page.
pub fn policy_href(arn: &str) -> String {
    format!("/iam/policies/details?arn={}", percent_encode(arn))
}

/// Whether `arn` names an AWS managed policy (read-only: it cannot be deleted).
fn is_aws_managed(arn: &str) -> bool {
    parse_policy_arn(arn).is_ok_and(|policy| policy.is_aws_managed())
}

/// The list's **Actions** menu: attach the one selected policy, detach it, or use it as a
/// permissions boundary, each on the policy's Entities tab.
#[component]
fn PolicyActions(selected: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let single = move || selected.with(|s| (s.len() == 1).then(|| s[0].1.clone()));
    let item = move |label: &'static str, testid: &'static str, suffix: &'static str| {
        let navigate = navigate.clone();
        view! {
            <button type="button" role="menuitem" data-testid=testid disabled=move || single().is_none()
                on:click=move |_| {
                    if let Some(arn) = single() {
                        open.set(false);
                        navigate(&format!("{}&tab=entities{suffix}", policy_href(&arn)), Default::default());
                    }
                }>{label}</button>
        }
    };
    view! {
        <div class="menu-wrap">
            <button type="button" class="btn" data-testid="policy-actions" aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Actions ▾"</button>
            <Show when=move || open.get()>
                <div class="menu" role="menu" aria-label="Policy actions">
                    {item("Attach", "action-attach", "&action=attach")}
                    {item("Detach", "action-detach", "")}
                    {item("Set as permissions boundary", "action-boundary", "&action=boundary")}
                </div>
            </Show>
        </div>
    }
}

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let kind = RwSignal::new("all".to_owned());
    let usage = RwSignal::new("all".to_owned());
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0u32);
    let deletion = ListDeletion::<(String, String)>::default();
    let ListDeletion {
        refresh,
        selected,
        confirming,
    } = deletion;
    let query = use_query_map();
    let created = move || query.read().get("created");
    let policies = Resource::new(
        move || {
            (
                kind.get(),
                usage.get(),
                search.get(),
                page.get(),
                refresh.get(),
            )
        },
        |(kind, usage, search, page, _)| policy_choices(kind, usage, search, page, false),
    );
    let delete = ServerAction::<DeletePolicies>::new();
    deletion.settle_after(delete.value());
    let filter = move |signal: RwSignal<String>| {
        move |ev| {
            signal.set(event_target_value(&ev));
            page.set(0);
        }
    };
    view! {
        <Title text="Policies"/>
        <div class="page-header">
            <h1>"Policies " <span class="muted" data-testid="policies-count">
                <Transition fallback=|| "">
                    {move || policies.get().map(|r| format!("({})", r.map_or(0, |v| v.total)))}
                </Transition>
            </span></h1>
            <ListActions deletion delete_testid="delete-policies"
                deletable=Signal::derive(move || selected.with(|s| s.iter().all(|(_, arn)| !is_aws_managed(arn))))>
                <PolicyActions selected/>
                <a class="btn btn-primary-link" href="/iam/policies/create" data-testid="create-policy">"Create policy"</a>
            </ListActions>
        </div>
        {move || created().map(|name| view! { <SuccessBanner message=format!("Policy {name} created.")/> })}
        <DeleteResults outcome=delete.value()/>
        <div class="toolbar">
            <label>"Type "
                <select data-testid="policies-type" on:change=filter(kind)>
                    <option value="all">"All types"</option>
                    <option value="aws">"AWS managed"</option>
                    <option value="customer">"Customer managed"</option>
                    <option value="job-function">"AWS managed - job function"</option>
                </select>
            </label>
            <label>"Used as "
                <select data-testid="policies-usage" on:change=filter(usage)>
                    <option value="all">"All uses"</option>
                    <option value="permissions">"Permissions policy"</option>
                    <option value="boundary">"Permissions boundary"</option>
                    <option value="unused">"Not used"</option>
                </select>
            </label>
            <label class="sr-only" for="policy-search">"Filter policies by name"</label>
            <input id="policy-search" type="search" class="search" data-testid="policies-search"
                placeholder="Filter policies by property or policy name"
                prop:value=move || search.get() on:input=filter(search)/>
        </div>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading policies…"</p> }>
            {move || policies.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(found) if found.rows.is_empty() => view! {
                    <p class="empty" data-testid="policies-empty">"No policies match the filters."</p>
                }.into_any(),
                Ok(found) => {
                    let pages = found.total.div_ceil(POLICY_PAGE_SIZE).max(1);
                    view! {
                        <PoliciesTable rows=found.rows selected/>
                        <nav class="pager" aria-label="Pages">
                            <button type="button" class="btn btn-small" data-testid="policies-previous"
                                disabled=move || page.get() == 0
                                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
                            <span data-testid="policies-page">{move || format!("Page {} of {pages}", page.get() + 1)}</span>
                            <button type="button" class="btn btn-small" data-testid="policies-next"
                                disabled=move || { page.get() as usize + 1 >= pages }
                                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
                        </nav>
                    }.into_any()
                }
            })}
        </Transition>
        <Show when=move || confirming.get()>
            <ConfirmDelete names=selected.get_untracked().into_iter().map(|(name, _)| name).collect() noun="policies"
                consequence=consequence::POLICIES
                pending=delete.pending()
                on_confirm=move || { delete.dispatch(DeletePolicies { arns: selected.get_untracked().into_iter().map(|(_, arn)| arn).collect() }); }
                on_cancel=move || confirming.set(false)/>
        </Show>
    }
}

#[component]
fn PoliciesTable(
    rows: Vec<PolicyChoice>,
    /// Chosen customer managed policies: `(name, ARN)`.
    selected: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <table class="table" data-testid="policies-table">
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">"Select"</span></th>
                    <th scope="col">"Policy name"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Used as"</th>
                    <th scope="col">"Description"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let item = (row.name.clone(), row.arn.clone());
                    view! {
                        <tr data-testid=format!("policy-row-{}", row.name)>
                            <td><SelectRow item label=format!("Select {}", row.name) selected/></td>
                            <td><a href=policy_href(&row.arn)>{row.name.clone()}</a></td>
                            <td>{row.kind}</td>
                            <td>{row.used_as}</td>
                            <td>{row.description}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::is_aws_managed;

    #[test]
    fn only_aws_managed_policy_arns_are_read_only() {
        assert!(is_aws_managed(
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        ));
        assert!(!is_aws_managed("arn:aws:iam::123456789012:policy/aws/p"));
        assert!(!is_aws_managed("arn:aws:iam::aws:role/not-a-policy"));
    }
}
