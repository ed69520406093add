//! Flash banners: the red error banner that shows an AWS error message, and the green success
//! banner.

use leptos::prelude::*;

use crate::error::ConsoleError;

/// Shows the error of the latest action result, if any.
#[component]
pub fn ActionError<T, S>(result: S) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, ConsoleError>>> + Send + Sync + 'static,
{
    move || {
        result.get().and_then(Result::err).map(|err| {
            view! { <ErrorBanner message=err.message/> }
        })
    }
}

/// The error banner of a page section the caller may not read (`Err(message)`), if it is one.
pub fn section_error(result: &Result<impl Sized, String>) -> Option<AnyView> {
    result
        .as_ref()
        .err()
        .map(|m| view! { <ErrorBanner message=m.clone()/> }.into_any())
}

#[component]
pub fn ErrorBanner(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="flash flash-error" role="alert">
            <span class="flash-icon" aria-hidden="true"></span>
            <span class="flash-text">{message}</span>
        </div>
    }
}

#[component]
pub fn SuccessBanner(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="flash flash-success" role="status">
            <span class="flash-text">{message}</span>
        </div>
    }
}
