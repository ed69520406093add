//! The console shell: the header with the signed-in identity and Sign out, the left navigation,
//! and the page. A page reached without a session goes back to sign-in.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_navigate;

use crate::api::{SignOut, current_identity};

#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let identity = Resource::new(|| (), |_| current_identity());
    let navigate = use_navigate();
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
                            identity.await.ok().map(|who| view! {
                                <span class="identity" data-testid="identity" title=who.arn.clone()>{who.display}</span>
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
