//! The second sign-in step for a root user or IAM user with an MFA device.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::VerifyMfa;
use crate::components::auth_card::AuthCard;
use crate::components::flash::ActionError;

#[component]
pub fn MfaSignInPage() -> impl IntoView {
    let action = ServerAction::<VerifyMfa>::new();
    view! {
        <Title text="Multi-factor authentication"/>
        <AuthCard title="Multi-factor authentication">
            <p>"Your account is secured with multi-factor authentication (MFA). Enter the code from your authenticator app."</p>
            <ActionError result=action.value()/>
            <ActionForm action=action attr:class="stack">
                <label for="mfa-code">"MFA code"</label>
                <input id="mfa-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9]{6}" maxlength="6" required data-testid="mfa-code"/>
                <button type="submit" class="btn btn-primary">"Submit"</button>
            </ActionForm>
        </AuthCard>
    }
}
