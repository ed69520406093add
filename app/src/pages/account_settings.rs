//! Account settings: the password policy, shown and edited with every field of
//! `UpdateAccountPasswordPolicy`, or reset to the IAM default; which session tokens STS's
//! global endpoint issues; and outbound identity federation.

mod outbound_federation;

use leptos::prelude::*;
use leptos_meta::Title;

use iam::model::password::PasswordPolicy;

use crate::api::{
    SaveGlobalTokenVersion, SavePasswordPolicy, global_tokens_valid_everywhere,
    password_policy_in_force,
};
use crate::components::flash::{ErrorBanner, SuccessBanner};

#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePasswordPolicy>::new();
    let policy = Resource::new(move || save.version().get(), |_| password_policy_in_force());
    let editing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            editing.set(false);
        }
    });
    view! {
        <Title text="Account settings"/>
        <h1>"Account settings"</h1>
        {move || save.value().get().map(|result| match result {
            Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
            Ok(()) => view! { <SuccessBanner message="Password policy updated."/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
            {move || policy.get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(view) if editing.get() => view! {
                    <PolicyEditor current=view.custom save on_cancel=move || editing.set(false)/>
                }.into_any(),
                Ok(view) => view! {
                    <section class="panel" data-testid="password-policy">
                        <div class="page-header">
                            <h2>"Password policy"</h2>
                            <button type="button" class="btn" data-testid="edit-password-policy" on:click=move |_| editing.set(true)>"Edit"</button>
                        </div>
                        <PolicyRules custom=view.custom/>
                    </section>
                }.into_any(),
            })}
        </Transition>
        <StsPreferences/>
        <outbound_federation::OutboundFederation/>
    }
}

fn token_scope(everywhere: bool) -> &'static str {
    if everywhere {
        "Valid in all AWS Regions"
    } else {
        "Valid only in AWS Regions enabled by default"
    }
}

/// "Security Token Service (STS)": the global endpoint's session tokens, valid in the regions
/// enabled by default or in every region (`SetSecurityTokenServicePreferences`).
#[component]
fn StsPreferences() -> impl IntoView {
    let save = ServerAction::<SaveGlobalTokenVersion>::new();
    let current = Resource::new(
        move || save.version().get(),
        |_| global_tokens_valid_everywhere(),
    );
    let editing = RwSignal::new(false);
    let choice = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="sts-preferences">
            {move || save.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
            <Transition fallback=|| view! { <h2>"Security Token Service (STS)"</h2><p class="muted" role="status">"Loading…"</p> }>
                {move || current.get().map(|result| match result {
                    Err(err) => view! {
                        <h2>"Security Token Service (STS)"</h2>
                        <ErrorBanner message=err.message/>
                    }.into_any(),
                    Ok(everywhere) if editing.get() => view! {
                        <h2>"Security Token Service (STS)"</h2>
                        <fieldset>
                            <legend>"Session tokens from the STS global endpoint"</legend>
                            <label class="checkbox"><input type="radio" name="global-tokens" data-testid="tokens-default-regions"
                                prop:checked=move || !choice.get() on:change=move |_| choice.set(false)/>{token_scope(false)}</label>
                            <label class="checkbox"><input type="radio" name="global-tokens" data-testid="tokens-all-regions"
                                prop:checked=move || choice.get() on:change=move |_| choice.set(true)/>{token_scope(true)}</label>
                        </fieldset>
                        <div class="actions">
                            <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                            <button type="button" class="btn btn-primary" data-testid="save-global-tokens"
                                disabled=move || choice.get() == everywhere
                                on:click=move |_| {
                                    save.dispatch(SaveGlobalTokenVersion { everywhere: choice.get_untracked() });
                                    editing.set(false);
                                }>"Save changes"</button>
                        </div>
                    }.into_any(),
                    Ok(everywhere) => view! {
                        <div class="page-header">
                            <h2>"Security Token Service (STS)"</h2>
                            <button type="button" class="btn" data-testid="edit-global-tokens" on:click=move |_| {
                                choice.set(everywhere);
                                editing.set(true);
                            }>"Edit"</button>
                        </div>
                        <p class="muted">"Session tokens from the STS endpoints"</p>
                        <p>"Global endpoint: " <strong data-testid="global-tokens">{token_scope(everywhere)}</strong></p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The rules in force, as sentences.
#[component]
fn PolicyRules(custom: Option<PasswordPolicy>) -> impl IntoView {
    let Some(policy) = custom else {
        return view! {
            <p data-testid="policy-kind">"This AWS account uses the default password policy."</p>
            <ul class="plain-list" data-testid="policy-rules">
                <li>"Minimum password length is 8 characters"</li>
                <li>"Include a minimum of three of the following mix of character types: uppercase, lowercase, numbers, and ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' symbols"</li>
                <li>"Must not be identical to your AWS account name or email address"</li>
            </ul>
        }
        .into_any();
    };
    let mut rules = vec![format!(
        "Minimum password length is {} characters",
        policy.minimum_password_length
    )];
    for (on, text) in [
        (
            policy.require_uppercase_characters,
            "Require at least one uppercase letter from the Latin alphabet (A-Z)",
        ),
        (
            policy.require_lowercase_characters,
            "Require at least one lowercase letter from the Latin alphabet (a-z)",
        ),
        (policy.require_numbers, "Require at least one number"),
        (
            policy.require_symbols,
            "Require at least one non-alphanumeric character (! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')",
        ),
    ] {
        if on {
            rules.push(text.to_owned());
        }
    }
    rules.push(match policy.max_password_age {
        Some(days) => format!("Passwords expire in {days} day(s)"),
        None => "Password expiration not required".to_owned(),
    });
    if policy.hard_expiry {
        rules.push("Password expiration requires administrator reset".to_owned());
    }
    rules.push(if policy.allow_users_to_change_password {
        "Allow users to change their own password".to_owned()
    } else {
        "Users may not change their own password".to_owned()
    });
    rules.push(match policy.password_reuse_prevention {
        Some(n) => format!("Remember last {n} password(s) and prevent reuse"),
        None => "Password reuse allowed".to_owned(),
    });
    view! {
        <p data-testid="policy-kind">"This AWS account uses a custom password policy."</p>
        <ul class="plain-list" data-testid="policy-rules">
            {rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PolicyEditor(
    current: Option<PasswordPolicy>,
    save: ServerAction<SavePasswordPolicy>,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let custom = RwSignal::new(current.is_some());
    let start = current.unwrap_or_default();
    let length = RwSignal::new(start.minimum_password_length.to_string());
    let upper = RwSignal::new(start.require_uppercase_characters);
    let lower = RwSignal::new(start.require_lowercase_characters);
    let numbers = RwSignal::new(start.require_numbers);
    let symbols = RwSignal::new(start.require_symbols);
    let expires = RwSignal::new(start.max_password_age.is_some());
    let age = RwSignal::new(start.max_password_age.unwrap_or(90).to_string());
    let hard_expiry = RwSignal::new(start.hard_expiry);
    let may_change = RwSignal::new(start.allow_users_to_change_password);
    let prevent_reuse = RwSignal::new(start.password_reuse_prevention.is_some());
    let reuse = RwSignal::new(start.password_reuse_prevention.unwrap_or(5).to_string());
    let number = |value: RwSignal<String>, min: u32, max: u32, what: &'static str| {
        move || {
            value.with(|v| match v.trim().parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(format!(
                    "{what} must be a whole number from {min} to {max}."
                )),
            })
        }
    };
    let length_value = number(length, 6, 128, "Password minimum length");
    let age_value = number(age, 1, 1095, "Days until expiry");
    let reuse_value = number(reuse, 1, 24, "Passwords to remember");
    let problem = move || {
        if !custom.get() {
            return None;
        }
        length_value()
            .err()
            .or_else(|| expires.get().then(|| age_value().err()).flatten())
            .or_else(|| prevent_reuse.get().then(|| reuse_value().err()).flatten())
    };
    let submit = move |_| {
        let policy = custom.get_untracked().then(|| PasswordPolicy {
            minimum_password_length: length_value().unwrap_or(8),
            require_symbols: symbols.get_untracked(),
            require_numbers: numbers.get_untracked(),
            require_uppercase_characters: upper.get_untracked(),
            require_lowercase_characters: lower.get_untracked(),
            allow_users_to_change_password: may_change.get_untracked(),
            max_password_age: expires.get_untracked().then(|| age_value().ok()).flatten(),
            password_reuse_prevention: prevent_reuse
                .get_untracked()
                .then(|| reuse_value().ok())
                .flatten(),
            hard_expiry: expires.get_untracked() && hard_expiry.get_untracked(),
        });
        save.dispatch(SavePasswordPolicy { policy });
    };
    let checkbox = move |signal: RwSignal<bool>, id: &'static str, label: &'static str| {
        view! {
            <label class="checkbox">
                <input type="checkbox" data-testid=id prop:checked=move || signal.get()
                    on:change=move |ev| signal.set(event_target_checked(&ev))/>
                {label}
            </label>
        }
    };
    view! {
        <section class="panel" data-testid="password-policy-editor">
            <h2>"Edit password policy"</h2>
            <fieldset class="stack">
                <legend>"Password policy"</legend>
                <label class="checkbox"><input type="radio" name="policy-kind" data-testid="policy-default"
                    prop:checked=move || !custom.get() on:change=move |_| custom.set(false)/>"IAM default"</label>
                <label class="checkbox"><input type="radio" name="policy-kind" data-testid="policy-custom"
                    prop:checked=move || custom.get() on:change=move |_| custom.set(true)/>"Custom"</label>
            </fieldset>
            <Show when=move || custom.get()>
                <div class="stack">
                    <label for="min-length">"Password minimum length"</label>
                    <input id="min-length" type="number" min="6" max="128" data-testid="min-length"
                        prop:value=move || length.get() on:input=move |ev| length.set(event_target_value(&ev))/>
                    <fieldset class="stack">
                        <legend>"Password strength"</legend>
                        {checkbox(upper, "require-uppercase", "Require at least one uppercase letter from the Latin alphabet (A-Z)")}
                        {checkbox(lower, "require-lowercase", "Require at least one lowercase letter from the Latin alphabet (a-z)")}
                        {checkbox(numbers, "require-numbers", "Require at least one number")}
                        {checkbox(symbols, "require-symbols", "Require at least one non-alphanumeric character (! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')")}
                    </fieldset>
                    <fieldset class="stack">
                        <legend>"Other requirements"</legend>
                        {checkbox(expires, "expires", "Turn on password expiration")}
                        <Show when=move || expires.get()>
                            <label for="max-age">"Expire passwords in day(s)"</label>
                            <input id="max-age" type="number" min="1" max="1095" data-testid="max-age"
                                prop:value=move || age.get() on:input=move |ev| age.set(event_target_value(&ev))/>
                            {checkbox(hard_expiry, "hard-expiry", "Password expiration requires administrator reset")}
                        </Show>
                        {checkbox(may_change, "allow-change", "Allow users to change their own password")}
                        {checkbox(prevent_reuse, "prevent-reuse", "Prevent password reuse")}
                        <Show when=move || prevent_reuse.get()>
                            <label for="reuse-count">"Remember password(s)"</label>
                            <input id="reuse-count" type="number" min="1" max="24" data-testid="reuse-count"
                                prop:value=move || reuse.get() on:input=move |ev| reuse.set(event_target_value(&ev))/>
                        </Show>
                    </fieldset>
                </div>
            </Show>
            {move || problem().map(|message| view! { <p class="field-error" role="alert" data-testid="policy-problem">{message}</p> })}
            <div class="wizard-buttons">
                <button type="button" class="btn" on:click=move |_| on_cancel()>"Cancel"</button>
                <button type="button" class="btn btn-primary" data-testid="save-password-policy"
                    disabled=move || problem().is_some() || save.pending().get()
                    on:click=submit>"Save changes"</button>
            </div>
        </section>
    }
}
