//! Credential sections shared by the user page and "My security credentials": the access keys
//! table, the MFA devices with the virtual-device dialog, and the banner that shows a new
//! secret once.

use leptos::prelude::*;

use crate::api::{ChangeOutcome, KeyView, new_mfa_device};
use crate::components::flash::{ErrorBanner, SuccessBanner, section_error};
use crate::error::ConsoleError;

/// Errors of the last change, and the secrets it produced (shown once).
#[component]
pub fn ChangeOutcomeBanner(
    #[prop(into)] outcome: Signal<Option<Result<ChangeOutcome, ConsoleError>>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(ChangeOutcome { password: Some(password), .. }) => view! {
                <div class="flash flash-success" role="status">
                    <span>"The new console password, shown only now: " <code data-testid="new-password">{password}</code></span>
                </div>
            }.into_any(),
            Ok(ChangeOutcome { access_key_id: Some(id), secret_access_key: Some(secret), .. }) => {
                let csv = format!("Access key ID,Secret access key\n{id},{secret}\n");
                let href = crate::components::download::csv_data_url(&csv);
                view! {
                    <div class="flash flash-success" role="status" data-testid="new-key">
                        <span>"Access key created. This is the only time the secret access key can be viewed or downloaded. "
                            "Access key ID: " <code data-testid="new-key-id">{id}</code>
                            " Secret access key: " <code data-testid="new-key-secret">{secret}</code>" "
                            <a class="btn btn-small" href=href download="accessKeys.csv" data-testid="new-key-csv">"Download .csv file"</a>
                        </span>
                    </div>
                }.into_any()
            }
            Ok(ChangeOutcome { service_credential: Some(issued), .. }) => {
                let csv = format!("User Name,Password\n{},{}\n", issued.service_user_name, issued.password);
                let href = crate::components::download::csv_data_url(&csv);
                view! {
                    <div class="flash flash-success" role="status" data-testid="new-service-credential">
                        <span>"Credentials generated. This is the only time the password can be viewed or downloaded. "
                            "User name: " <code data-testid="new-service-user">{issued.service_user_name}</code>
                            " Password: " <code data-testid="new-service-password">{issued.password}</code>" "
                            <a class="btn btn-small" href=href download="credentials.csv" data-testid="new-service-csv">"Download credentials"</a>
                        </span>
                    </div>
                }.into_any()
            }
            Ok(_) => view! { <SuccessBanner message="Saved."/> }.into_any(),
        })
    }
}

/// Up to two access keys: create, make active or inactive, delete (inactive only).
#[component]
pub fn AccessKeysSection(
    keys: Result<Vec<KeyView>, String>,
    on_create: impl Fn() + Clone + Send + Sync + 'static,
    /// `(key ID, make active)`.
    on_toggle: impl Fn(String, bool) + Clone + Send + Sync + 'static,
    on_delete: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let no_keys = keys.as_ref().is_ok_and(Vec::is_empty);
    let key_count = keys.as_ref().map_or(0, Vec::len);
    view! {
        <section class="panel">
            <div class="page-header">
                <h2>"Access keys"</h2>
                <button type="button" class="btn" data-testid="create-key" disabled={key_count >= 2}
                    on:click=move |_| on_create()>"Create access key"</button>
            </div>
            {section_error(&keys)}
            <table class="table" data-testid="access-keys">
                <thead><tr><th scope="col">"Access key ID"</th><th scope="col">"Status"</th><th scope="col">"Created"</th><th scope="col">"Last used"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {no_keys.then(|| view! { <tr><td colspan="5" class="muted" data-testid="no-keys">"No access keys."</td></tr> })}
                    {keys.unwrap_or_default().into_iter().map(|k| {
                        let (toggle_id, delete_id) = (k.id.clone(), k.id.clone());
                        let (toggle, delete) = (on_toggle.clone(), on_delete.clone());
                        let active = k.active;
                        view! {
                            <tr data-testid=format!("key-{}", k.id)>
                                <td><code>{k.id.clone()}</code></td>
                                <td>{if active { "Active" } else { "Inactive" }}</td>
                                <td>{k.created}</td>
                                <td>{k.last_used}</td>
                                <td>
                                    <button type="button" class="btn btn-small" data-testid="toggle-key"
                                        on:click=move |_| toggle(toggle_id.clone(), !active)>
                                        {if active { "Make inactive" } else { "Make active" }}</button>
                                    <button type="button" class="btn btn-small" data-testid="delete-key" disabled=active
                                        title="Only an inactive key can be deleted."
                                        on:click=move |_| delete(delete_id.clone())>"Delete"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Enabled MFA devices, "Assign MFA device" and "Remove".
#[component]
pub fn MfaSection(
    devices: Result<Vec<(String, String)>, String>,
    /// Names the new virtual device (the user's name, or `root`).
    device_owner: String,
    /// `(serial, code 1, code 2)`.
    on_enable: impl Fn(String, String, String) + Clone + Send + Sync + 'static,
    /// Gives up a device created but never enabled.
    on_discard: impl Fn(String) + Clone + Send + Sync + 'static,
    on_remove: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let assigning = RwSignal::new(false);
    let problem = section_error(&devices);
    let devices = devices.unwrap_or_default();
    view! {
        <section class="panel" data-testid="mfa-section">
            <div class="page-header">
                <h2>"Multi-factor authentication (MFA)"</h2>
                <button type="button" class="btn" data-testid="assign-mfa" on:click=move |_| assigning.set(true)>"Assign MFA device"</button>
            </div>
            {problem}
            {if devices.is_empty() {
                view! { <p class="muted" data-testid="no-mfa">"No MFA devices. Assign an MFA device to improve security."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="mfa-devices">
                        <thead><tr><th scope="col">"Device type"</th><th scope="col">"Identifier"</th><th scope="col">"Enabled"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                        <tbody>
                            {devices.into_iter().map(|(serial, enabled)| {
                                let (remove, on_remove) = (serial.clone(), on_remove.clone());
                                view! {
                                    <tr><td>"Virtual"</td><td><code>{serial}</code></td><td>{enabled}</td>
                                    <td><button type="button" class="btn btn-small" data-testid="remove-mfa"
                                        on:click=move |_| on_remove(remove.clone())>"Remove"</button></td></tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <Show when=move || assigning.get()>
            <AssignMfa device_owner=device_owner.clone() on_enable=on_enable.clone() on_discard=on_discard.clone()
                on_close=move || assigning.set(false)/>
        </Show>
    }
}

/// A new virtual device: scan the QR code (or type the secret), then two consecutive codes.
#[component]
fn AssignMfa(
    device_owner: String,
    on_enable: impl Fn(String, String, String) + Clone + Send + Sync + 'static,
    on_discard: impl Fn(String) + Clone + Send + Sync + 'static,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let device = Resource::new(|| (), move |_| new_mfa_device(device_owner.clone()));
    let code1 = RwSignal::new(String::new());
    let code2 = RwSignal::new(String::new());
    let show_secret = RwSignal::new(false);
    let serial = move || device.get().and_then(Result::ok).map(|d| d.serial_number);
    let (close_add, close_cancel) = (on_close.clone(), on_close);
    let valid = move |c: &str| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="assign-mfa-title">
                <h2 id="assign-mfa-title">"Set up virtual MFA device"</h2>
                <Transition fallback=|| view! { <p class="muted" role="status">"Creating the device…"</p> }>
                    {move || device.get().map(|result| match result {
                        Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                        Ok(device) => {
                            let seed = device.base32_seed.clone();
                            view! {
                                <p>"1. Install an authenticator app. 2. Scan this QR code with it, or type the secret key."</p>
                                <div class="qr" data-testid="mfa-qr" inner_html=device.qr_svg.clone()></div>
                                <p>
                                    <button type="button" class="btn-text" data-testid="show-mfa-secret" on:click=move |_| show_secret.update(|s| *s = !*s)>
                                        {move || if show_secret.get() { "Hide secret key" } else { "Show secret key" }}
                                    </button>
                                    " "
                                    <Show when=move || show_secret.get()>
                                        <code data-testid="mfa-secret">{seed.clone()}</code>
                                    </Show>
                                </p>
                            }.into_any()
                        }
                    })}
                </Transition>
                <label for="mfa-code-1">"MFA code 1"</label>
                <input id="mfa-code-1" type="text" inputmode="numeric" maxlength="6" data-testid="mfa-code-1"
                    prop:value=move || code1.get() on:input=move |ev| code1.set(event_target_value(&ev))/>
                <label for="mfa-code-2">"MFA code 2"</label>
                <input id="mfa-code-2" type="text" inputmode="numeric" maxlength="6" data-testid="mfa-code-2"
                    prop:value=move || code2.get() on:input=move |ev| code2.set(event_target_value(&ev))/>
                <p class="muted small">"Enter two consecutive codes from the app."</p>
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| {
                        if let Some(serial) = serial() {
                            on_discard(serial);
                        }
                        close_cancel();
                    }>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="enable-mfa"
                        disabled=move || serial().is_none() || !valid(&code1.get()) || !valid(&code2.get())
                        on:click=move |_| {
                            if let Some(serial) = serial() {
                                on_enable(serial, code1.get_untracked(), code2.get_untracked());
                                close_add();
                            }
                        }>"Add MFA"</button>
                </div>
            </div>
        </div>
    }
}
