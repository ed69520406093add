//! The Access Advisor tab: the services an entity's policies allow and when they were last
//! called.

use leptos::prelude::*;

use crate::api::ServiceAccess;

#[component]
pub fn AccessAdvisor(
    services: Vec<ServiceAccess>,
    /// "user" or "group", for the explanations.
    subject: &'static str,
) -> impl IntoView {
    view! {
        <section class="panel" data-testid="access-advisor-tab">
            <h2>"Access Advisor"</h2>
            <p class="muted">{format!("Services this {subject}'s policies allow, and when they were last called with an access key.")}</p>
            {if services.is_empty() {
                view! { <p class="empty">{format!("The {subject}'s policies allow no services.")}</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="services">
                        <thead><tr><th scope="col">"Service"</th><th scope="col">"Policies granting permissions"</th><th scope="col">"Last accessed"</th></tr></thead>
                        <tbody>
                            {services.into_iter().map(|s| view! {
                                <tr data-testid=format!("service-{}", s.service)><td>{s.service.clone()}</td><td>{s.policies.join(", ")}</td><td>{s.last_accessed}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
