//! The user page's sections for SSH public keys, HTTPS Git and Amazon Keyspaces credentials and
//! X.509 signing certificates: each lists what the user holds and offers upload or generation,
//! making active or inactive, and deletion.

use leptos::prelude::*;

use crate::api::user_credentials::{CODECOMMIT, KEYSPACES};
use crate::api::{
    CredentialChange, CredentialKind, OtherCredentialsView, ServiceCredentialView,
    UploadedCredentialView,
};
use crate::components::flash::section_error;

type Send = std::sync::Arc<dyn Fn(CredentialChange) + std::marker::Send + Sync>;

#[component]
pub fn OtherCredentialsSections(
    credentials: OtherCredentialsView,
    on_change: impl Fn(CredentialChange) + Clone + std::marker::Send + Sync + 'static,
) -> impl IntoView {
    let send: Send = std::sync::Arc::new(on_change);
    view! {
        <UploadedSection title="SSH public keys for AWS CodeCommit" testid="ssh-keys"
            id_label="SSH key ID" upload_label="Upload SSH public key"
            hint="An ssh-rsa key of at least 2048 bits, in OpenSSH or PEM format."
            kind=CredentialKind::SshKey upload=CredentialChange::UploadSshKey
            items=credentials.ssh_keys send=send.clone()/>
        <ServiceSection title="HTTPS Git credentials for AWS CodeCommit" testid="git-credentials"
            service=CODECOMMIT items=credentials.git_credentials send=send.clone()/>
        <ServiceSection title="Credentials for Amazon Keyspaces (for Apache Cassandra)" testid="keyspaces-credentials"
            service=KEYSPACES items=credentials.keyspaces_credentials send=send.clone()/>
        <UploadedSection title="X.509 Signing certificates" testid="signing-certificates"
            id_label="Certificate ID" upload_label="Upload X.509 certificate"
            hint="The certificate body in PEM format."
            kind=CredentialKind::SigningCertificate upload=CredentialChange::UploadSigningCertificate
            items=credentials.signing_certificates send=send/>
    }
}

/// The "Make active"/"Make inactive" and "Delete" buttons of one row.
fn row_actions(send: &Send, kind: CredentialKind, id: &str, active: bool) -> impl IntoView {
    let (toggle, delete) = (send.clone(), send.clone());
    let (toggle_id, delete_id) = (id.to_owned(), id.to_owned());
    view! {
        <button type="button" class="btn btn-small" data-testid="toggle-credential"
            on:click=move |_| toggle(CredentialChange::SetActive { kind, id: toggle_id.clone(), active: !active })>
            {if active { "Make inactive" } else { "Make active" }}</button>
        <button type="button" class="btn btn-small" data-testid="delete-credential"
            on:click=move |_| delete(CredentialChange::Delete { kind, id: delete_id.clone() })>"Delete"</button>
    }
}

fn status(active: bool) -> &'static str {
    if active { "Active" } else { "Inactive" }
}

/// SSH keys or signing certificates: a table, and a form to paste a new one.
#[component]
fn UploadedSection(
    title: &'static str,
    testid: &'static str,
    id_label: &'static str,
    upload_label: &'static str,
    hint: &'static str,
    kind: CredentialKind,
    upload: fn(String) -> CredentialChange,
    items: Result<Vec<UploadedCredentialView>, String>,
    send: Send,
) -> impl IntoView {
    let uploading = RwSignal::new(false);
    let body = RwSignal::new(String::new());
    let problem = section_error(&items);
    let items = items.unwrap_or_default();
    let empty = items.is_empty();
    let field = format!("{testid}-body");
    let submit = send.clone();
    view! {
        <section class="panel" data-testid=testid>
            <div class="page-header">
                <h2>{title}</h2>
                <button type="button" class="btn" data-testid=format!("{testid}-upload")
                    on:click=move |_| uploading.update(|u| *u = !*u)>{upload_label}</button>
            </div>
            {problem}
            <Show when=move || uploading.get()>
                <label for=field.clone()>{upload_label}</label>
                <textarea id=field.clone() rows="6" class="code" data-testid=format!("{testid}-body")
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <p class="muted small">{hint}</p>
                <div class="actions">
                    <button type="button" class="btn btn-primary" data-testid=format!("{testid}-submit")
                        disabled=move || body.get().trim().is_empty()
                        on:click={
                            let submit = submit.clone();
                            move |_| {
                                submit(upload(body.get_untracked()));
                                body.set(String::new());
                                uploading.set(false);
                            }
                        }>"Upload"</button>
                </div>
            </Show>
            <table class="table">
                <thead><tr><th scope="col">{id_label}</th><th scope="col">"Uploaded"</th><th scope="col">"Status"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {empty.then(|| view! { <tr><td colspan="4" class="muted">"None."</td></tr> })}
                    {items.into_iter().map(|item| view! {
                        <tr data-testid=format!("credential-{}", item.id)>
                            <td><code>{item.id.clone()}</code></td>
                            <td>{item.uploaded.clone()}</td>
                            <td>{status(item.active)}</td>
                            <td>{row_actions(&send, kind, &item.id, item.active)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Service-specific credentials of one service: generate (the password is shown once), reset,
/// make active or inactive, delete.
#[component]
fn ServiceSection(
    title: &'static str,
    testid: &'static str,
    service: &'static str,
    items: Result<Vec<ServiceCredentialView>, String>,
    send: Send,
) -> impl IntoView {
    let problem = section_error(&items);
    let items = items.unwrap_or_default();
    let full = items.len() >= 2;
    let empty = items.is_empty();
    let generate = send.clone();
    view! {
        <section class="panel" data-testid=testid>
            <div class="page-header">
                <h2>{title}</h2>
                <button type="button" class="btn" data-testid=format!("{testid}-generate") disabled=full
                    title="A user holds at most two per service."
                    on:click=move |_| generate(CredentialChange::CreateServiceCredential(service.to_owned()))>
                    "Generate credentials"</button>
            </div>
            {problem}
            <table class="table">
                <thead><tr><th scope="col">"User name"</th><th scope="col">"Created"</th><th scope="col">"Status"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {empty.then(|| view! { <tr><td colspan="4" class="muted">"None."</td></tr> })}
                    {items.into_iter().map(|item| {
                        let reset = send.clone();
                        let reset_id = item.id.clone();
                        view! {
                            <tr data-testid=format!("credential-{}", item.id)>
                                <td><code>{item.service_user_name.clone()}</code></td>
                                <td>{item.created.clone()}</td>
                                <td>{status(item.active)}</td>
                                <td>
                                    <button type="button" class="btn btn-small" data-testid="reset-credential"
                                        on:click=move |_| reset(CredentialChange::ResetServiceCredential(reset_id.clone()))>
                                        "Reset password"</button>
                                    {row_actions(&send, CredentialKind::ServiceCredential, &item.id, item.active)}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
