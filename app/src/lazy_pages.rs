//! The console's pages as lazy routes: each page's code is a WASM chunk of its own, fetched the
//! first time the page is shown, so the first download holds only the shell, the sign-in pages
//! and what every page shares (`cargo leptos build --split`).
//!
//! Each page is split with `wasm_split`'s `fallible` option instead of Leptos's `#[lazy_route]`:
//! a chunk that fails to download (the network is down, or the page is left while it is still
//! downloading) then shows a message instead of aborting the whole module. On the server the
//! page renders directly and names its chunk, so the document asks the browser to preload it.

// The split points' linkage (`wasm_split`'s imports, exports and loader statics) is generated
// code that needs `unsafe`; no hand-written unsafe code lives here.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

use crate::components::flash::ErrorBanner;
use crate::pages::{
    AccountSettingsPage, CreateGroupPage, CreatePolicyPage, CreateRolePage, CreateUsersPage,
    CredentialReportPage, DashboardPage, EditPolicyPage, EventHistoryPage, GroupPage, GroupsPage,
    IdentityProviderPage, IdentityProvidersPage, PoliciesPage, PolicyPage, RolePage, RolesPage,
    SecurityCredentialsPage, SimulatorPage, SwitchRolePage, UserPage, UsersPage,
};

/// Shown when a page's code could not be fetched.
fn chunk_failed() -> AnyView {
    view! {
        <ErrorBanner message="This page could not be loaded. Check the connection and reload the page."/>
    }
    .into_any()
}

/// `Route => Page in chunk;` makes `Route` a lazy route showing the component `Page`, whose
/// code goes into the WASM chunk `chunk`.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident in $chunk:ident;)*) => {$(
        #[doc = concat!("The lazy route of `", stringify!($page), "`.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(not(feature = "hydrate"))]
                leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                $chunk().await.unwrap_or_else(|_| chunk_failed())
            }

            // Hydration awaits this before it renders the route, so the chunk is there when
            // `view` runs. A failure here is met again, and shown, by `view`.
            async fn preload() {
                let _ = paste::paste! { [<__wasm_split_preload_ $chunk>]() }.await;
            }
        }

        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }
    )*};
}

lazy_pages! {
    DashboardRoute => DashboardPage in dashboard_page;
    AccountSettingsRoute => AccountSettingsPage in account_settings_page;
    CredentialReportRoute => CredentialReportPage in credential_report_page;
    EventHistoryRoute => EventHistoryPage in event_history_page;
    GroupsRoute => GroupsPage in groups_page;
    CreateGroupRoute => CreateGroupPage in create_group_page;
    GroupRoute => GroupPage in group_page;
    SimulatorRoute => SimulatorPage in simulator_page;
    SwitchRoleRoute => SwitchRolePage in switch_role_page;
    SecurityCredentialsRoute => SecurityCredentialsPage in security_credentials_page;
    PoliciesRoute => PoliciesPage in policies_page;
    CreatePolicyRoute => CreatePolicyPage in create_policy_page;
    PolicyRoute => PolicyPage in policy_page;
    EditPolicyRoute => EditPolicyPage in edit_policy_page;
    RolesRoute => RolesPage in roles_page;
    CreateRoleRoute => CreateRolePage in create_role_page;
    RoleRoute => RolePage in role_page;
    IdentityProvidersRoute => IdentityProvidersPage in identity_providers_page;
    IdentityProviderRoute => IdentityProviderPage in identity_provider_page;
    UsersRoute => UsersPage in users_page;
    CreateUsersRoute => CreateUsersPage in create_users_page;
    UserRoute => UserPage in user_page;
}
