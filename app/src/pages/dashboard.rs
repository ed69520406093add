//! The IAM dashboard: security recommendations, resource counts, the account and the IAM
//! users' sign-in URL.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AccountCounts, DashboardView, dashboard};
use crate::components::flash::ErrorBanner;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text="IAM dashboard"/>
        <h1>"IAM dashboard"</h1>
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Dashboard view/> }.into_any(),
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(view: DashboardView) -> impl IntoView {
    let copied = RwSignal::new(false);
    let url = view.sign_in_url.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&url);
        copied.set(true);
    };
    let (recommendations, counts) = match view.summary {
        Ok(counts) => (
            Recommendations(counts.clone()).into_any(),
            Counts(counts).into_any(),
        ),
        Err(err) => {
            let message = err.message.clone();
            (
                view! { <ErrorBanner message=err.message/> }.into_any(),
                view! { <ErrorBanner message/> }.into_any(),
            )
        }
    };
    view! {
        <div class="dashboard">
            <section class="panel">
                <h2>"Security recommendations"</h2>
                {recommendations}
            </section>
            <section class="panel">
                <h2>"IAM resources"</h2>
                {counts}
            </section>
            <section class="panel">
                <h2>"AWS Account"</h2>
                <dl class="facts">
                    <dt>"Account ID"</dt>
                    <dd data-testid="account-id">{view.account_id}</dd>
                    <dt>"Account Alias"</dt>
                    <dd data-testid="account-alias">{view.account_alias.unwrap_or_else(|| "None".into())}</dd>
                    <dt>"Sign-in URL for IAM users in this account"</dt>
                    <dd class="copy-row">
                        <code data-testid="sign-in-url">{view.sign_in_url}</code>
                        <button type="button" class="btn btn-small" on:click=copy>
                            {move || if copied.get() { "Copied" } else { "Copy" }}
                        </button>
                    </dd>
                </dl>
            </section>
        </div>
    }
}

#[allow(non_snake_case)]
fn Recommendations(counts: AccountCounts) -> impl IntoView {
    view! {
        <ul class="recommendations">
            {if counts.root_mfa {
                view! { <li class="ok">"Root user has MFA"</li> }.into_any()
            } else {
                view! { <li class="warn">"Add MFA for root user"</li> }.into_any()
            }}
            {if counts.root_access_keys {
                view! { <li class="warn">"Deactivate or delete access keys for root user"</li> }.into_any()
            } else {
                view! { <li class="ok">"Root user has no active access keys"</li> }.into_any()
            }}
        </ul>
    }
}

#[allow(non_snake_case)]
fn Counts(counts: AccountCounts) -> impl IntoView {
    view! {
        <dl class="counters">
            <div><dt>"User groups"</dt><dd data-testid="count-groups">{counts.groups}</dd></div>
            <div><dt>"Users"</dt><dd data-testid="count-users">{counts.users}</dd></div>
            <div><dt>"Roles"</dt><dd data-testid="count-roles">{counts.roles}</dd></div>
            <div><dt>"Policies"</dt><dd data-testid="count-policies">{counts.policies}</dd></div>
        </dl>
    }
}
