//! Sign-in like AWS's: choose Root user or IAM user, then the password page for root, or the
//! account / user name / password page for IAM users.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{SignInRoot, SignInUser};
use crate::components::auth_card::AuthCard;
use crate::components::flash::{ActionError, SuccessBanner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignInKind {
    Root,
    IamUser,
}

/// Page A: who is signing in.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let preset_account = query.read_untracked().get("account");
    let initial = if preset_account.is_some() {
        SignInKind::IamUser
    } else {
        SignInKind::Root
    };
    let kind = RwSignal::new(initial);
    let created = move || query.read().get("created");
    let signed_out = move || query.read().get("signed_out").is_some();
    view! {
        <Title text="Sign in"/>
        <AuthCard title="Sign in">
            {move || created().map(|id| view! {
                <SuccessBanner message=format!("Your account {id} is ready. Sign in as the root user with the email address you gave.")/>
            })}
            {move || signed_out().then(|| view! { <SuccessBanner message="You have signed out."/> })}
            <fieldset class="choice">
                <legend class="sr-only">"Sign in as"</legend>
                <label class="choice-item">
                    <input type="radio" name="kind" value="root" data-testid="kind-root"
                        prop:checked=move || kind.get() == SignInKind::Root
                        on:change=move |_| kind.set(SignInKind::Root)/>
                    <span>
                        <strong>"Root user"</strong>
                        <small>"Account owner that performs tasks requiring unrestricted access."</small>
                    </span>
                </label>
                <label class="choice-item">
                    <input type="radio" name="kind" value="iam" data-testid="kind-iam"
                        prop:checked=move || kind.get() == SignInKind::IamUser
                        on:change=move |_| kind.set(SignInKind::IamUser)/>
                    <span>
                        <strong>"IAM user"</strong>
                        <small>"User within an account that performs daily tasks."</small>
                    </span>
                </label>
            </fieldset>
            <Show
                when=move || kind.get() == SignInKind::Root
                fallback=move || {
                    let account = preset_account.clone().unwrap_or_default();
                    view! {
                        <form method="get" action="/signin/iam" class="stack">
                            <label for="account">"Account ID (12 digits) or account alias"</label>
                            <input id="account" name="account" type="text" required autocomplete="username" value=account/>
                            <button type="submit" class="btn btn-primary">"Next"</button>
                        </form>
                    }
                }
            >
                <form method="get" action="/signin/root" class="stack">
                    <label for="email">"Root user email address"</label>
                    <input id="email" name="email" type="email" required autocomplete="email"/>
                    <button type="submit" class="btn btn-primary">"Next"</button>
                </form>
            </Show>
        </AuthCard>
    }
}

/// Page B: the root user's password.
#[component]
pub fn RootPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let email = query.read_untracked().get("email").unwrap_or_default();
    let action = ServerAction::<SignInRoot>::new();
    view! {
        <Title text="Root user sign in"/>
        <AuthCard title="Root user sign in">
            <ActionError result=action.value()/>
            <p class="muted">"Email: " <strong data-testid="root-email">{email.clone()}</strong> " " <a href="/signin">"(not you?)"</a></p>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="email" value=email/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" required autocomplete="current-password"/>
                <button type="submit" class="btn btn-primary">"Sign in"</button>
            </ActionForm>
            <p class="muted small">"Forgot your password? Ask the operator of this Latchkey to reset it."</p>
        </AuthCard>
    }
}

/// Page C: an IAM user's account, name and password.
#[component]
pub fn IamSignInPage() -> impl IntoView {
    let query = use_query_map();
    let account = query.read_untracked().get("account").unwrap_or_default();
    let action = ServerAction::<SignInUser>::new();
    view! {
        <Title text="IAM user sign in"/>
        <AuthCard title="Sign in as IAM user">
            <ActionError result=action.value()/>
            <ActionForm action=action attr:class="stack">
                <label for="account">"Account ID (12 digits) or account alias"</label>
                <input id="account" name="account" type="text" required value=account/>
                <label for="user_name">"IAM user name"</label>
                <input id="user_name" name="user_name" type="text" required autocomplete="username"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" required autocomplete="current-password"/>
                <button type="submit" class="btn btn-primary">"Sign in"</button>
            </ActionForm>
            <p class="small"><a href="/signin">"Sign in using root user email"</a></p>
            <p class="muted small">"Forgot your password? Ask your administrator to reset it."</p>
        </AuthCard>
    }
}
