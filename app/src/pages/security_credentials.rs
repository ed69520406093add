//! "My security credentials": the signed-in principal's own console password (IAM users),
//! access keys and MFA devices, as far as its permissions allow.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::{ChangeOwnCredentials, OwnChange, OwnCredentialsView, own_credentials};
use crate::components::credentials::{AccessKeysSection, ChangeOutcomeBanner, MfaSection};
use crate::components::flash::ErrorBanner;
use crate::components::other_credentials::OtherCredentialsSections;

#[component]
pub fn SecurityCredentialsPage() -> impl IntoView {
    let change = ServerAction::<ChangeOwnCredentials>::new();
    let mine = Resource::new(move || change.version().get(), |_| own_credentials());
    view! {
        <Title text="My security credentials"/>
        <h1>"My security credentials"</h1>
        <ChangeOutcomeBanner outcome=change.value()/>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
            {move || mine.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(view) => view! { <OwnCredentials view change/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn OwnCredentials(
    view: OwnCredentialsView,
    change: ServerAction<ChangeOwnCredentials>,
) -> impl IntoView {
    let send = move |c: OwnChange| {
        change.dispatch(ChangeOwnCredentials { change: c });
    };
    view! {
        <section class="panel">
            <h2>"Account details"</h2>
            <dl class="facts summary">
                <dt>"Account ID"</dt><dd data-testid="own-account-id">{view.account_id.clone()}</dd>
                <dt>{if view.root { "Root user" } else { "IAM user" }}</dt><dd data-testid="own-name">{view.name.clone()}</dd>
                <dt>"ARN"</dt><dd><code data-testid="own-arn">{view.arn.clone()}</code></dd>
            </dl>
        </section>
        <ChangePassword/>
        <MfaSection devices=view.mfa_devices.clone() device_owner=view.name.clone()
            on_enable=move |serial, code1, code2| send(OwnChange::EnableMfa { serial, code1, code2 })
            on_discard=move |serial| send(OwnChange::DiscardMfa(serial))
            on_remove=move |serial| send(OwnChange::RemoveMfa(serial))/>
        <AccessKeysSection keys=view.keys.clone()
            on_create=move || send(OwnChange::CreateAccessKey)
            on_toggle=move |id, active| send(OwnChange::SetKeyActive { id, active })
            on_delete=move |id| send(OwnChange::DeleteAccessKey(id))/>
        {view.other_credentials.clone().map(|credentials| view! {
            <OtherCredentialsSections credentials on_change=move |c| send(OwnChange::Credential(c))/>
        })}
    }
}

/// The IAM user's own password. Changing it ends every session, this one included, so a
/// success leads back to sign-in.
#[component]
fn ChangePassword() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let change = ServerAction::<ChangeOwnCredentials>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(_))) {
            navigate("/signin", Default::default());
        }
    });
    let mismatch = move || confirm.with(|c| !c.is_empty() && new.with(|n| n != c));
    view! {
        <section class="panel" data-testid="own-password">
            <h2>"Console password"</h2>
            <p class="muted">"After the change you sign in again with the new password."</p>
            <label for="current-password">"Current password"</label>
            <input id="current-password" type="password" autocomplete="current-password" data-testid="current-password"
                prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
            <label for="new-password">"New password"</label>
            <input id="new-password" type="password" autocomplete="new-password" data-testid="new-password-input"
                prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
            <label for="confirm-password">"Confirm new password"</label>
            <input id="confirm-password" type="password" autocomplete="new-password" data-testid="confirm-password"
                prop:value=move || confirm.get() on:input=move |ev| confirm.set(event_target_value(&ev))/>
            {move || mismatch().then(|| view! { <p class="field-error" role="alert">"The passwords do not match."</p> })}
            {move || change.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="change-own-password"
                    disabled=move || current.with(String::is_empty) || new.with(String::is_empty) || confirm.with(String::is_empty) || mismatch()
                    on:click=move |_| {
                        change.dispatch(ChangeOwnCredentials { change: OwnChange::ChangePassword { current: current.get_untracked(), new: new.get_untracked() } });
                    }>"Change password"</button>
            </div>
        </section>
    }
}
