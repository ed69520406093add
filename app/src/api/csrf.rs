//! The console's anti-forgery token on the wire: every server-function call carries the
//! session's token (from a cookie only the console's own pages can read) in a header, which the
//! server checks against the session cookie.

/// The cookie holding the token, readable by the console's script (not HttpOnly).
pub const CSRF_COOKIE: &str = "latchkey-csrf";
/// The request header the token is sent back in.
pub const CSRF_HEADER: &str = "x-latchkey-csrf";

use leptos::server_fn::client::Client;
use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;

/// The browser client of every server function: the default `fetch` client plus the header.
pub struct CsrfClient;

impl<E, IS, OS> Client<E, IS, OS> for CsrfClient
where
    E: FromServerFnError,
    IS: FromServerFnError,
    OS: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(req: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        #[cfg(feature = "hydrate")]
        if let Some(token) = token_from_cookie() {
            req.headers().set(CSRF_HEADER, &token);
        }
        <BrowserClient as Client<E, IS, OS>>::send(req)
    }

    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<bytes::Bytes, bytes::Bytes>> + Send + 'static,
                impl futures::Sink<bytes::Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, IS, OS>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, IS, OS>>::spawn(future)
    }
}

/// The token in `document.cookie`, if the session has one.
#[cfg(feature = "hydrate")]
fn token_from_cookie() -> Option<String> {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?;
    let cookies = document.cookie().ok()?;
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == CSRF_COOKIE)
        .map(|(_, value)| value.to_owned())
}
