//! The forced password change after signing in with a password that must be reset or has
//! expired.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{ChangePassword, password_change_identity};
use crate::components::auth_card::AuthCard;
use crate::components::flash::ActionError;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let who = Resource::new(|| (), |_| password_change_identity());
    view! {
        <Title text="Change password"/>
        <AuthCard title="Change password">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match who.await {
                        Ok(who) => view! {
                            <p>"You must change your password to continue. Signed in as " <strong data-testid="pending-identity">{who}</strong>"."</p>
                        }.into_any(),
                        Err(_) => view! {
                            <p>"Your session has ended. " <a href="/signin">"Sign in again"</a>"."</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <ActionError result=action.value()/>
            <ActionForm action=action attr:class="stack">
                <label for="old_password">"Old password"</label>
                <input id="old_password" name="old_password" type="password" required autocomplete="current-password"/>
                <label for="new_password">"New password"</label>
                <input id="new_password" name="new_password" type="password" required autocomplete="new-password"/>
                <label for="confirm_password">"Retype new password"</label>
                <input id="confirm_password" name="confirm_password" type="password" required autocomplete="new-password"/>
                <button type="submit" class="btn btn-primary">"Confirm password change"</button>
            </ActionForm>
        </AuthCard>
    }
}
