//! The IAM dashboard: security recommendations, resource counts, the account and the IAM
//! users' sign-in URL.

use leptos::prelude::*;
use leptos_meta::Title;

use iam::model::AccountAlias;

use crate::api::{AccountCounts, DashboardView, DeleteAccountAlias, SaveAccountAlias, dashboard};
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
                    Ok(view) => view! { <Dashboard view on_change=move || data.refetch()/> }.into_any(),
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(
    view: DashboardView,
    /// Reloads the dashboard after the alias changed.
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
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
                <h2>"Quick links"</h2>
                <ul class="plain-list">
                    <li><a href="/iam/security-credentials">"My security credentials"</a></li>
                    <li><a href="/iam/policy-simulator">"Policy simulator"</a></li>
                </ul>
            </section>
            <section class="panel">
                <h2>"AWS Account"</h2>
                <dl class="facts">
                    <dt>"Account ID"</dt>
                    <dd data-testid="account-id">{view.account_id}</dd>
                    <dt>"Account Alias"</dt>
                    <dd class="copy-row">
                        <span data-testid="account-alias">{view.account_alias.clone().unwrap_or_else(|| "None".into())}</span>
                        <AliasControls current=view.account_alias on_change/>
                    </dd>
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
            <div><dt><a href="/iam/groups">"User groups"</a></dt><dd data-testid="count-groups">{counts.groups}</dd></div>
            <div><dt><a href="/iam/users">"Users"</a></dt><dd data-testid="count-users">{counts.users}</dd></div>
            <div><dt><a href="/iam/roles">"Roles"</a></dt><dd data-testid="count-roles">{counts.roles}</dd></div>
            <div><dt><a href="/iam/policies">"Policies"</a></dt><dd data-testid="count-policies">{counts.policies}</dd></div>
            <div><dt><a href="/iam/identity-providers">"Identity providers"</a></dt><dd data-testid="count-providers">{counts.providers}</dd></div>
        </dl>
    }
}

/// Create, Edit and Delete for the account alias.
#[component]
fn AliasControls(
    current: Option<String>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let typed = RwSignal::new(current.clone().unwrap_or_default());
    let save = ServerAction::<SaveAccountAlias>::new();
    let delete = ServerAction::<DeleteAccountAlias>::new();
    let reload = on_change.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            editing.set(false);
            reload();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            deleting.set(false);
            on_change();
        }
    });
    let problem = move || {
        typed.with(|alias| {
            (!alias.is_empty())
                .then(|| AccountAlias::parse(alias).err().map(|e| e.message))
                .flatten()
        })
    };
    let has_alias = current.is_some();
    let delete_alias = current.clone().unwrap_or_default();
    view! {
        <button type="button" class="btn btn-small" data-testid="edit-alias" on:click=move |_| editing.set(true)>
            {if has_alias { "Edit" } else { "Create" }}
        </button>
        {has_alias.then(|| view! {
            <button type="button" class="btn btn-small" data-testid="delete-alias" on:click=move |_| deleting.set(true)>"Delete"</button>
        })}
        <Show when=move || editing.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="alias-title">
                    <h2 id="alias-title">{if has_alias { "Edit account alias" } else { "Create alias" }}</h2>
                    <p class="muted">"The alias replaces the account ID in the sign-in URL for IAM users. It must be unique."</p>
                    <label for="alias-input">"Preferred alias"</label>
                    <input id="alias-input" type="text" data-testid="alias-input"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    {move || problem().map(|message| view! { <p class="field-error" role="alert" data-testid="alias-problem">{message}</p> })}
                    {move || save.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-primary" data-testid="alias-save"
                            disabled=move || typed.with(String::is_empty) || problem().is_some() || save.pending().get()
                            on:click=move |_| { save.dispatch(SaveAccountAlias { alias: typed.get_untracked() }); }>"Save changes"</button>
                    </div>
                </div>
            </div>
        </Show>
        <Show when=move || deleting.get()>
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="alias-delete-title">
                    <h2 id="alias-delete-title">"Delete account alias?"</h2>
                    <p>"IAM users then sign in with the account ID instead."</p>
                    {move || delete.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
                    <div class="modal-actions">
                        <button type="button" class="btn" on:click=move |_| deleting.set(false)>"Cancel"</button>
                        <button type="button" class="btn btn-danger" data-testid="alias-delete-confirm"
                            on:click={
                                let alias = delete_alias.clone();
                                move |_| { delete.dispatch(DeleteAccountAlias { alias: alias.clone() }); }
                            }>"Delete"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
