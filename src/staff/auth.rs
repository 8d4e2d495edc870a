//! Staff login and logout. The login form carries a CSRF token that must match the
//! `tthc_login_csrf` cookie set with the form; a good password opens a session whose
//! token goes in the `tthc_staff` cookie.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::accounts::{Account, LoginError};
use super::extract::{cookie_value, to_login, verify_csrf, CsrfForm, NoFields, StaffSession};
use super::html::{respond, LoginPage};
use super::routes::StaffState;
use super::sessions::{random_token, COOKIE, LOGIN_CSRF_COOKIE};

/// How long the login form's CSRF cookie lives.
const LOGIN_CSRF_SECS: i64 = 3600;
/// How long the session cookie lives (a working day, as the session).
const SESSION_COOKIE_SECS: i64 = 12 * 3600;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    csrf: String,
    name: String,
    password: String,
}

/// `response` with a staff cookie set (an empty value and age 0 delete it).
fn with_cookie(mut response: Response, name: &str, value: &str, max_age: i64) -> Response {
    let c = format!("{name}={value}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age={max_age}");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, c.parse().expect("valid cookie"));
    response
}

pub async fn login_page(session: Option<StaffSession>) -> Response {
    if session.is_some() {
        return Redirect::to("/staff").into_response();
    }
    login_form(StatusCode::OK, None)
}

/// The login form with a fresh CSRF token in the page and in its cookie.
fn login_form(status: StatusCode, error: Option<&str>) -> Response {
    let csrf = random_token();
    let page = respond(status, &LoginPage::new(&csrf, error));
    with_cookie(page, LOGIN_CSRF_COOKIE, &csrf, LOGIN_CSRF_SECS)
}

pub async fn login(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE);
    if let Err(rejected) = verify_csrf(expected.as_deref(), &form.csrf) {
        return rejected.into_response();
    }
    let name = form.name.trim().to_owned();
    let accounts = st.accounts.clone();
    let checked = tokio::task::spawn_blocking({
        let name = name.clone();
        move || accounts.login(&name, &form.password)
    })
    .await
    .unwrap_or(Err(LoginError::WrongCredentials));
    match checked {
        Ok(account) => open_session(&st, &account),
        Err(e) => {
            if e == LoginError::WrongCredentials {
                tracing::warn!(staff = %name, "staff login failed");
            }
            refused(e)
        }
    }
}

/// Creates the session and redirects to the list with its cookie.
fn open_session(st: &StaffState, account: &Account) -> Response {
    match st.sessions.create(&account.name) {
        Ok((token, _)) => {
            tracing::info!(staff = %account.name, "staff logged in");
            let to_list = Redirect::to("/staff").into_response();
            with_cookie(to_list, COOKIE, &token, SESSION_COOKIE_SECS)
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot create a staff session");
            login_form(
                StatusCode::INTERNAL_SERVER_ERROR,
                Some("Hệ thống đang lỗi, bạn thử lại sau."),
            )
        }
    }
}

/// The login form again, saying why the login was refused.
fn refused(e: LoginError) -> Response {
    let (status, message) = match e {
        LoginError::Disabled => (StatusCode::FORBIDDEN, "Tài khoản này đã bị khóa."),
        LoginError::TooManyAttempts => (
            StatusCode::TOO_MANY_REQUESTS,
            "Đăng nhập sai quá nhiều lần. Bạn vui lòng thử lại sau 15 phút.",
        ),
        LoginError::WrongCredentials => {
            (StatusCode::UNAUTHORIZED, "Sai tên đăng nhập hoặc mật khẩu.")
        }
    };
    login_form(status, Some(message))
}

pub async fn logout(State(st): State<StaffState>, form: CsrfForm<NoFields>) -> Response {
    st.sessions.remove(&form.session.token);
    with_cookie(to_login(), COOKIE, "", 0)
}
