//! "Switch role": an IAM user enters a role's account and name (or follows a role's switch-role
//! link, which fills them in) and the console then acts as that role until they switch back.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use iam::model::switch_role::MAX_DISPLAY_NAME_CHARS;

use crate::api::SwitchRole;
use crate::components::flash::ErrorBanner;
use crate::components::layout::Identity;

#[component]
pub fn SwitchRolePage() -> impl IntoView {
    let query = use_query_map();
    let given = move |key: &str| query.with_untracked(|q| q.get(key).unwrap_or_default());
    let account = RwSignal::new(given("account"));
    let role = RwSignal::new(given("roleName"));
    let display_name = RwSignal::new(given("displayName"));
    let switch = ServerAction::<SwitchRole>::new();
    let identity = use_context::<Identity>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = switch.value().get() {
            if let Some(identity) = identity {
                identity.0.refetch();
            }
            navigate("/iam/dashboard", Default::default());
        }
    });
    let incomplete =
        move || account.with(|a| a.trim().is_empty()) || role.with(|r| r.trim().is_empty());
    view! {
        <Title text="Switch role"/>
        <h1>"Switch role"</h1>
        <section class="panel">
            <p>"Switching roles lets you manage resources with the permissions of a role, in this account or another, without signing in again. An administrator creates the role, trusts you (or your account) in its trust policy and tells you the account and role name."</p>
            <p class="muted">"The role session lasts one hour. Switch back from the top bar at any time."</p>
            <label for="switch-account">"Account ID or alias"</label>
            <input id="switch-account" type="text" data-testid="switch-account" autocomplete="off"
                prop:value=move || account.get() on:input=move |ev| account.set(event_target_value(&ev))/>
            <label for="switch-role-name">"IAM role name"</label>
            <input id="switch-role-name" type="text" data-testid="switch-role-name" autocomplete="off"
                prop:value=move || role.get() on:input=move |ev| role.set(event_target_value(&ev))/>
            <p class="muted small">"If the role has a path, enter the path and the name: division/admin."</p>
            <label for="switch-display-name">"Display name - " <span class="muted">"optional"</span></label>
            <input id="switch-display-name" type="text" data-testid="switch-display-name" maxlength=MAX_DISPLAY_NAME_CHARS
                prop:value=move || display_name.get() on:input=move |ev| display_name.set(event_target_value(&ev))/>
        </section>
        {move || switch.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
        <div class="wizard-buttons">
            <a class="btn" href="/iam/dashboard">"Cancel"</a>
            <button type="button" class="btn btn-primary" data-testid="switch-role-submit"
                disabled=move || incomplete() || switch.pending().get()
                on:click=move |_| {
                    switch.dispatch(SwitchRole {
                        account: account.get_untracked(),
                        role: role.get_untracked(),
                        display_name: display_name.get_untracked(),
                    });
                }>"Switch role"</button>
        </div>
    }
}
