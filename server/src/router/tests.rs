//! The router end to end in process: signed Query API calls, authentication failures, exact XML,
//! and the console's redirects and origin checks.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode, header};
use iam::context::{Clock, Ctx, ManualClock, SeededRandom, Settings};
use iam::ops::accounts::{Bootstrap, bootstrap};
use iam::secrets::SecretCipher;
use leptos::config::LeptosOptions;
use time::macros::datetime;
use tower::ServiceExt;

use crate::query::sigv4;
use crate::state::{AppState, StateParts};

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const HOST: &str = "127.0.0.1:4566";

struct Harness {
    router: Router,
    ctx: Ctx,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

async fn harness(with_account: bool) -> Harness {
    harness_limited(with_account, 0).await
}

async fn harness_limited(with_account: bool, rate_limit: u32) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let pool = iam::store::open(dir.path()).await.unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-29 11:42 UTC)));
    let settings = Settings {
        fixed_account_id: Some("123456789012".into()),
        ..Settings::default()
    };
    let ctx = Ctx::new(
        pool,
        clock.clone(),
        Arc::new(SeededRandom::new(1)),
        SecretCipher::from_key(&[4; 32]),
        settings,
    );
    if with_account {
        let boot = Bootstrap {
            email: "root@example.com".into(),
            password: "Root-Pass-1".into(),
            access_key: Some((KEY_ID.into(), SECRET.into())),
        };
        bootstrap(&ctx, boot).await.unwrap();
    }
    let options = LeptosOptions::builder()
        .output_name("latchkey")
        .site_root("target/site")
        .build();
    let state = AppState::new(StateParts {
        ctx: ctx.clone(),
        leptos_options: options,
        secure_cookies: false,
        tls: false,
        rate_limiter: Arc::new(crate::query::rate_limit::RateLimiter::new(rate_limit)),
        provider_keys: Arc::new(crate::oidc_keys::ProviderKeys::new().unwrap()),
    });
    let router = crate::router::build(state)
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50000))));
    Harness {
        router,
        ctx,
        clock,
        _dir: dir,
    }
}

/// Signs a form body as botocore does, with `region` and `service` in the scope.
fn signed(
    body: &str,
    key: &str,
    secret: &str,
    at: time::OffsetDateTime,
    service: &str,
) -> Request<Body> {
    let amz_date = sigv4::format_amz_date(at);
    let content_type = "application/x-www-form-urlencoded; charset=utf-8";
    let headers = vec![
        ("content-type".to_string(), content_type.to_string()),
        ("host".to_string(), HOST.to_string()),
        ("x-amz-date".to_string(), amz_date.clone()),
    ];
    let names: Vec<String> = headers.iter().map(|(n, _)| n.clone()).collect();
    let to_sign = sigv4::RequestToSign {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: body.as_bytes(),
    };
    let canonical = sigv4::canonical_request(&to_sign, &names).unwrap();
    let scope = format!("{}/us-west-2/{service}/aws4_request", &amz_date[..8]);
    let sts = sigv4::string_to_sign(&amz_date, &scope, &canonical);
    let signature = sigv4::signature(secret, &amz_date[..8], "us-west-2", service, &sts);
    Request::post("/")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, content_type)
        .header("x-amz-date", amz_date)
        .header(
            header::AUTHORIZATION,
            format!("AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={signature}"),
        )
        .body(Body::from(body.to_owned()))
        .unwrap()
}

async fn call(h: &Harness, request: Request<Body>) -> (StatusCode, String, Option<String>) {
    let response = h.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-amzn-RequestId")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = String::from_utf8(
        to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    (status, body, request_id)
}

async fn iam_call(h: &Harness, body: &str) -> (StatusCode, String) {
    let (status, body, _) = call(h, signed(body, KEY_ID, SECRET, h.clock.now(), "iam")).await;
    (status, body)
}

fn error_code(body: &str) -> &str {
    body.split("<Code>")
        .nth(1)
        .and_then(|rest| rest.split("</Code>").next())
        .unwrap_or("")
}

#[tokio::test]
async fn healthz_answers_ok() {
    let h = harness(false).await;
    let (status, body, _) = call(&h, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn create_and_get_user_through_the_api() {
    let h = harness(true).await;
    let (status, body) = iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=bob").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.starts_with("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User><Path>/</Path><UserName>bob</UserName><UserId>AIDA"), "{body}");
    assert!(body.contains("<Arn>arn:aws:iam::123456789012:user/bob</Arn><CreateDate>2026-11-29T11:42:00Z</CreateDate></User></CreateUserResult>"), "{body}");

    let (status, body) = iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=BOB").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body.contains(
            "<Code>EntityAlreadyExists</Code><Message>User with name BOB already exists.</Message>"
        ),
        "{body}"
    );

    let (status, body) = iam_call(&h, "Action=GetUser&Version=2010-05-08&UserName=nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.starts_with("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error><RequestId>"), "{body}");
}

#[tokio::test]
async fn request_id_header_matches_the_body() {
    let h = harness(true).await;
    let (_, body, request_id) = call(
        &h,
        signed(
            "Action=ListUsers&Version=2010-05-08",
            KEY_ID,
            SECRET,
            h.clock.now(),
            "iam",
        ),
    )
    .await;
    let request_id = request_id.unwrap();
    assert!(
        body.contains(&format!("<RequestId>{request_id}</RequestId>")),
        "{body}"
    );
    assert!(
        body.contains("<Users/><IsTruncated>false</IsTruncated>"),
        "{body}"
    );
}

#[tokio::test]
async fn bad_input_gets_validation_errors() {
    let h = harness(true).await;
    let (status, body) = iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=a+b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("<Code>ValidationError</Code><Message>1 validation error detected: Value &apos;a b&apos; at &apos;userName&apos; failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+</Message>"), "{body}");
    let (_, body) = iam_call(&h, "Action=CreateUser&Version=2010-05-08").await;
    assert_eq!(error_code(&body), "ValidationError");
    let (status, body) = iam_call(&h, "Action=FlyToTheMoon&Version=2010-05-08").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("<Code>InvalidAction</Code><Message>Could not find operation FlyToTheMoon for version 2010-05-08</Message>"), "{body}");
}

#[tokio::test]
async fn sts_get_caller_identity_for_root() {
    let h = harness(true).await;
    let (status, body, _) = call(
        &h,
        signed(
            "Action=GetCallerIdentity&Version=2011-06-15",
            KEY_ID,
            SECRET,
            h.clock.now(),
            "sts",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.starts_with("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><UserId>123456789012</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:root</Arn></GetCallerIdentityResult>"), "{body}");
}

#[tokio::test]
async fn authentication_failures_have_aws_codes() {
    let h = harness(true).await;
    let now = h.clock.now();
    let cases = [
        (
            signed(
                "Action=ListUsers&Version=2010-05-08",
                "AKIAUNKNOWNKEY000000",
                SECRET,
                now,
                "iam",
            ),
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
        ),
        (
            signed(
                "Action=ListUsers&Version=2010-05-08",
                KEY_ID,
                "wrong-secret-wrong-secret-wrong-secret00",
                now,
                "iam",
            ),
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
        ),
        (
            signed(
                "Action=ListUsers&Version=2010-05-08",
                KEY_ID,
                SECRET,
                now - time::Duration::minutes(16),
                "iam",
            ),
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
        ),
        (
            signed(
                "Action=ListUsers&Version=2010-05-08",
                KEY_ID,
                SECRET,
                now,
                "sts",
            ),
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
        ),
        (
            Request::post("/")
                .header(header::HOST, HOST)
                .body(Body::from("Action=ListUsers&Version=2010-05-08"))
                .unwrap(),
            StatusCode::FORBIDDEN,
            "MissingAuthenticationToken",
        ),
        (
            Request::post("/")
                .header(header::HOST, HOST)
                .header(header::AUTHORIZATION, "AWS4-HMAC-SHA256 Credential=x")
                .body(Body::from("Action=ListUsers&Version=2010-05-08"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "IncompleteSignature",
        ),
    ];
    for (request, status, code) in cases {
        let (got_status, body, _) = call(&h, request).await;
        assert_eq!((got_status, error_code(&body)), (status, code), "{body}");
    }
    // A body changed after signing no longer matches.
    let mut tampered = signed(
        "Action=ListUsers&Version=2010-05-08",
        KEY_ID,
        SECRET,
        now,
        "iam",
    );
    *tampered.body_mut() = Body::from("Action=DeleteUser&Version=2010-05-08&UserName=x");
    let (_, body, _) = call(&h, tampered).await;
    assert_eq!(error_code(&body), "SignatureDoesNotMatch");
}

#[tokio::test]
async fn inactive_and_deleted_keys_are_refused() {
    let h = harness(true).await;
    let (_, body) = iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=kim").await;
    assert!(body.contains("<UserName>kim</UserName>"));
    let (_, body) = iam_call(&h, "Action=CreateAccessKey&Version=2010-05-08&UserName=kim").await;
    let key_id = body
        .split("<AccessKeyId>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let secret = body
        .split("<SecretAccessKey>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let now = h.clock.now();

    let (status, body, _) = call(
        &h,
        signed(
            "Action=GetCallerIdentity&Version=2011-06-15",
            &key_id,
            &secret,
            now,
            "sts",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<Arn>arn:aws:iam::123456789012:user/kim</Arn>"),
        "{body}"
    );
    let (status, body, _) = call(
        &h,
        signed(
            "Action=ListUsers&Version=2010-05-08",
            &key_id,
            &secret,
            now,
            "iam",
        ),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "AccessDenied")
    );

    iam_call(&h, &format!("Action=UpdateAccessKey&Version=2010-05-08&UserName=kim&AccessKeyId={key_id}&Status=Inactive")).await;
    let (_, body, _) = call(
        &h,
        signed(
            "Action=GetCallerIdentity&Version=2011-06-15",
            &key_id,
            &secret,
            now,
            "sts",
        ),
    )
    .await;
    assert_eq!(error_code(&body), "InvalidClientTokenId");

    iam_call(
        &h,
        &format!("Action=DeleteAccessKey&Version=2010-05-08&UserName=kim&AccessKeyId={key_id}"),
    )
    .await;
    let (_, body, _) = call(
        &h,
        signed(
            "Action=GetCallerIdentity&Version=2011-06-15",
            &key_id,
            &secret,
            now,
            "sts",
        ),
    )
    .await;
    assert_eq!(error_code(&body), "InvalidClientTokenId");
}

#[tokio::test]
async fn secrets_appear_only_in_the_create_response() {
    let h = harness(true).await;
    iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=lee").await;
    let (_, created) = iam_call(&h, "Action=CreateAccessKey&Version=2010-05-08&UserName=lee").await;
    let secret = created
        .split("<SecretAccessKey>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let (_, listed) = iam_call(&h, "Action=ListAccessKeys&Version=2010-05-08&UserName=lee").await;
    assert!(
        listed.contains("<AccessKeyMetadata><member><UserName>lee</UserName>"),
        "{listed}"
    );
    assert!(!listed.contains(&secret) && !listed.contains("SecretAccessKey"));
    let db = std::fs::read(h._dir.path().join(iam::store::DATABASE_FILE)).unwrap();
    let wal = std::fs::read(
        h._dir
            .path()
            .join(format!("{}-wal", iam::store::DATABASE_FILE)),
    )
    .unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "secret found in the database files"
        );
    }
}

#[tokio::test]
async fn pagination_markers_let_clients_follow() {
    let h = harness(true).await;
    for name in ["u1", "u2", "u3", "u4", "u5"] {
        iam_call(
            &h,
            &format!("Action=CreateUser&Version=2010-05-08&UserName={name}"),
        )
        .await;
    }
    let (_, first) = iam_call(&h, "Action=ListUsers&Version=2010-05-08&MaxItems=2").await;
    assert!(
        first.contains("<IsTruncated>true</IsTruncated><Marker>"),
        "{first}"
    );
    let marker = first
        .split("<Marker>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let mut seen = 2;
    let mut marker = Some(marker);
    while let Some(m) = marker.take() {
        let encoded: String = form_urlencoded::byte_serialize(m.as_bytes()).collect();
        let (_, page) = iam_call(
            &h,
            &format!("Action=ListUsers&Version=2010-05-08&MaxItems=2&Marker={encoded}"),
        )
        .await;
        seen += page.matches("<member>").count();
        marker = page
            .split("<Marker>")
            .nth(1)
            .map(|rest| rest.split('<').next().unwrap().to_owned());
    }
    assert_eq!(seen, 5);
    let (status, body) = iam_call(&h, "Action=ListUsers&Version=2010-05-08&Marker=garbage").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "InvalidInput")
    );
}

#[tokio::test]
async fn console_pages_redirect_by_session_state() {
    let h = harness(false).await;
    let location = |response: &axum::response::Response| {
        response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let response = h.router.clone().oneshot(get("/signin")).await.unwrap();
    assert_eq!(
        location(&response).as_deref(),
        Some("/create-account"),
        "no account yet"
    );

    bootstrap(
        &h.ctx,
        Bootstrap {
            email: "root@example.com".into(),
            password: "Root-Pass-1".into(),
            access_key: None,
        },
    )
    .await
    .unwrap();
    let response = h
        .router
        .clone()
        .oneshot(get("/create-account"))
        .await
        .unwrap();
    assert_eq!(
        location(&response).as_deref(),
        Some("/signin"),
        "sign-up closed"
    );
    let response = h
        .router
        .clone()
        .oneshot(get("/iam/dashboard"))
        .await
        .unwrap();
    assert_eq!(
        location(&response).as_deref(),
        Some("/signin"),
        "no session"
    );
    let response = h
        .router
        .clone()
        .oneshot(get("/signin/change-password"))
        .await
        .unwrap();
    assert_eq!(location(&response).as_deref(), Some("/signin"));

    let signed = iam::ops::signin::sign_in_root(&h.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let with_cookie = Request::get("/signin")
        .header(
            header::COOKIE,
            format!("latchkey-session={}", signed.token.expose()),
        )
        .body(Body::empty())
        .unwrap();
    let response = h.router.clone().oneshot(with_cookie).await.unwrap();
    assert_eq!(
        location(&response).as_deref(),
        Some("/iam/dashboard"),
        "already signed in"
    );
}

#[tokio::test]
async fn server_functions_refuse_other_origins() {
    let h = harness(true).await;
    let cross = Request::post("/api/sign_out")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = call(&h, cross).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let fetch_site = Request::post("/api/sign_out")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = call(&h, fetch_site).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn server_functions_of_a_session_need_its_anti_forgery_token() {
    let h = harness(true).await;
    let signed = iam::ops::signin::sign_in_root(&h.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let token = signed.token.expose().to_owned();
    let post = |csrf: Option<String>| {
        let mut request = Request::post("/api/sign_out")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::COOKIE, format!("latchkey-session={token}"));
        if let Some(csrf) = csrf {
            request = request.header("x-latchkey-csrf", csrf);
        }
        request.body(Body::empty()).unwrap()
    };
    let (status, body, _) = call(&h, post(None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("anti-forgery token"), "{body}");
    let (status, _, _) = call(&h, post(Some("0".repeat(64)))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a wrong token is refused");
    let right = iam::ops::signin::csrf_token(&token);
    let (status, body, _) = call(&h, post(Some(right))).await;
    assert!(!body.contains("anti-forgery token"), "{status} {body}");
}

#[tokio::test]
async fn page_loads_of_a_session_get_its_anti_forgery_cookie() {
    let h = harness(true).await;
    let signed = iam::ops::signin::sign_in_root(&h.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let token = signed.token.expose().to_owned();
    let request = Request::get("/healthz")
        .header(header::COOKIE, format!("latchkey-session={token}"))
        .body(Body::empty())
        .unwrap();
    let response = h.router.clone().oneshot(request).await.unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let expected = format!("latchkey-csrf={}", iam::ops::signin::csrf_token(&token));
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with(&expected) && !c.contains("HttpOnly")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let h = harness(true).await;
    let response = h
        .router
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let headers = response.headers();
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(
        headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "same-origin");
    assert!(
        headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "no HSTS over plain HTTP"
    );
    let again = h
        .router
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_ne!(
        again
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap(),
        csp,
        "a fresh nonce per response"
    );
}

#[tokio::test]
async fn a_key_over_its_rate_gets_throttling() {
    let h = harness_limited(true, 2).await;
    let body = "Action=GetUser&Version=2010-05-08";
    let mut codes = Vec::new();
    for _ in 0..6 {
        let (status, body) = iam_call(&h, body).await;
        codes.push((status, error_code(&body).to_owned()));
    }
    // Two a second, bursts of four: the first four pass, then Throttling.
    assert!(
        codes[..4].iter().all(|(s, _)| *s == StatusCode::OK),
        "{codes:?}"
    );
    assert_eq!(codes[5], (StatusCode::BAD_REQUEST, "Throttling".to_owned()));
}

#[tokio::test]
async fn request_bodies_over_the_cap_are_refused() {
    let h = harness(true).await;
    let huge = format!(
        "Action=CreateUser&Version=2010-05-08&UserName={}",
        "a".repeat(crate::router::MAX_BODY_BYTES + 1)
    );
    let (status, _) = iam_call(&h, &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_query_api_ignores_console_cookies() {
    let h = harness(true).await;
    let signed = iam::ops::signin::sign_in_root(&h.ctx, "root@example.com", &"Root-Pass-1".into())
        .await
        .unwrap();
    let token = signed.token.expose();
    let request = Request::post("/")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!(
                "latchkey-session={token}; latchkey-csrf={}",
                iam::ops::signin::csrf_token(token)
            ),
        )
        .body(Body::from("Action=ListUsers&Version=2010-05-08"))
        .unwrap();
    let (status, body, _) = call(&h, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "MissingAuthenticationToken");
}

#[tokio::test]
async fn each_issuer_publishes_its_discovery_document_without_credentials() {
    let h = harness(true).await;
    let (status, body) = iam_call(
        &h,
        "Action=EnableOutboundWebIdentityFederation&Version=2010-05-08",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let issuer = body
        .split("<IssuerIdentifier>")
        .nth(1)
        .and_then(|rest| rest.split("</IssuerIdentifier>").next())
        .unwrap()
        .to_owned();
    let path = issuer.strip_prefix("http://127.0.0.1:4566").unwrap();
    let get = |suffix: &str| {
        Request::get(format!("{path}/.well-known/{suffix}"))
            .body(Body::empty())
            .unwrap()
    };
    let (status, body, _) = call(&h, get("openid-configuration")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let document: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(document["issuer"], issuer.as_str());
    let (status, body, _) = call(&h, get("jwks.json")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let keys: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(keys["keys"].as_array().map(Vec::len), Some(2));

    let unknown = Request::get("/oidc/nobody/.well-known/jwks.json")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&h, unknown).await.0, StatusCode::NOT_FOUND);
    let (status, body) = iam_call(
        &h,
        "Action=EnableOutboundWebIdentityFederation&Version=2010-05-08",
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "FeatureEnabled")
    );
}

#[tokio::test]
async fn only_the_federation_actions_are_answered_unsigned() {
    let h = harness(true).await;
    let unsigned = |body: &str| {
        Request::post("/")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let (status, body, _) = call(
        &h,
        unsigned(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=s1&WebIdentityToken=not.a.token",
        ),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "InvalidIdentityToken"),
        "{body}"
    );
    assert!(
        body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
        "{body}"
    );
    let (status, body, _) = call(
        &h,
        unsigned(
            "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2FCorp&SAMLAssertion=PHNhbWxwOlJlc3BvbnNlLz4%3D",
        ),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "InvalidIdentityToken"),
        "{body}"
    );
    let (status, body, _) = call(&h, unsigned("Action=GetCallerIdentity&Version=2011-06-15")).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "MissingAuthenticationToken"),
        "{body}"
    );
}

#[tokio::test]
async fn a_switched_role_in_the_cookie_does_not_reach_a_signed_api_call() {
    let h = harness(true).await;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#;
    let assume = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;
    for body in [
        "Action=CreateUser&Version=2010-05-08&UserName=sam".to_owned(),
        "Action=CreateLoginProfile&Version=2010-05-08&UserName=sam&Password=Sam-Pass-1234"
            .to_owned(),
        format!(
            "Action=PutUserPolicy&Version=2010-05-08&UserName=sam&PolicyName=assume&PolicyDocument={}",
            form_urlencoded::byte_serialize(assume.as_bytes()).collect::<String>()
        ),
        format!(
            "Action=CreateRole&Version=2010-05-08&RoleName=auditor&AssumeRolePolicyDocument={}",
            form_urlencoded::byte_serialize(trust.as_bytes()).collect::<String>()
        ),
    ] {
        let (status, response) = iam_call(&h, &body).await;
        assert_eq!(status, StatusCode::OK, "{response}");
    }
    let signed_in =
        iam::ops::signin::sign_in_user(&h.ctx, "123456789012", "sam", &"Sam-Pass-1234".into())
            .await
            .unwrap();
    let token = signed_in.token.expose();
    let request = iam::ops::switch_role::SwitchRoleRequest {
        account: "123456789012".into(),
        role: "auditor".into(),
        display_name: String::new(),
    };
    iam::ops::switch_role::switch_role(&h.ctx, token, &request)
        .await
        .unwrap();

    // A caller allowed only with long-term credentials signs with the switched session's
    // cookie: were the role session's credential in scope, `aws:TokenIssueTime` would exist.
    let long_term_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}]}"#;
    let (_, created) = iam_call(&h, "Action=CreateUser&Version=2010-05-08&UserName=ops").await;
    assert!(created.contains("<UserName>ops</UserName>"), "{created}");
    let (_, key) = iam_call(&h, "Action=CreateAccessKey&Version=2010-05-08&UserName=ops").await;
    let field = |name: &str| {
        key.split(&format!("<{name}>"))
            .nth(1)
            .and_then(|rest| rest.split(&format!("</{name}>")).next())
            .unwrap()
            .to_owned()
    };
    let (key_id, secret) = (field("AccessKeyId"), field("SecretAccessKey"));
    let put = format!(
        "Action=PutUserPolicy&Version=2010-05-08&UserName=ops&PolicyName=long-term&PolicyDocument={}",
        form_urlencoded::byte_serialize(long_term_only.as_bytes()).collect::<String>()
    );
    let (status, body) = iam_call(&h, &put).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut request = signed(
        "Action=CreateUser&Version=2010-05-08&UserName=carol",
        &key_id,
        &secret,
        h.clock.now(),
        "iam",
    );
    request.headers_mut().insert(
        header::COOKIE,
        format!("latchkey-session={token}").parse().unwrap(),
    );
    let (status, body, _) = call(&h, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
