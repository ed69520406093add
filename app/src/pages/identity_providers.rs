//! Identity providers: the account's OpenID Connect and SAML providers, each linking to its
//! page, **Add provider** and deletion behind a typed confirmation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{
    AddIdentityProvider, DeleteIdentityProviders, NewProvider, ProviderRowView,
    identity_providers_list,
};
use crate::components::deletion::{
    ConfirmDelete, DeleteResults, ListActions, ListDeletion, SelectRow, consequence,
};
use crate::components::download::percent_encode;
use crate::components::flash::{ErrorBanner, SuccessBanner};

#[component]
pub fn IdentityProvidersPage() -> impl IntoView {
    let deletion = ListDeletion::<String>::default();
    let ListDeletion {
        refresh,
        selected,
        confirming,
    } = deletion;
    let adding = RwSignal::new(false);
    let providers = Resource::new(move || refresh.get(), |_| identity_providers_list());
    let add = ServerAction::<AddIdentityProvider>::new();
    let delete = ServerAction::<DeleteIdentityProviders>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            adding.set(false);
            refresh.update(|n| *n += 1);
        }
    });
    deletion.settle_after(delete.value());
    // The names of the selected providers, for the confirmation.
    let selected_names = move || {
        let arns = selected.get_untracked();
        providers
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|row| arns.contains(&row.arn))
            .map(|row| row.name)
            .collect::<Vec<_>>()
    };
    view! {
        <Title text="Identity providers"/>
        <div class="page-header">
            <h1>"Identity providers " <span class="muted" data-testid="providers-count">
                <Transition fallback=|| "">
                    {move || providers.get().map(|r| format!("({})", r.map_or(0, |v| v.len())))}
                </Transition>
            </span></h1>
            <ListActions deletion delete_testid="delete-providers">
                <button type="button" class="btn btn-primary" data-testid="add-provider"
                    on:click=move |_| adding.set(true)>"Add provider"</button>
            </ListActions>
        </div>
        <p class="muted">"Identity providers let users signed in elsewhere — with an OpenID Connect or SAML 2.0 provider — assume roles that trust the provider."</p>
        {move || match add.value().get() {
            Some(Ok(arn)) => Some(view! { <SuccessBanner message=format!("Provider {arn} added.")/> }.into_any()),
            Some(Err(err)) => Some(view! { <ErrorBanner message=err.message/> }.into_any()),
            None => None,
        }}
        <DeleteResults outcome=delete.value()/>
        <Show when=move || adding.get()>
            <AddProviderForm pending=add.pending()
                on_add=move |provider| { add.dispatch(AddIdentityProvider { provider }); }
                on_cancel=move || adding.set(false)/>
        </Show>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading identity providers…"</p> }>
            {move || providers.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(rows) if rows.is_empty() => view! {
                    <p class="empty" data-testid="providers-empty">"No identity providers yet. Add one for the roles that its users will assume."</p>
                }.into_any(),
                Ok(rows) => view! { <ProvidersTable rows selected/> }.into_any(),
            })}
        </Transition>
        <Show when=move || confirming.get()>
            <ConfirmDelete names=selected_names() noun="identity providers"
                consequence=consequence::IDENTITY_PROVIDERS
                pending=delete.pending()
                on_confirm=move || { delete.dispatch(DeleteIdentityProviders { arns: selected.get_untracked() }); }
                on_cancel=move || confirming.set(false)/>
        </Show>
    }
}

#[component]
fn ProvidersTable(rows: Vec<ProviderRowView>, selected: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <table class="table" data-testid="providers-table">
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">"Select"</span></th>
                    <th scope="col">"Provider"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Creation time"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let arn = row.arn.clone();
                    let (test_id, label) = (format!("provider-row-{}", row.name), format!("Select {}", row.name));
                    view! {
                        <tr data-testid=test_id>
                            <td><SelectRow item=arn.clone() label selected/></td>
                            <td title=arn.clone()><a href=format!("/iam/identity-providers/details?arn={}", percent_encode(&arn))>{row.name}</a></td>
                            <td>{row.kind}</td>
                            <td>{row.created}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The form's own checks, before the server's.
fn problem(saml: bool, first: &str, second: &str) -> Option<&'static str> {
    if saml {
        let name_ok = (1..=128).contains(&first.trim().len())
            && first
                .trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !name_ok {
            return Some("Enter a provider name: up to 128 letters, digits and ._-");
        }
        if second.trim().is_empty() {
            return Some("Paste the metadata document your identity provider publishes.");
        }
    } else {
        if !first.trim().starts_with("https://") {
            return Some("Enter the provider URL; it begins with https://");
        }
        if second.trim().is_empty() {
            return Some("Enter the audience: the client ID your application registered.");
        }
    }
    None
}

#[component]
fn AddProviderForm(
    #[prop(into)] pending: Signal<bool>,
    on_add: impl Fn(NewProvider) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let saml = RwSignal::new(false);
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let check = move || problem(saml.get(), &first.get(), &second.get());
    let submit = move |_| {
        let (first, second) = (first.get_untracked(), second.get_untracked());
        on_add(if saml.get_untracked() {
            NewProvider::Saml {
                name: first,
                metadata: second,
            }
        } else {
            NewProvider::Oidc {
                url: first,
                audience: second,
            }
        });
    };
    view! {
        <section class="panel" data-testid="add-provider-form">
            <h2>"Add an identity provider"</h2>
            <fieldset class="stack">
                <legend>"Provider type"</legend>
                <label class="checkbox"><input type="radio" name="provider-type" data-testid="provider-oidc"
                    prop:checked=move || !saml.get() on:change=move |_| saml.set(false)/>"OpenID Connect"</label>
                <label class="checkbox"><input type="radio" name="provider-type" data-testid="provider-saml"
                    prop:checked=move || saml.get() on:change=move |_| saml.set(true)/>"SAML"</label>
            </fieldset>
            <div class="stack">
                <label for="provider-first">{move || if saml.get() { "Provider name" } else { "Provider URL" }}</label>
                <input id="provider-first" type="text" data-testid="provider-first"
                    placeholder=move || if saml.get() { "MyCompanyIdP" } else { "https://token.actions.githubusercontent.com" }
                    prop:value=move || first.get() on:input=move |ev| first.set(event_target_value(&ev))/>
                <label for="provider-second">{move || if saml.get() { "Metadata document" } else { "Audience" }}</label>
                {move || if saml.get() {
                    view! {
                        <textarea id="provider-second" rows="8" data-testid="provider-second"
                            prop:value=move || second.get() on:input=move |ev| second.set(event_target_value(&ev))></textarea>
                    }.into_any()
                } else {
                    view! {
                        <input id="provider-second" type="text" data-testid="provider-second" placeholder="sts.amazonaws.com"
                            prop:value=move || second.get() on:input=move |ev| second.set(event_target_value(&ev))/>
                    }.into_any()
                }}
            </div>
            {move || check().map(|message| view! { <p class="muted" data-testid="provider-problem">{message}</p> })}
            <div class="wizard-buttons">
                <button type="button" class="btn" on:click=move |_| on_cancel()>"Cancel"</button>
                <button type="button" class="btn btn-primary" data-testid="save-provider"
                    disabled=move || check().is_some() || pending.get()
                    on:click=submit>"Add provider"</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn the_form_asks_for_what_each_kind_needs() {
        assert!(problem(false, "https://idp.example.com", "app").is_none());
        assert!(problem(false, "idp.example.com", "app").is_some());
        assert!(problem(false, "https://idp.example.com", " ").is_some());
        assert!(problem(true, "Corp", "<md:EntityDescriptor/>").is_none());
        assert!(problem(true, "no spaces", "<x/>").is_some());
        assert!(problem(true, "Corp", "").is_some());
    }
}
