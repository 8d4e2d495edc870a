//! Tests of the staff extractors: session lookup, CSRF-checked typed forms.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use super::*;
use crate::staff::accounts::Accounts;
use crate::staff::sessions::Sessions;
use crate::storage::Storage;
use crate::tickets::{StoredOutbox, StoredTickets};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NoteForm {
    note: String,
}

fn state() -> StaffState {
    let db = Storage::temporary().unwrap();
    StaffState {
        tickets: Arc::new(StoredTickets::new(&db).unwrap()),
        outbox: Arc::new(StoredOutbox::new(&db).unwrap()),
        accounts: Arc::new(Accounts::new(&db).unwrap()),
        sessions: Sessions::new(&db).unwrap(),
        transport: Default::default(),
        deadlines: Default::default(),
        notice: Arc::new(|t: &crate::tickets::Ticket, a: &str| format!("{}: {a}", t.code)),
        replies: crate::staff::replies::SavedReplies::new(&db).unwrap(),
        dossiers: Arc::new(crate::dossiers::StoredDossiers::new(&db).unwrap()),
        places: Default::default(),
        events: Arc::new(crate::events::StoredEvents::new(&db).unwrap()),
        titles: Arc::new(|_: &str| None),
        service: "Trợ lý thủ tục hành chính".into(),
    }
}

/// A logged-in state: (state, session cookie token, session CSRF token).
fn logged_in() -> (StaffState, String, String) {
    let st = state();
    st.accounts.add("lan", "mat-khau-123").unwrap();
    let (token, session) = st.sessions.create("lan").unwrap();
    (st, token, session.csrf)
}

fn post(cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post("/staff/tickets/PA-1/note")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

async fn extract(st: &StaffState, req: Request<Body>) -> Result<CsrfForm<NoteForm>, Response> {
    CsrfForm::<NoteForm>::from_request(req, st).await
}

#[test]
fn cookie_value_finds_one_cookie_among_several() {
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, "a=1; tthc_staff=abc; b=2".parse().unwrap());
    assert_eq!(cookie_value(&headers, "tthc_staff").as_deref(), Some("abc"));
    assert_eq!(cookie_value(&headers, "tthc"), None);
    assert_eq!(cookie_value(&HeaderMap::new(), "a"), None);
}

#[test]
fn verify_csrf_needs_an_expected_token_and_an_exact_match() {
    assert!(verify_csrf(Some("abc"), "abc").is_ok());
    let refused = verify_csrf(Some("abc"), "abd").unwrap_err();
    assert_eq!(refused.into_response().status(), StatusCode::FORBIDDEN);
    assert!(verify_csrf(Some("abc"), "").is_err());
    assert!(verify_csrf(None, "abc").is_err());
}

#[tokio::test]
async fn a_form_with_the_session_token_is_accepted_with_its_fields() {
    let (st, token, csrf) = logged_in();
    let cookie = format!("{COOKIE}={token}");
    let body = format!("csrf={csrf}&note=Ghi+ch%C3%BA&other=x");
    let form = extract(&st, post(Some(&cookie), &body)).await.unwrap();
    assert_eq!(form.fields.note, "Ghi chú");
    assert_eq!(
        (form.session.staff.as_str(), form.session.token),
        ("lan", token)
    );
}

#[tokio::test]
async fn a_wrong_or_missing_token_is_refused_with_403() {
    let (st, token, csrf) = logged_in();
    let cookie = format!("{COOKIE}={token}");
    for body in [
        "note=x".to_owned(),
        "csrf=wrong&note=x".into(),
        format!("csrf={csrf}x"),
    ] {
        let refused = extract(&st, post(Some(&cookie), &body))
            .await
            .err()
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{body}");
    }
}

#[tokio::test]
async fn without_a_live_session_the_form_redirects_to_the_login() {
    let (st, token, csrf) = logged_in();
    let body = format!("csrf={csrf}&note=x");
    for cookie in [
        None,
        Some(format!("{COOKIE}=other")),
        Some(format!("x={token}")),
    ] {
        let r = extract(&st, post(cookie.as_deref(), &body))
            .await
            .err()
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/staff/login");
    }
    st.sessions.remove(&token);
    let cookie = format!("{COOKIE}={token}");
    let r = extract(&st, post(Some(&cookie), &body))
        .await
        .err()
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_form_that_is_not_urlencoded_is_rejected_before_the_session_check() {
    let st = state();
    let req = Request::post("/staff/logout")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let r = CsrfForm::<NoFields>::from_request(req, &st)
        .await
        .err()
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn the_session_extractor_redirects_and_its_option_does_not() {
    let (st, token, _) = logged_in();
    let (mut parts, _) = Request::get("/staff").body(()).unwrap().into_parts();
    let r = <StaffSession as FromRequestParts<_>>::from_request_parts(&mut parts, &st).await;
    assert_eq!(r.unwrap_err().status(), StatusCode::SEE_OTHER);
    let none = <Option<StaffSession> as FromRequestParts<_>>::from_request_parts(&mut parts, &st);
    assert!(none.await.unwrap().is_none());
    let (mut parts, _) = Request::get("/staff")
        .header(header::COOKIE, format!("{COOKIE}={token}"))
        .body(())
        .unwrap()
        .into_parts();
    let s = <StaffSession as FromRequestParts<_>>::from_request_parts(&mut parts, &st).await;
    assert_eq!(s.unwrap().staff, "lan");
}

#[tokio::test]
async fn a_disabled_or_unknown_account_has_no_session() {
    let (st, token, csrf) = logged_in();
    let cookie = format!("{COOKIE}={token}");
    let body = format!("csrf={csrf}&note=x");
    assert!(extract(&st, post(Some(&cookie), &body)).await.is_ok());
    st.accounts.set_disabled("lan", true).unwrap();
    let r = extract(&st, post(Some(&cookie), &body))
        .await
        .err()
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    st.accounts.set_disabled("lan", false).unwrap();
    let r = extract(&st, post(Some(&cookie), &body))
        .await
        .err()
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the session ended for good"
    );

    let (ghost, _) = st.sessions.create("khong-co").unwrap();
    let cookie = format!("{COOKIE}={ghost}");
    assert!(extract(&st, post(Some(&cookie), &body)).await.is_err());
}
