//! Staff login and logout. The login form carries a CSRF token that must match the
//! `tthc_login_csrf` cookie set with the form; a good password opens a session whose
//! token goes in the `tthc_staff` cookie (`Secure` when the request came over HTTPS as
//! far as [`super::client::Transport`] can tell). A name that cannot be an account is
//! refused without being logged.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::accounts::{valid_name, Account, LoginError};
use super::client::{ClientIp, SecureCookies};
use super::extract::{cookie_value, to_login, verify_csrf, CsrfForm, NoFields, StaffSession};
use super::html::{respond, LoginPage};
use super::routes::StaffState;
use super::sessions::{random_token, COOKIE, LOGIN_CSRF_COOKIE};

/// How long the login form's CSRF cookie lives.
const LOGIN_CSRF_SECS: i64 = 3600;
/// How long the session cookie lives (a working day, as the session).
const SESSION_COOKIE_SECS: i64 = super::sessions::SESSION_SECS as i64;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    csrf: String,
    name: String,
    password: String,
}

/// A staff cookie: its name, value, lifetime (an empty value and age 0 delete it), and
/// whether it is `Secure`.
struct Cookie<'a>(&'a str, &'a str, i64, SecureCookies);

/// `response` with a staff cookie set.
fn with_cookie(mut response: Response, cookie: Cookie) -> Response {
    let Cookie(name, value, max_age, SecureCookies(secure)) = cookie;
    let secure = if secure { "; Secure" } else { "" };
    let c = format!(
        "{name}={value}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    );
    response
        .headers_mut()
        .insert(header::SET_COOKIE, c.parse().expect("valid cookie"));
    response
}

pub async fn login_page(session: Option<StaffSession>, secure: SecureCookies) -> Response {
    if session.is_some() {
        return Redirect::to("/staff").into_response();
    }
    login_form(StatusCode::OK, None, secure)
}

/// The login form with a fresh CSRF token in the page and in its cookie.
fn login_form(status: StatusCode, error: Option<&str>, secure: SecureCookies) -> Response {
    let csrf = random_token();
    let page = respond(status, &LoginPage::new(&csrf, error));
    with_cookie(
        page,
        Cookie(LOGIN_CSRF_COOKIE, &csrf, LOGIN_CSRF_SECS, secure),
    )
}

pub async fn login(
    State(st): State<StaffState>,
    ClientIp(ip): ClientIp,
    secure: SecureCookies,
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
        move || accounts.login(&name, &form.password, ip)
    })
    .await
    .unwrap_or(Err(LoginError::WrongCredentials));
    match checked {
        Ok(account) => open_session(&st, &account, secure),
        Err(e) => {
            if e == LoginError::WrongCredentials && valid_name(&name) {
                tracing::warn!(staff = %name, client = %ip, "staff login failed");
            } else if e == LoginError::WrongCredentials {
                tracing::warn!(name_bytes = name.len(), client = %ip, "staff login with an impossible name refused");
            }
            refused(e, secure)
        }
    }
}

/// Creates the session and redirects to the list with its cookie.
fn open_session(st: &StaffState, account: &Account, secure: SecureCookies) -> Response {
    match st.sessions.create(&account.name) {
        Ok((token, _)) => {
            tracing::info!(staff = %account.name, "staff logged in");
            let to_list = Redirect::to("/staff").into_response();
            with_cookie(to_list, Cookie(COOKIE, &token, SESSION_COOKIE_SECS, secure))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot create a staff session");
            login_form(
                StatusCode::INTERNAL_SERVER_ERROR,
                Some("Hệ thống đang lỗi, bạn thử lại sau."),
                secure,
            )
        }
    }
}

/// The login form again, saying why the login was refused.
fn refused(e: LoginError, secure: SecureCookies) -> Response {
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
    login_form(status, Some(message), secure)
}

pub async fn logout(
    State(st): State<StaffState>,
    secure: SecureCookies,
    form: CsrfForm<NoFields>,
) -> Response {
    st.sessions.remove(&form.session.token);
    with_cookie(to_login(), Cookie(COOKIE, "", 0, secure))
}
