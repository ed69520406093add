//! First start: "Create your account" (root email, password twice, optional alias).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::CreateAccount;
use crate::components::auth_card::AuthCard;
use crate::components::flash::ActionError;

#[component]
pub fn CreateAccountPage() -> impl IntoView {
    let action = ServerAction::<CreateAccount>::new();
    view! {
        <Title text="Create your account"/>
        <AuthCard title="Create your account">
            <p class="muted">"This Latchkey has no account yet. Create one: you become its root user, with unrestricted access to the account."</p>
            <ActionError result=action.value()/>
            <ActionForm action=action attr:class="stack">
                <label for="email">"Root user email address"</label>
                <input id="email" name="email" type="email" required autocomplete="email"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" required autocomplete="new-password"/>
                <small class="muted">"At least 8 characters, with three of: uppercase letters, lowercase letters, numbers and symbols."</small>
                <label for="confirm_password">"Confirm password"</label>
                <input id="confirm_password" name="confirm_password" type="password" required autocomplete="new-password"/>
                <label for="alias">"Account alias " <span class="muted">"(optional)"</span></label>
                <input id="alias" name="alias" type="text" pattern="[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]"/>
                <small class="muted">"3–63 lowercase letters, digits and single hyphens. IAM users can sign in with it instead of the account ID."</small>
                <button type="submit" class="btn btn-primary">"Create account"</button>
            </ActionForm>
        </AuthCard>
    }
}
