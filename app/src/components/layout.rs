//! The console shell: the header with the signed-in identity, Switch role (or Switch back) and
//! Sign out, the left navigation, and the page. A page reached without a session goes back to
//! sign-in.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_navigate;

use crate::api::{SessionView, SignOut, SwitchBack, current_identity};
use crate::error::ConsoleError;

/// Who the console acts as, shared with the pages that change it (Switch role).
#[derive(Clone, Copy)]
pub struct Identity(pub Resource<Result<SessionView, ConsoleError>>);

#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let identity = Resource::new(|| (), |_| current_identity());
    provide_context(Identity(identity));
    let navigate = use_navigate();
    let switch_back = ServerAction::<SwitchBack>::new();
    let after_switch = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = switch_back.value().get() {
            identity.refetch();
            after_switch("/iam/dashboard", Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Err(err)) = identity.get()
            && err.is_not_signed_in()
        {
            navigate("/signin", Default::default());
        }
    });
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="console">
            <header class="topbar">
                <a class="brand" href="/iam/dashboard">
                    <img class="brand-mark" src="/favicon.svg" alt="" width="24" height="24"/>
                    <span class="brand-name">"Latchkey"</span>
                    <span class="brand-service">"IAM"</span>
                </a>
                <div class="topbar-right">
                    <Suspense fallback=|| view! { <span class="identity muted">"…"</span> }>
                        {move || Suspend::new(async move {
                            identity.await.ok().map(|who| {
                                let switched = who.signed_in_as.clone();
                                view! {
                                    <span class="identity" class:switched-role=switched.is_some() data-testid="identity" title=who.arn.clone()>{who.display}</span>
                                    {switched.map(|user| view! {
                                        <span class="muted small" data-testid="signed-in-as">"Signed in as " {user}</span>
                                        <button type="button" class="btn btn-link" data-testid="switch-back"
                                            on:click=move |_| { switch_back.dispatch(SwitchBack {}); }>"Switch back"</button>
                                    })}
                                    {(who.can_switch_role && who.signed_in_as.is_none()).then(|| view! {
                                        <A href="/iam/switch-role" attr:class="btn btn-link" attr:data-testid="switch-role">"Switch role"</A>
                                    })}
                                }
                            })
                        })}
                    </Suspense>
                    <ActionForm action=sign_out attr:class="inline-form">
                        <button type="submit" class="btn btn-link" data-testid="sign-out">"Sign out"</button>
                    </ActionForm>
                </div>
            </header>
            <div class="console-body">
                <nav class="sidenav" aria-label="Identity and Access Management">
                    <div class="sidenav-title">"Identity and Access Management (IAM)"</div>
                    <ul>
                        <li><A href="/iam/dashboard">"Dashboard"</A></li>
                        <li><A href="/iam/security-credentials">"My security credentials"</A></li>
                    </ul>
                    <div class="sidenav-group">"Access management"</div>
                    <ul>
                        <li><A href="/iam/groups">"User groups"</A></li>
                        <li><A href="/iam/users">"Users"</A></li>
                        <li><A href="/iam/roles">"Roles"</A></li>
                        <li><A href="/iam/policies">"Policies"</A></li>
                        <li><A href="/iam/identity-providers">"Identity providers"</A></li>
                        <li><A href="/iam/account-settings">"Account settings"</A></li>
                    </ul>
                    <div class="sidenav-group">"Access reports"</div>
                    <ul>
                        <li><A href="/iam/credential-report">"Credential report"</A></li>
                        <li><A href="/iam/policy-simulator">"Policy simulator"</A></li>
                        <li><A href="/iam/event-history">"Event history"</A></li>
                    </ul>
                </nav>
                <main class="content">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}
