//! "Outbound identity federation": whether the account's principals may get JSON Web Tokens
//! from STS (`GetWebIdentityToken`), and the issuer URL external services trust.

use leptos::prelude::*;

use crate::api::{SetOutboundFederation, outbound_federation};
use crate::components::flash::ErrorBanner;

#[component]
pub fn OutboundFederation() -> impl IntoView {
    let change = ServerAction::<SetOutboundFederation>::new();
    let current = Resource::new(move || change.version().get(), |_| outbound_federation());
    let toggle = move |enabled: bool| {
        change.dispatch(SetOutboundFederation { enabled });
    };
    view! {
        <section class="panel" data-testid="outbound-federation">
            <div class="page-header">
                <h2>"Outbound identity federation"</h2>
            </div>
            <p class="muted">
                "When enabled, IAM principals in this account can call "<code>"GetWebIdentityToken"</code>
                " for JSON Web Tokens that services outside AWS verify with the issuer URL below. \
                 Disabling stops new tokens; tokens issued before stay verifiable until they expire."
            </p>
            {move || change.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
                {move || current.get().map(|result| match result {
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                    Ok(state) => {
                        let enabled = state.as_ref().is_some_and(|s| s.enabled);
                        view! {
                            <dl class="facts">
                                <dt>"Status"</dt>
                                <dd data-testid="outbound-federation-status">{if enabled { "Enabled" } else { "Disabled" }}</dd>
                                {state.map(|s| view! {
                                    <dt>"Token issuer URL"</dt>
                                    <dd><code data-testid="outbound-federation-issuer">{s.issuer}</code></dd>
                                })}
                            </dl>
                            {if enabled {
                                view! {
                                    <button type="button" class="btn" data-testid="disable-outbound-federation"
                                        disabled=move || change.pending().get()
                                        on:click=move |_| toggle(false)>"Disable"</button>
                                }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="btn btn-primary" data-testid="enable-outbound-federation"
                                        disabled=move || change.pending().get()
                                        on:click=move |_| toggle(true)>"Enable"</button>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
