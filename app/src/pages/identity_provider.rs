//! One identity provider's page: its summary, then for OpenID Connect its audiences (added and
//! removed here) and thumbprints, for SAML its metadata (replaced here), and its tags. Every
//! change goes through `change_identity_provider`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use iam::model::saml_metadata::validate_metadata_length;

use crate::api::{
    ChangeIdentityProvider, ProviderChange, ProviderDetailView, identity_provider_detail,
};
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::tag_editor::TagsSection;

#[component]
pub fn IdentityProviderPage() -> impl IntoView {
    let query = use_query_map();
    let arn = move || query.read().get("arn").unwrap_or_default();
    let change = ServerAction::<ChangeIdentityProvider>::new();
    let detail = Resource::new(
        move || (arn(), change.version().get()),
        |(arn, _)| identity_provider_detail(arn),
    );
    let send = move |c: ProviderChange| {
        change.dispatch(ChangeIdentityProvider {
            arn: arn(),
            change: c,
        });
    };
    view! {
        <Title text="Identity provider"/>
        <p class="breadcrumbs"><a href="/iam/identity-providers">"Identity providers"</a> " › "
            {move || arn().split_once('/').map(|(_, name)| name.to_owned()).unwrap_or_default()}</p>
        {move || change.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(()) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading identity provider…"</p> }>
            {move || detail.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(provider) => {
                    let saml = provider.saml;
                    view! {
                        <Summary provider=provider.clone()/>
                        {if saml {
                            view! { <MetadataPanel provider=provider.clone() send/> }.into_any()
                        } else {
                            view! { <AudiencesPanel provider=provider.clone() send/> }.into_any()
                        }}
                        <TagsSection tags=provider.tags.clone() testid="tags-panel"
                            on_save=move |tags| send(ProviderChange::SetTags(tags))/>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Summary(provider: ProviderDetailView) -> impl IntoView {
    let ProviderDetailView {
        arn,
        name,
        kind,
        saml,
        created,
        url,
        valid_until,
        ..
    } = provider;
    view! {
        <div class="page-header"><h1 data-testid="provider-name">{name}</h1></div>
        <section class="panel" data-testid="provider-summary">
            <h2>"Summary"</h2>
            <dl class="facts">
                <dt>"Type"</dt><dd>{kind}</dd>
                <dt>"ARN"</dt><dd class="mono" data-testid="provider-arn">{arn}</dd>
                <dt>"Creation time"</dt><dd>{created}</dd>
                {if saml {
                    view! {
                        <dt>"Valid until"</dt>
                        <dd data-testid="provider-valid-until">{valid_until.unwrap_or_else(|| "No expiration in the metadata".to_owned())}</dd>
                    }.into_any()
                } else {
                    view! { <dt>"Provider URL"</dt><dd class="mono">{url}</dd> }.into_any()
                }}
            </dl>
        </section>
    }
}

#[component]
fn AudiencesPanel(
    provider: ProviderDetailView,
    send: impl Fn(ProviderChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let audience = RwSignal::new(String::new());
    let add = {
        let send = send.clone();
        move |_| {
            send(ProviderChange::AddAudience(audience.get_untracked()));
            audience.set(String::new());
        }
    };
    let thumbprints = provider.thumbprints.join(", ");
    view! {
        <section class="panel" data-testid="audiences-panel">
            <h2>"Audiences"</h2>
            <p class="muted">"The client IDs tokens of this provider may be issued to; a token for another audience is refused."</p>
            <table class="table">
                <thead><tr><th scope="col">"Audience"</th><th scope="col"><span class="sr-only">"Remove"</span></th></tr></thead>
                <tbody>
                    {provider.audiences.into_iter().map(|value| {
                        let send = send.clone();
                        let remove = value.clone();
                        view! {
                            <tr data-testid=format!("audience-{value}")>
                                <td class="mono">{value.clone()}</td>
                                <td><button type="button" class="btn btn-small" aria-label=format!("Remove {value}")
                                    on:click=move |_| send(ProviderChange::RemoveAudience(remove.clone()))>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="stack">
                <label for="new-audience">"Add audience"</label>
                <input id="new-audience" type="text" data-testid="new-audience" placeholder="sts.amazonaws.com"
                    prop:value=move || audience.get() on:input=move |ev| audience.set(event_target_value(&ev))/>
                <button type="button" class="btn" data-testid="add-audience"
                    disabled=move || audience.with(|a| a.trim().is_empty()) on:click=add>"Add audience"</button>
            </div>
            <p class="muted" data-testid="thumbprints">"Thumbprints: "
                {if thumbprints.is_empty() { "none (the provider's certificate is checked against trusted authorities)".to_owned() } else { thumbprints }}</p>
        </section>
    }
}

#[component]
fn MetadataPanel(
    provider: ProviderDetailView,
    send: impl Fn(ProviderChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let replacing = RwSignal::new(false);
    let replacement = RwSignal::new(String::new());
    let wrong_size = move || replacement.with(|m| validate_metadata_length(m.trim()).is_err());
    let save = move |_| {
        send(ProviderChange::ReplaceMetadata(
            replacement.get_untracked().trim().to_owned(),
        ));
        replacing.set(false);
    };
    view! {
        <section class="panel" data-testid="metadata-panel">
            <h2>"Metadata document"</h2>
            <p class="muted">"The signing certificates in this document verify the SAML responses of the provider's users."</p>
            <textarea class="json-editor" rows="8" readonly=true aria-label="Metadata document" data-testid="metadata-document">{provider.metadata}</textarea>
            <Show when=move || !replacing.get()>
                <button type="button" class="btn" data-testid="replace-metadata" on:click=move |_| replacing.set(true)>"Replace metadata"</button>
            </Show>
            <Show when=move || replacing.get()>
                <label for="new-metadata">"New metadata document"</label>
                <textarea id="new-metadata" class="json-editor" rows="8" data-testid="new-metadata"
                    prop:value=move || replacement.get() on:input=move |ev| replacement.set(event_target_value(&ev))></textarea>
                {move || wrong_size().then(|| view! {
                    <p class="muted" data-testid="metadata-problem">"Paste the whole metadata document your identity provider publishes (1,000 to 10,000,000 characters)."</p>
                })}
                <div class="wizard-buttons">
                    <button type="button" class="btn" on:click=move |_| replacing.set(false)>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="save-metadata"
                        disabled=wrong_size on:click=save.clone()>"Replace"</button>
                </div>
            </Show>
        </section>
    }
}
