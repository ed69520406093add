//! Latchkey's IAM console: routes, pages and components rendered on the server and hydrated in
//! the browser. Every action is a server function that calls `iam::ops`; no business rule lives
//! here.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod lazy_pages;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use components::layout::ConsoleLayout;
use lazy_pages::{
    AccountSettingsRoute, CreateGroupRoute, CreatePolicyRoute, CreateRoleRoute, CreateUsersRoute,
    CredentialReportRoute, DashboardRoute, EditPolicyRoute, EventHistoryRoute, GroupRoute,
    GroupsRoute, IdentityProviderRoute, IdentityProvidersRoute, PoliciesRoute, PolicyRoute,
    RoleRoute, RolesRoute, SecurityCredentialsRoute, SimulatorRoute, SwitchRoleRoute, UserRoute,
    UsersRoute,
};
use leptos_router::Lazy;
use pages::{
    ChangePasswordPage, CreateAccountPage, IamSignInPage, MfaSignInPage, NotFoundPage,
    RootPasswordPage, SignInPage,
};

/// The name of the generated JS, WASM and CSS bundles under `/pkg`.
pub const OUTPUT_NAME: &str = "latchkey";

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="latchkey" href="/pkg/latchkey.css"/>
        <Title formatter=|text: String| format!("{text} | Latchkey IAM")/>
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/create-account") view=CreateAccountPage/>
                <Route path=path!("/signin") view=SignInPage/>
                <Route path=path!("/signin/root") view=RootPasswordPage/>
                <Route path=path!("/signin/iam") view=IamSignInPage/>
                <Route path=path!("/signin/change-password") view=ChangePasswordPage/>
                <Route path=path!("/signin/mfa") view=MfaSignInPage/>
                <Route path=path!("/console") view=|| view! { <Redirect path="/iam/dashboard"/> }/>
                <ParentRoute path=path!("/iam") view=ConsoleLayout>
                    <Route path=path!("") view=|| view! { <Redirect path="/iam/dashboard"/> }/>
                    <Route path=path!("dashboard") view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("account-settings") view={Lazy::<AccountSettingsRoute>::new()}/>
                    <Route path=path!("credential-report") view={Lazy::<CredentialReportRoute>::new()}/>
                    <Route path=path!("event-history") view={Lazy::<EventHistoryRoute>::new()}/>
                    <Route path=path!("groups") view={Lazy::<GroupsRoute>::new()}/>
                    <Route path=path!("groups/create") view={Lazy::<CreateGroupRoute>::new()}/>
                    <Route path=path!("groups/:name") view={Lazy::<GroupRoute>::new()}/>
                    <Route path=path!("identity-providers") view={Lazy::<IdentityProvidersRoute>::new()}/>
                    <Route path=path!("identity-providers/details") view={Lazy::<IdentityProviderRoute>::new()}/>
                    <Route path=path!("policy-simulator") view={Lazy::<SimulatorRoute>::new()}/>
                    <Route path=path!("security-credentials") view={Lazy::<SecurityCredentialsRoute>::new()}/>
                    <Route path=path!("switch-role") view={Lazy::<SwitchRoleRoute>::new()}/>
                    <Route path=path!("policies") view={Lazy::<PoliciesRoute>::new()}/>
                    <Route path=path!("policies/create") view={Lazy::<CreatePolicyRoute>::new()}/>
                    <Route path=path!("policies/details") view={Lazy::<PolicyRoute>::new()}/>
                    <Route path=path!("policies/edit") view={Lazy::<EditPolicyRoute>::new()}/>
                    <Route path=path!("roles") view={Lazy::<RolesRoute>::new()}/>
                    <Route path=path!("roles/create") view={Lazy::<CreateRoleRoute>::new()}/>
                    <Route path=path!("roles/:name") view={Lazy::<RoleRoute>::new()}/>
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("users/create") view={Lazy::<CreateUsersRoute>::new()}/>
                    <Route path=path!("users/:name") view={Lazy::<UserRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
