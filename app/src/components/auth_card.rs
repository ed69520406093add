//! The centred card the sign-in and account-creation pages sit in.

use leptos::prelude::*;

#[component]
pub fn AuthCard(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="auth-page">
            <div class="auth-brand">
                <img class="brand-mark" src="/favicon.svg" alt="" width="24" height="24"/>
                <span class="brand-name">"Latchkey"</span>
            </div>
            <main class="auth-card">
                <h1>{title}</h1>
                {children()}
            </main>
        </div>
    }
}
