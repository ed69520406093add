//! Event history: the account's audit trail — every authorization decision and console
//! sign-in, from the console or the API — filtered by time, principal, action and result, and
//! exported as JSON Lines.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{EventPage, EventQuery, EventRow, event_history};
use crate::components::flash::ErrorBanner;

#[component]
pub fn EventHistoryPage() -> impl IntoView {
    let form = RwSignal::new(EventQuery::default());
    let submitted = RwSignal::new(EventQuery::default());
    let events = Resource::new(move || submitted.get(), event_history);
    let search = move || {
        let mut query = form.get();
        query.page = 0;
        submitted.set(query);
    };
    let field = move |read: fn(&EventQuery) -> &String, write: fn(&mut EventQuery, String)| {
        (
            move || read(&form.read()).clone(),
            move |ev| form.update(|q| write(q, event_target_value(&ev))),
        )
    };
    let (from, set_from) = field(|q| &q.from, |q, v| q.from = v);
    let (to, set_to) = field(|q| &q.to, |q, v| q.to = v);
    let (principal, set_principal) = field(|q| &q.principal, |q, v| q.principal = v);
    let (action, set_action) = field(|q| &q.action, |q, v| q.action = v);
    let (result, set_result) = field(|q| &q.result, |q, v| q.result = v);
    view! {
        <Title text="Event history"/>
        <div class="page-header">
            <h1>"Event history"</h1>
            <div class="actions">
                <button type="button" class="btn" aria-label="Refresh"
                    on:click=move |_| submitted.update(|_| {})>"↻"</button>
            </div>
        </div>
        <p class="muted">"Every request Latchkey decided, from the console or the API: who asked, for which action on which resource, and whether it was allowed. Times are in UTC."</p>
        <form class="panel filters" data-testid="event-filters"
            on:submit=move |ev| { ev.prevent_default(); search(); }>
            <div class="filter-row">
                <label>"From" <input type="datetime-local" data-testid="event-from"
                    prop:value=from on:input=set_from/></label>
                <label>"To" <input type="datetime-local" data-testid="event-to"
                    prop:value=to on:input=set_to/></label>
                <label>"Principal" <input type="search" data-testid="event-principal"
                    placeholder="user/alice" prop:value=principal on:input=set_principal/></label>
                <label>"Action" <input type="search" data-testid="event-action"
                    placeholder="iam:CreateUser" prop:value=action on:input=set_action/></label>
                <label>"Result"
                    <select data-testid="event-result" prop:value=result on:change=set_result>
                        <option value="">"All"</option>
                        <option value="Allowed">"Allowed"</option>
                        <option value="Denied">"Denied"</option>
                    </select>
                </label>
                <button type="submit" class="btn btn-primary" data-testid="event-search">"Search"</button>
            </div>
        </form>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading events…"</p> }>
            {move || events.get().map(|outcome| match outcome {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(page) => view! { <EventTable page submitted/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn EventTable(page: EventPage, submitted: RwSignal<EventQuery>) -> impl IntoView {
    let export = format!("/iam/event-history/export?{}", page.export_query);
    let current = submitted.with_untracked(|q| q.page);
    let has_more = page.has_more;
    let turn = move |by: i64| {
        submitted.update(|q| q.page = u32::try_from(i64::from(q.page) + by).unwrap_or(0));
    };
    let empty = page.events.is_empty();
    view! {
        <div class="toolbar">
            <a class="btn" href=export download="event_history.jsonl" data-testid="event-export">"Download JSON Lines"</a>
            <div class="pager">
                <button type="button" class="btn btn-small" disabled=current == 0
                    on:click=move |_| turn(-1)>"Previous"</button>
                <span data-testid="event-page">{format!("Page {}", current + 1)}</span>
                <button type="button" class="btn btn-small" disabled=!has_more
                    on:click=move |_| turn(1)>"Next"</button>
            </div>
        </div>
        {if empty {
            view! { <p class="empty" data-testid="events-empty">"No events match these filters."</p> }.into_any()
        } else {
            view! {
                <table class="table" data-testid="events-table">
                    <thead><tr>
                        <th scope="col">"Event time"</th>
                        <th scope="col">"Principal"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Resource"</th>
                        <th scope="col">"Result"</th>
                        <th scope="col">"Source IP address"</th>
                        <th scope="col">"User agent"</th>
                        <th scope="col">"Request ID"</th>
                        <th scope="col">"Source"</th>
                    </tr></thead>
                    <tbody>
                        {page.events.into_iter().map(|event| view! { <EventRowView event/> }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn EventRowView(event: EventRow) -> impl IntoView {
    let denied = event.result == "Denied";
    let channel = if event.channel == "api" {
        "API"
    } else {
        "Console"
    };
    view! {
        <tr data-testid="event-row">
            <td>{event.time}</td>
            <td class="mono">{event.principal_arn}</td>
            <td class="mono" data-testid="event-action-cell">{event.action}</td>
            <td class="mono">{event.resource}</td>
            <td data-testid="event-result-cell">
                <span class=if denied { "badge badge-danger" } else { "badge badge-success" }>{event.result}</span>
                {event.reason.map(|reason| view! { <div class="muted small">{reason}</div> })}
            </td>
            <td>{event.source_ip.unwrap_or_default()}</td>
            <td class="small">{event.user_agent.unwrap_or_default()}</td>
            <td class="mono small">{event.request_id.unwrap_or_default()}</td>
            <td>{channel}</td>
        </tr>
    }
}
