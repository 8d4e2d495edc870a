//! Request extractors of the staff routes: [`StaffSession`] (the logged-in staff member
//! from the session cookie) and [`CsrfForm`] (a typed POST form whose CSRF token has
//! been checked), plus the one CSRF comparison and the one cookie reader.

use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::html::csrf_refused;
use super::roles::{Role, Scope};
use super::routes::StaffState;
use super::sessions::COOKIE;
use crate::security::constant_time_eq;

/// The value of cookie `name` in the request's Cookie header.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(header::COOKIE)?
        .to_str()
        .ok()?
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A form whose CSRF token is missing or wrong; answers with the 403 page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsrfRejected;

impl IntoResponse for CsrfRejected {
    fn into_response(self) -> Response {
        csrf_refused()
    }
}

/// Accepts a form whose `given` token equals the `expected` one.
pub fn verify_csrf(expected: Option<&str>, given: &str) -> Result<(), CsrfRejected> {
    match expected {
        Some(e) if constant_time_eq(e.as_bytes(), given.as_bytes()) => Ok(()),
        _ => Err(CsrfRejected),
    }
}

/// Where a page request without a session goes.
pub fn to_login() -> Response {
    Redirect::to("/staff/login").into_response()
}

/// A logged-in staff member. As an extractor it redirects to the login page when the
/// request has no live session of an enabled account; `Option<StaffSession>` never rejects.
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// The session cookie's value.
    pub token: String,
    pub staff: String,
    /// The token every POST form of this session must carry.
    pub csrf: String,
    pub role: Role,
    /// The tickets this staff member sees.
    pub scope: Scope,
}

impl StaffSession {
    /// The live session of the request's cookie, if its account still exists and is
    /// enabled (checked on every request: disabling an account ends its sessions).
    fn from_headers(headers: &HeaderMap, st: &StaffState) -> Option<StaffSession> {
        let token = cookie_value(headers, COOKIE)?;
        let session = st.sessions.get(&token)?;
        let account = match st.accounts.get(&session.staff) {
            Ok(Some(account)) if !account.disabled => account,
            Ok(_) => {
                st.sessions.remove(&token);
                return None;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read a staff account");
                return None;
            }
        };
        Some(StaffSession {
            token,
            staff: session.staff,
            csrf: session.csrf,
            role: account.role,
            scope: account.scope(),
        })
    }
}

impl FromRequestParts<StaffState> for StaffSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &StaffState) -> Result<Self, Response> {
        StaffSession::from_headers(&parts.headers, st).ok_or_else(to_login)
    }
}

impl OptionalFromRequestParts<StaffState> for StaffSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &StaffState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(StaffSession::from_headers(&parts.headers, st))
    }
}

/// A form with no field but its CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct NoFields {}

/// The wire shape of every staff POST form: the CSRF token beside the typed fields.
#[derive(Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: T,
}

/// A staff POST: the session and the typed form `T`, after the form's CSRF token was
/// checked against the session's. Rejects a malformed form as axum's `Form` does, then
/// a request without a session with the login redirect, then a wrong token with 403.
pub struct CsrfForm<T> {
    pub session: StaffSession,
    pub fields: T,
}

impl<T> FromRequest<StaffState> for CsrfForm<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(req: Request, st: &StaffState) -> Result<Self, Response> {
        let session = StaffSession::from_headers(req.headers(), st);
        let Form(form) = Form::<WithCsrf<T>>::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let session = session.ok_or_else(to_login)?;
        verify_csrf(Some(&session.csrf), &form.csrf).map_err(IntoResponse::into_response)?;
        Ok(CsrfForm {
            session,
            fields: form.fields,
        })
    }
}

#[cfg(test)]
#[path = "extract_tests.rs"]
mod tests;
