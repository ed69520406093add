//! The policy summary table: per service, explicit denies, then allows, then actions of
//! services the reference does not know.

use leptos::prelude::*;

use crate::api::{SummaryRow, SummaryView};

#[component]
pub fn PolicySummaryTable(summary: SummaryView) -> impl IntoView {
    let section = |title: &'static str, id: &'static str, rows: Vec<SummaryRow>| {
        (!rows.is_empty()).then(|| view! {
            <h3>{format!("{title} ({} services)", rows.len())}</h3>
            <table class="table" data-testid=id>
                <thead><tr>
                    <th scope="col">"Service"</th><th scope="col">"Access level"</th>
                    <th scope="col">"Resource"</th><th scope="col">"Request condition"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr><td>{row.service}</td><td>{row.access_level}</td><td>{row.resource}</td><td>{row.condition}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })
    };
    let empty = summary.allow.is_empty() && summary.explicit_deny.is_empty();
    view! {
        <div class="policy-summary" data-testid="policy-summary">
            {empty.then(|| view! { <p class="muted">"This policy does not grant or deny any permissions."</p> })}
            {section("Explicit deny", "summary-deny", summary.explicit_deny)}
            {section("Allow", "summary-allow", summary.allow)}
            {(!summary.uncategorized.is_empty()).then(|| view! {
                <h3>"Uncategorized services and actions"</h3>
                <p class="muted">"These services or actions are not recognized; check their spelling."</p>
                <ul class="plain-list" data-testid="summary-uncategorized">
                    {summary.uncategorized.into_iter().map(|a| view! { <li><code>{a}</code></li> }).collect_view()}
                </ul>
            })}
            {(summary.remaining > 0).then(|| view! {
                <p class="muted small" data-testid="summary-remaining">{format!("{} remaining services are not granted (implicitly denied).", summary.remaining)}</p>
            })}
        </div>
    }
}
