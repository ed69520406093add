//! A table of managed policies to choose from: filter by type and usage, search by name, pages
//! of ten; checkboxes (up to a limit) or radio buttons.

use leptos::prelude::*;

use crate::api::{POLICY_PAGE_SIZE, policy_choices};
use crate::components::flash::ErrorBanner;

#[component]
pub fn PolicyPicker(
    /// The chosen policy ARNs.
    selected: RwSignal<Vec<String>>,
    /// One policy only (radio buttons).
    #[prop(optional)]
    single: bool,
    /// At most this many (ignored when `single`).
    #[prop(default = 10)]
    max: usize,
    /// Distinguishes pickers on one page (`name` of the inputs, test IDs).
    #[prop(into)]
    id: String,
    /// Offers **Create policy**, opening the policy editor in a new tab (not where a policy is
    /// being edited already).
    #[prop(default = true)]
    offer_create: bool,
) -> impl IntoView {
    let kind = RwSignal::new("all".to_owned());
    let usage = RwSignal::new("all".to_owned());
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0u32);
    let too_many = RwSignal::new(false);
    // Bumped by **Refresh**, to show policies created meanwhile (say, in the editor's tab).
    let refresh = RwSignal::new(0u32);
    let choices = Resource::new(
        move || {
            (
                kind.get(),
                usage.get(),
                search.get(),
                page.get(),
                refresh.get(),
            )
        },
        |(kind, usage, search, page, _)| policy_choices(kind, usage, search, page, true),
    );
    let input_name = format!("{id}-policy");
    let search_id = format!("{id}-policy-search");
    view! {
        <div class="policy-picker" data-testid=format!("{id}-policies")>
            <div class="toolbar">
                <label>
                    "Filter by type "
                    <select data-testid=format!("{id}-policy-type") on:change=move |ev| { kind.set(event_target_value(&ev)); page.set(0); }>
                        <option value="all">"All types"</option>
                        <option value="aws">"AWS managed"</option>
                        <option value="customer">"Customer managed"</option>
                        <option value="job-function">"AWS managed - job function"</option>
                    </select>
                </label>
                <label>
                    "Used as "
                    <select data-testid=format!("{id}-policy-usage") on:change=move |ev| { usage.set(event_target_value(&ev)); page.set(0); }>
                        <option value="all">"All"</option>
                        <option value="permissions">"Permissions policy"</option>
                        <option value="boundary">"Permissions boundary"</option>
                        <option value="unused">"Not used"</option>
                    </select>
                </label>
                <label class="sr-only" for=search_id.clone()>"Search policies"</label>
                <input id=search_id type="search" class="search" placeholder="Search policies"
                    data-testid=format!("{id}-policy-search")
                    on:input=move |ev| { search.set(event_target_value(&ev)); page.set(0); }/>
                {offer_create.then(|| view! {
                    <a class="btn btn-small" href="/iam/policies/create" target="_blank" rel="noopener"
                        data-testid=format!("{id}-create-policy")>"Create policy"</a>
                })}
                <button type="button" class="btn btn-small" data-testid=format!("{id}-policy-refresh")
                    on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
            </div>
            <Show when=move || too_many.get()>
                <ErrorBanner message=format!("You can attach at most {max} policies.")/>
            </Show>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading policies…"</p> }>
                {
                    let input_name = input_name.clone();
                    move || choices.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(list) if list.rows.is_empty() => view! { <p class="empty">"No policies match."</p> }.into_any(),
                        Ok(list) => {
                            let input_name = input_name.clone();
                            view! {
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col"><span class="sr-only">"Choose"</span></th>
                                        <th scope="col">"Policy name"</th>
                                        <th scope="col">"Type"</th>
                                        <th scope="col">"Used as"</th>
                                        <th scope="col">"Description"</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.rows.into_iter().map(|policy| {
                                            let arn = policy.arn.clone();
                                            let arn_checked = arn.clone();
                                            let name = policy.name.clone();
                                            view! {
                                                <tr>
                                                    <td>
                                                        <input type=if single { "radio" } else { "checkbox" } name=input_name.clone()
                                                            aria-label=format!("Choose {name}") data-testid=format!("policy-{name}")
                                                            prop:checked=move || selected.with(|s| s.contains(&arn_checked))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                let arn = arn.clone();
                                                                if single {
                                                                    selected.set(if on { vec![arn] } else { Vec::new() });
                                                                    return;
                                                                }
                                                                if on && selected.with(|s| s.len() >= max && !s.contains(&arn)) {
                                                                    too_many.set(true);
                                                                    selected.update(|_| {});
                                                                    return;
                                                                }
                                                                too_many.set(false);
                                                                selected.update(|s| {
                                                                    s.retain(|a| *a != arn);
                                                                    if on { s.push(arn); }
                                                                });
                                                            }/>
                                                    </td>
                                                    <td>{policy.name}</td>
                                                    <td>{policy.kind}</td>
                                                    <td>{policy.used_as}</td>
                                                    <td class="muted">{policy.description}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <PolicyPager page total=list.total/>
                            }.into_any()
                        }
                    })
                }
            </Transition>
            <p class="muted small" data-testid=format!("{id}-selected-count")>{move || format!("{} selected", selected.with(Vec::len))}</p>
        </div>
    }
}

#[component]
fn PolicyPager(page: RwSignal<u32>, total: usize) -> impl IntoView {
    let pages = total.div_ceil(POLICY_PAGE_SIZE).max(1);
    view! {
        <nav class="pager" aria-label="Policy pages">
            <span>{move || {
                let first = page.get() as usize * POLICY_PAGE_SIZE;
                format!("{} to {} of {}", first + 1, (first + POLICY_PAGE_SIZE).min(total), total)
            }}</span>
            <button type="button" class="btn btn-small" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
            <button type="button" class="btn btn-small" disabled=move || { page.get() as usize + 1 >= pages }
                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
        </nav>
    }
}
