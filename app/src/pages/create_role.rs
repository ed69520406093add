//! The create-role wizard: select the trusted entity (AWS service, AWS account, web identity,
//! SAML 2.0 federation or a custom trust policy), add permissions and a boundary, then name,
//! review and create.

mod trust;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use iam::model::names::{NameKind, validate_name};
use iam::policy::{PolicyKind, parse_policy};

use crate::api::{
    CreateRole, NewRoleSubmission, ProviderRowView, current_identity, identity_providers_list,
};
use crate::components::download::percent_encode;
use crate::components::flash::ErrorBanner;
use crate::components::policy_json_editor::PolicyJsonEditor;
use crate::components::policy_picker::PolicyPicker;
use crate::components::tag_editor::{TagEditor, tag_errors};
use trust::{
    CUSTOM_TRUST_STARTER, TrustedEntity, WEB_IDENTITY_PROVIDERS, trust_policy, valid_external_id,
};

/// The trusted-entity tiles: `(key, label, explanation)`.
const TILES: [(&str, &str, &str); 5] = [
    (
        "service",
        "AWS service",
        "Allow AWS services like EC2 or Lambda to perform actions in this account.",
    ),
    (
        "account",
        "AWS account",
        "Allow entities in this or other AWS accounts to perform actions in this account.",
    ),
    (
        "web",
        "Web identity",
        "Allow users federated by an external web identity provider to assume this role.",
    ),
    (
        "saml",
        "SAML 2.0 federation",
        "Allow users federated with SAML 2.0 from a corporate directory to perform actions.",
    ),
    (
        "custom",
        "Custom trust policy",
        "Create a custom trust policy to let others perform actions in this account.",
    ),
];

/// Everything the wizard collects.
#[derive(Clone, Copy)]
struct RoleWizard {
    step: RwSignal<u8>,
    tile: RwSignal<&'static str>,
    account_id: RwSignal<String>,
    service: RwSignal<String>,
    other_account: RwSignal<bool>,
    other_account_id: RwSignal<String>,
    require_external_id: RwSignal<bool>,
    external_id: RwSignal<String>,
    require_mfa: RwSignal<bool>,
    web_provider: RwSignal<String>,
    audience: RwSignal<String>,
    /// The chosen SAML provider's ARN.
    saml_provider: RwSignal<String>,
    saml_console: RwSignal<bool>,
    /// The account's identity providers, offered by the web identity and SAML tiles.
    providers: RwSignal<Vec<ProviderRowView>>,
    custom: RwSignal<String>,
    policies: RwSignal<Vec<String>>,
    use_boundary: RwSignal<bool>,
    boundary: RwSignal<Vec<String>>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    tags: RwSignal<Vec<(String, String)>>,
}

impl RoleWizard {
    fn new() -> Self {
        Self {
            step: RwSignal::new(1),
            tile: RwSignal::new("service"),
            account_id: RwSignal::new(String::new()),
            service: RwSignal::new("ec2.amazonaws.com".to_owned()),
            other_account: RwSignal::new(false),
            other_account_id: RwSignal::new(String::new()),
            require_external_id: RwSignal::new(false),
            external_id: RwSignal::new(String::new()),
            require_mfa: RwSignal::new(false),
            web_provider: RwSignal::new(WEB_IDENTITY_PROVIDERS[0].1.to_owned()),
            audience: RwSignal::new(String::new()),
            saml_provider: RwSignal::new(String::new()),
            saml_console: RwSignal::new(false),
            providers: RwSignal::new(Vec::new()),
            custom: RwSignal::new(CUSTOM_TRUST_STARTER.to_owned()),
            policies: RwSignal::new(Vec::new()),
            use_boundary: RwSignal::new(false),
            boundary: RwSignal::new(Vec::new()),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            tags: RwSignal::new(Vec::new()),
        }
    }

    /// The trust policy the first step describes, or why it cannot be written yet.
    fn trust(&self) -> Result<String, String> {
        let entity = match self.tile.get() {
            "service" => TrustedEntity::Service(self.service.get()),
            "account" => {
                let account_id = if self.other_account.get() {
                    let id = self.other_account_id.get();
                    if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
                        return Err("Enter the 12-digit ID of the other AWS account.".into());
                    }
                    id
                } else {
                    self.account_id.get()
                };
                let external_id = if self.require_external_id.get() {
                    let id = self.external_id.get();
                    if !valid_external_id(&id) {
                        return Err("The external ID must have 2 to 1,224 characters: letters, digits and _+=,.@:/-".into());
                    }
                    Some(id)
                } else {
                    None
                };
                TrustedEntity::Account {
                    account_id,
                    external_id,
                    require_mfa: self.require_mfa.get(),
                }
            }
            "web" => {
                let audience = self.audience.get();
                if audience.trim().is_empty() {
                    return Err(
                        "Enter the audience (the application ID the provider issued).".into(),
                    );
                }
                TrustedEntity::WebIdentity {
                    provider: self.web_provider.get(),
                    audience,
                }
            }
            "saml" => {
                let provider_arn = self.saml_provider.get();
                if provider_arn.is_empty() {
                    return Err(
                        "Choose a SAML 2.0 provider: add one under Identity providers first."
                            .into(),
                    );
                }
                TrustedEntity::Saml {
                    provider_arn,
                    console_access: self.saml_console.get(),
                }
            }
            _ => {
                let text = self.custom.get();
                return parse_policy(&text, PolicyKind::Trust)
                    .map(|_| text)
                    .map_err(|e| e.message);
            }
        };
        Ok(trust_policy(&entity))
    }
}

#[component]
pub fn CreateRolePage() -> impl IntoView {
    let wizard = RoleWizard::new();
    let identity = Resource::new(|| (), |_| current_identity());
    Effect::new(move |_| {
        if let Some(Ok(who)) = identity.get() {
            wizard.account_id.set(who.account_id);
        }
    });
    // A caller who may not list providers still has the built-in web identity providers.
    let providers = Resource::new(|| (), |_| identity_providers_list());
    Effect::new(move |_| {
        if let Some(Ok(rows)) = providers.get() {
            if let Some(first) = rows.iter().find(|p| p.saml) {
                wizard.saml_provider.set(first.arn.clone());
            }
            wizard.providers.set(rows);
        }
    });
    view! {
        <Title text="Create role"/>
        <p class="breadcrumbs"><a href="/iam/roles">"Roles"</a> " › Create role"</p>
        <h1>"Create role"</h1>
        <ol class="steps">
            <li aria-current=move || (wizard.step.get() == 1).then_some("step")>"Select trusted entity"</li>
            <li aria-current=move || (wizard.step.get() == 2).then_some("step")>"Add permissions"</li>
            <li aria-current=move || (wizard.step.get() == 3).then_some("step")>"Name, review, and create"</li>
        </ol>
        {move || match wizard.step.get() {
            1 => view! { <TrustStep wizard/> }.into_any(),
            2 => view! { <PermissionsStep wizard/> }.into_any(),
            _ => view! { <ReviewStep wizard/> }.into_any(),
        }}
    }
}

#[component]
fn TrustStep(wizard: RoleWizard) -> impl IntoView {
    let text_input = move |signal: RwSignal<String>, id: &'static str| {
        view! {
            <input id=id type="text" data-testid=id prop:value=move || signal.get()
                on:input=move |ev| signal.set(event_target_value(&ev))/>
        }
    };
    let checkbox = move |signal: RwSignal<bool>, id: &'static str, label: &'static str| {
        view! {
            <label class="checkbox"><input type="checkbox" data-testid=id prop:checked=move || signal.get()
                on:change=move |ev| signal.set(event_target_checked(&ev))/>{label}</label>
        }
    };
    view! {
        <section class="panel">
            <h2>"Trusted entity type"</h2>
            <div class="tiles">
                {TILES.into_iter().map(|(key, label, explanation)| view! {
                    <label class="tile" class:selected=move || wizard.tile.get() == key>
                        <input type="radio" name="trusted-entity" data-testid=format!("tile-{key}")
                            prop:checked=move || wizard.tile.get() == key
                            on:change=move |_| wizard.tile.set(key)/>
                        <strong>{label}</strong>
                        <span class="muted small">{explanation}</span>
                    </label>
                }).collect_view()}
            </div>
        </section>
        <section class="panel">
            {move || match wizard.tile.get() {
                "service" => view! {
                    <h2>"Use case"</h2>
                    <fieldset class="stack">
                        <legend>"Common use cases"</legend>
                        {[("ec2.amazonaws.com", "EC2", "Allows EC2 instances to call AWS services on your behalf. The console also creates an instance profile of the same name."),
                          ("lambda.amazonaws.com", "Lambda", "Allows Lambda functions to call AWS services on your behalf.")]
                            .into_iter().map(|(service, label, hint)| view! {
                                <label class="checkbox">
                                    <input type="radio" name="service" data-testid=format!("service-{label}")
                                        prop:checked=move || wizard.service.get() == service
                                        on:change=move |_| wizard.service.set(service.to_owned())/>
                                    <strong>{label}</strong>" "<span class="muted small">{hint}</span>
                                </label>
                            }).collect_view()}
                    </fieldset>
                }.into_any(),
                "account" => view! {
                    <h2>"An AWS account"</h2>
                    <label class="checkbox"><input type="radio" name="account" data-testid="this-account"
                        prop:checked=move || !wizard.other_account.get() on:change=move |_| wizard.other_account.set(false)/>
                        {move || format!("This account ({})", wizard.account_id.get())}</label>
                    <label class="checkbox"><input type="radio" name="account" data-testid="other-account"
                        prop:checked=move || wizard.other_account.get() on:change=move |_| wizard.other_account.set(true)/>
                        "Another AWS account"</label>
                    <Show when=move || wizard.other_account.get()>
                        <label for="other-account-id">"Account ID"</label>
                        {text_input(wizard.other_account_id, "other-account-id")}
                    </Show>
                    <fieldset class="stack">
                        <legend>"Options"</legend>
                        {checkbox(wizard.require_external_id, "require-external-id", "Require external ID (best practice when a third party will assume this role)")}
                        <Show when=move || wizard.require_external_id.get()>
                            <label for="external-id">"External ID"</label>
                            {text_input(wizard.external_id, "external-id")}
                        </Show>
                        {checkbox(wizard.require_mfa, "require-mfa", "Require MFA")}
                    </fieldset>
                }.into_any(),
                "web" => view! {
                    <h2>"Web identity"</h2>
                    <label for="web-provider">"Identity provider"</label>
                    <select id="web-provider" data-testid="web-provider" on:change=move |ev| wizard.web_provider.set(event_target_value(&ev))>
                        {WEB_IDENTITY_PROVIDERS.into_iter().map(|(label, provider)| view! {
                            <option value=provider selected=move || wizard.web_provider.get() == provider>{label}</option>
                        }).collect_view()}
                        {move || wizard.providers.get().into_iter().filter(|p| !p.saml).map(|p| {
                            let arn = p.arn.clone();
                            view! {
                                <option value=p.arn selected=move || wizard.web_provider.get() == arn>{p.name}</option>
                            }
                        }).collect_view()}
                    </select>
                    <label for="audience">"Audience"</label>
                    {text_input(wizard.audience, "audience")}
                }.into_any(),
                "saml" => view! {
                    <h2>"SAML 2.0 federation"</h2>
                    <label for="saml-provider">"SAML 2.0-based provider"</label>
                    {move || {
                        let saml: Vec<ProviderRowView> = wizard.providers.get().into_iter().filter(|p| p.saml).collect();
                        if saml.is_empty() {
                            return view! {
                                <p class="muted" data-testid="no-saml-providers">"This account has no SAML providers. "
                                    <a href="/iam/identity-providers">"Add one under Identity providers"</a>"."</p>
                            }.into_any();
                        }
                        view! {
                            <select id="saml-provider" data-testid="saml-provider" on:change=move |ev| wizard.saml_provider.set(event_target_value(&ev))>
                                {saml.into_iter().map(|p| {
                                    let arn = p.arn.clone();
                                    view! { <option value=p.arn selected=move || wizard.saml_provider.get() == arn>{p.name}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any()
                    }}
                    <label class="checkbox"><input type="radio" name="saml-access" data-testid="saml-programmatic"
                        prop:checked=move || !wizard.saml_console.get() on:change=move |_| wizard.saml_console.set(false)/>
                        "Allow programmatic access only"</label>
                    <label class="checkbox"><input type="radio" name="saml-access" data-testid="saml-console"
                        prop:checked=move || wizard.saml_console.get() on:change=move |_| wizard.saml_console.set(true)/>
                        "Allow programmatic and AWS Management Console access"</label>
                }.into_any(),
                _ => view! {
                    <h2>"Custom trust policy"</h2>
                    <PolicyJsonEditor text=wizard.custom kind=PolicyKind::Trust max=2048 label="Trust policy"/>
                }.into_any(),
            }}
        </section>
        <section class="panel">
            <h2>"Trust policy"</h2>
            {move || match wizard.trust() {
                Ok(text) => view! { <pre class="json-view" data-testid="trust-preview">{text}</pre> }.into_any(),
                Err(message) => view! { <p class="field-error" role="alert" data-testid="trust-problem">{message}</p> }.into_any(),
            }}
        </section>
        <div class="wizard-buttons">
            <a class="btn" href="/iam/roles">"Cancel"</a>
            <button type="button" class="btn btn-primary" data-testid="role-next"
                disabled=move || wizard.trust().is_err()
                on:click=move |_| wizard.step.set(2)>"Next"</button>
        </div>
    }
}

#[component]
fn PermissionsStep(wizard: RoleWizard) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>"Permissions policies"</h2>
            <p class="muted">"Choose up to 10 policies to attach to the role."</p>
            <PolicyPicker selected=wizard.policies id="role"/>
        </section>
        <section class="panel">
            <h2>"Set permissions boundary - " <span class="muted">"optional"</span></h2>
            <label class="checkbox"><input type="checkbox" data-testid="use-boundary"
                prop:checked=move || wizard.use_boundary.get()
                on:change=move |ev| wizard.use_boundary.set(event_target_checked(&ev))/>
                "Use a permissions boundary to control the maximum role permissions"</label>
            <Show when=move || wizard.use_boundary.get()>
                <PolicyPicker selected=wizard.boundary single=true id="role-boundary"/>
            </Show>
        </section>
        <div class="wizard-buttons">
            <button type="button" class="btn" on:click=move |_| wizard.step.set(1)>"Previous"</button>
            <button type="button" class="btn btn-primary" data-testid="role-next"
                disabled=move || wizard.use_boundary.get() && wizard.boundary.with(Vec::is_empty)
                on:click=move |_| wizard.step.set(3)>"Next"</button>
        </div>
    }
}

#[component]
fn ReviewStep(wizard: RoleWizard) -> impl IntoView {
    let create = ServerAction::<CreateRole>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(name)) = create.value().get() {
            navigate(
                &format!("/iam/roles?created={}", percent_encode(&name)),
                Default::default(),
            );
        }
    });
    let name_error = move || {
        wizard.name.with(|n| {
            (!n.is_empty())
                .then(|| validate_name(NameKind::Role, "roleName", n).err())
                .flatten()
                .map(|e| e.message)
        })
    };
    let description_error = move || {
        wizard.description.with(|d| {
            (d.chars().count() > 1000)
                .then(|| "The description can have at most 1,000 characters.".to_owned())
        })
    };
    let invalid = move || {
        wizard.name.with(String::is_empty)
            || name_error().is_some()
            || description_error().is_some()
            || wizard
                .tags
                .with(|t| tag_errors(t, true).iter().any(Option::is_some))
            || create.pending().get()
    };
    let submit = move |_| {
        let Ok(trust_policy) = wizard.trust() else {
            return;
        };
        create.dispatch(CreateRole {
            submission: NewRoleSubmission {
                name: wizard.name.get_untracked(),
                description: wizard.description.get_untracked(),
                trust_policy,
                policy_arns: wizard.policies.get_untracked(),
                boundary: wizard
                    .use_boundary
                    .get_untracked()
                    .then(|| wizard.boundary.get_untracked().first().cloned())
                    .flatten(),
                tags: wizard.tags.get_untracked(),
                instance_profile: wizard.tile.get_untracked() == "service"
                    && wizard.service.get_untracked() == "ec2.amazonaws.com",
            },
        });
    };
    view! {
        <section class="panel">
            <h2>"Role details"</h2>
            <label for="role-name">"Role name"</label>
            <input id="role-name" type="text" data-testid="role-name" maxlength=NameKind::Role.max_len()
                prop:value=move || wizard.name.get() on:input=move |ev| wizard.name.set(event_target_value(&ev))/>
            <p class="muted small">{format!("Maximum {} characters. Use alphanumeric and '+=,.@-_' characters. A role cannot be renamed later.", NameKind::Role.max_len())}</p>
            {move || name_error().map(|e| view! { <p class="field-error" role="alert" data-testid="role-name-error">{e}</p> })}
            <label for="role-description">"Description"</label>
            <textarea id="role-description" rows="2" data-testid="role-description"
                prop:value=move || wizard.description.get() on:input=move |ev| wizard.description.set(event_target_value(&ev))></textarea>
            {move || description_error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
        <section class="panel">
            <h2>"Step 1: Select trusted entities"</h2>
            <pre class="json-view" data-testid="review-trust">{move || wizard.trust().unwrap_or_default()}</pre>
            <button type="button" class="btn btn-small" on:click=move |_| wizard.step.set(1)>"Edit"</button>
        </section>
        <section class="panel">
            <h2>"Step 2: Add permissions"</h2>
            <ul class="plain-list" data-testid="review-policies">
                {move || {
                    let chosen = wizard.policies.get();
                    if chosen.is_empty() {
                        view! { <li class="muted">"No policies"</li> }.into_any()
                    } else {
                        chosen.into_iter().map(|arn| view! { <li>{arn.rsplit('/').next().unwrap_or_default().to_owned()}</li> }).collect_view().into_any()
                    }
                }}
            </ul>
            <button type="button" class="btn btn-small" on:click=move |_| wizard.step.set(2)>"Edit"</button>
        </section>
        <section class="panel">
            <h2>"Step 3: Add tags - " <span class="muted">"optional"</span></h2>
            <TagEditor tags=wizard.tags/>
        </section>
        {move || create.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
        <div class="wizard-buttons">
            <button type="button" class="btn" on:click=move |_| wizard.step.set(2)>"Previous"</button>
            <button type="button" class="btn btn-primary" data-testid="create-role-submit" disabled=invalid on:click=submit>"Create role"</button>
        </div>
    }
}
