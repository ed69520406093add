//! Latchkey's IAM console: routes, pages and components rendered on the server and hydrated in
//! the browser. Every action is a server function that calls `iam::ops`; no business rule lives
//! here.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use components::layout::ConsoleLayout;
use pages::{
    AccountSettingsPage, ChangePasswordPage, CreateAccountPage, CreateGroupPage, CreatePolicyPage,
    CreateRolePage, CreateUsersPage, CredentialReportPage, DashboardPage, EditPolicyPage,
    EventHistoryPage, GroupPage, GroupsPage, IamSignInPage, MfaSignInPage, NotFoundPage,
    PoliciesPage, PolicyPage, RolePage, RolesPage, RootPasswordPage, SecurityCredentialsPage,
    SignInPage, SimulatorPage, UserPage, UsersPage,
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
                    <Route path=path!("dashboard") view=DashboardPage/>
                    <Route path=path!("account-settings") view=AccountSettingsPage/>
                    <Route path=path!("credential-report") view=CredentialReportPage/>
                    <Route path=path!("event-history") view=EventHistoryPage/>
                    <Route path=path!("groups") view=GroupsPage/>
                    <Route path=path!("groups/create") view=CreateGroupPage/>
                    <Route path=path!("groups/:name") view=GroupPage/>
                    <Route path=path!("policy-simulator") view=SimulatorPage/>
                    <Route path=path!("security-credentials") view=SecurityCredentialsPage/>
                    <Route path=path!("policies") view=PoliciesPage/>
                    <Route path=path!("policies/create") view=CreatePolicyPage/>
                    <Route path=path!("policies/details") view=PolicyPage/>
                    <Route path=path!("policies/edit") view=EditPolicyPage/>
                    <Route path=path!("roles") view=RolesPage/>
                    <Route path=path!("roles/create") view=CreateRolePage/>
                    <Route path=path!("roles/:name") view=RolePage/>
                    <Route path=path!("users") view=UsersPage/>
                    <Route path=path!("users/create") view=CreateUsersPage/>
                    <Route path=path!("users/:name") view=UserPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
