//! `/staff` routes: login, ticket list with filters, ticket page and actions, CSV export,
//! and a small JSON API. Pages redirect to the login when there is no session; the API
//! answers 401. Every POST checks the session's CSRF token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};

use super::accounts::{Accounts, LoginError};
use super::html::{self, FilterForm};
use super::sessions::{
    cookie, random_token, same_token, Session, Sessions, COOKIE, LOGIN_CSRF_COOKIE,
};
use crate::chat::render::ticket_answer_notice;
use crate::tickets::export::{to_csv, to_json};
use crate::tickets::{Outbox, Status, TicketFilter, TicketStore};
use crate::time::parse_vn_date;

/// Longest staff answer or note.
const MAX_STAFF_TEXT: usize = 4000;

#[derive(Clone)]
pub struct StaffState {
    pub tickets: TicketStore,
    pub outbox: Outbox,
    pub accounts: Arc<Accounts>,
    pub sessions: Sessions,
}

pub fn router(state: StaffState) -> Router {
    Router::new()
        .route("/staff", get(list))
        .route("/staff/", get(list))
        .route("/staff/login", get(login_page).post(login))
        .route("/staff/logout", post(logout))
        .route("/staff/tickets/{code}", get(ticket_page))
        .route("/staff/tickets/{code}/{action}", post(ticket_action))
        .route("/staff/export.csv", get(export_csv))
        .route("/staff/api/tickets", get(api_tickets))
        .with_state(state)
}

type Fields = HashMap<String, String>;

impl StaffState {
    fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let token = cookie(
            headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
            COOKIE,
        )?;
        self.sessions.get(&token)
    }
}

fn to_login() -> Response {
    Redirect::to("/staff/login").into_response()
}

fn csrf_refused() -> Response {
    (StatusCode::FORBIDDEN, Html(html::page("Từ chối", None, "<p class=\"error\">Yêu cầu không hợp lệ (thiếu hoặc sai mã chống giả mạo CSRF). Bạn tải lại trang rồi thử lại.</p>"))).into_response()
}

fn valid_csrf(session: &Session, form: &Fields) -> bool {
    form.get("csrf")
        .is_some_and(|c| same_token(c, &session.csrf))
}

fn cookie_header(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

async fn login_page(State(st): State<StaffState>, headers: HeaderMap) -> Response {
    if st.session(&headers).is_some() {
        return Redirect::to("/staff").into_response();
    }
    login_form(StatusCode::OK, None)
}

fn login_form(status: StatusCode, error: Option<&str>) -> Response {
    let csrf = random_token();
    let mut r = (status, Html(html::login(&csrf, error))).into_response();
    let c = cookie_header(LOGIN_CSRF_COOKIE, &csrf, 3600);
    r.headers_mut()
        .insert(header::SET_COOKIE, c.parse().expect("valid cookie"));
    r
}

async fn login(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let expected = cookie(
        headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
        LOGIN_CSRF_COOKIE,
    );
    let given = form.get("csrf").cloned().unwrap_or_default();
    if expected.is_none_or(|e| !same_token(&e, &given)) {
        return csrf_refused();
    }
    let name = form
        .get("name")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let accounts = st.accounts.clone();
    let checked = tokio::task::spawn_blocking({
        let name = name.clone();
        move || accounts.login(&name, &password)
    })
    .await
    .unwrap_or(Err(LoginError::WrongCredentials));
    match checked {
        Ok(account) => match st.sessions.create(&account.name) {
            Ok((token, _)) => {
                tracing::info!(staff = %account.name, "staff logged in");
                let mut r = Redirect::to("/staff").into_response();
                let c = cookie_header(COOKIE, &token, 12 * 3600);
                r.headers_mut()
                    .insert(header::SET_COOKIE, c.parse().expect("valid cookie"));
                r
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot create a staff session");
                login_form(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Some("Hệ thống đang lỗi, bạn thử lại sau."),
                )
            }
        },
        Err(LoginError::Disabled) => {
            login_form(StatusCode::FORBIDDEN, Some("Tài khoản này đã bị khóa."))
        }
        Err(LoginError::TooManyAttempts) => login_form(
            StatusCode::TOO_MANY_REQUESTS,
            Some("Đăng nhập sai quá nhiều lần. Bạn vui lòng thử lại sau 15 phút."),
        ),
        Err(LoginError::WrongCredentials) => {
            tracing::warn!(staff = %name, "staff login failed");
            login_form(
                StatusCode::UNAUTHORIZED,
                Some("Sai tên đăng nhập hoặc mật khẩu."),
            )
        }
    }
}

async fn logout(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let Some(session) = st.session(&headers) else {
        return to_login();
    };
    if !valid_csrf(&session, &form) {
        return csrf_refused();
    }
    if let Some(token) = cookie(
        headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
        COOKIE,
    ) {
        st.sessions.remove(&token);
    }
    let mut r = to_login();
    r.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(COOKIE, "", 0).parse().expect("valid cookie"),
    );
    r
}

/// Reads the filter form; returns the filter and an error message for bad dates.
fn parse_filter(q: &Fields) -> (FilterForm, TicketFilter, Option<String>) {
    let get = |k: &str| q.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let form = FilterForm {
        status: get("status"),
        from: get("from"),
        to: get("to"),
        q: get("q"),
        assignee: get("assignee"),
    };
    let mut error = None;
    let mut date = |s: &str, plus_day: bool| {
        if s.is_empty() {
            return None;
        }
        match parse_vn_date(s) {
            Some(t) => Some(if plus_day { t + 86_400 } else { t }),
            None => {
                error = Some(format!("Ngày không hợp lệ: {s} (cần dạng năm-tháng-ngày)."));
                None
            }
        }
    };
    let filter = TicketFilter {
        status: Status::parse(&form.status),
        from: date(&form.from, false),
        to: date(&form.to, true),
        text: Some(form.q.clone()).filter(|s| !s.is_empty()),
        assignee: Some(form.assignee.clone()).filter(|s| !s.is_empty()),
    };
    (form, filter, error)
}

async fn list(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Response {
    let Some(session) = st.session(&headers) else {
        return to_login();
    };
    let (form, filter, error) = parse_filter(&q);
    match st.tickets.list(&filter) {
        Ok(tickets) => {
            let counts = st.tickets.counts();
            Html(html::list(
                (&session.staff, &session.csrf),
                &form,
                &filter,
                &tickets,
                &counts,
                error.as_deref(),
            ))
            .into_response()
        }
        Err(e) => server_error(&e.to_string()),
    }
}

fn server_error(detail: &str) -> Response {
    tracing::error!(error = %detail, "staff page failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(html::page(
            "Lỗi",
            None,
            "<p class=\"error\">Hệ thống đang lỗi, bạn thử lại sau.</p>",
        )),
    )
        .into_response()
}

fn not_found(code: &str) -> Response {
    (StatusCode::NOT_FOUND, Html(html::page("Không tìm thấy", None, &format!("<p class=\"error\">Không tìm thấy phản ánh {}.</p><p><a href=\"/staff\">Về danh sách</a></p>", html::esc(code))))).into_response()
}

fn render_ticket(
    st: &StaffState,
    session: &Session,
    code: &str,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    match st.tickets.get(code) {
        Ok(Some(t)) => {
            let pending: Vec<String> = st
                .outbox
                .pending()
                .into_iter()
                .filter(|d| d.code == t.code)
                .map(|d| match &d.last_error {
                    Some(e) => format!("Trả lời chưa gửi được tới công dân ({} lần thử): {e}. Hệ thống sẽ tự gửi lại.", d.attempts),
                    None => "Trả lời đang chờ gửi tới công dân.".to_owned(),
                })
                .collect();
            (
                status,
                Html(html::ticket(
                    (&session.staff, &session.csrf),
                    &t,
                    &pending,
                    notice,
                )),
            )
                .into_response()
        }
        Ok(None) => not_found(code),
        Err(e) => server_error(&e.to_string()),
    }
}

async fn ticket_page(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let Some(session) = st.session(&headers) else {
        return to_login();
    };
    render_ticket(&st, &session, &code, StatusCode::OK, None)
}

async fn ticket_action(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Path((code, action)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Response {
    let Some(session) = st.session(&headers) else {
        return to_login();
    };
    if !valid_csrf(&session, &form) {
        return csrf_refused();
    }
    let staff = session.staff.clone();
    let tickets = st.tickets.clone();
    let outbox = st.outbox.clone();
    let action_code = code.clone();
    let result = tokio::task::spawn_blocking(
        move || -> Result<Result<(), String>, crate::tickets::TicketError> {
            let code = action_code;
            let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
            match action.as_str() {
                "answer" => {
                    let answer = field("answer");
                    if answer.is_empty() || answer.chars().count() > MAX_STAFF_TEXT {
                        return Ok(Err(format!(
                            "Nội dung trả lời phải có từ 1 đến {MAX_STAFF_TEXT} ký tự."
                        )));
                    }
                    let t = tickets.update(&code, &staff, "answer", &answer, |t| {
                        t.status = Status::Answered
                    })?;
                    outbox.enqueue(
                        &t.code,
                        &t.channel,
                        &t.user_id,
                        &ticket_answer_notice(&t.code, &answer),
                    )?;
                }
                "assign" => {
                    let who = field("assignee");
                    let detail = if who.is_empty() {
                        "bỏ phân công".to_owned()
                    } else {
                        format!("giao cho {who}")
                    };
                    tickets.update(&code, &staff, "assign", &detail, |t| {
                        t.assignee = Some(who.clone()).filter(|w| !w.is_empty());
                        if t.status == Status::New && !who.is_empty() {
                            t.status = Status::InProgress;
                        }
                    })?;
                }
                "status" => {
                    let Some(status) = Status::parse(&field("status")) else {
                        return Ok(Err("Trạng thái không hợp lệ.".into()));
                    };
                    tickets.update(&code, &staff, "status", status.label(), |t| {
                        t.status = status
                    })?;
                }
                "note" => {
                    let note = field("note");
                    if note.is_empty() || note.chars().count() > MAX_STAFF_TEXT {
                        return Ok(Err(format!(
                            "Ghi chú phải có từ 1 đến {MAX_STAFF_TEXT} ký tự."
                        )));
                    }
                    tickets.update(&code, &staff, "note", &note, |_| {})?;
                }
                _ => return Ok(Err("Thao tác không hợp lệ.".into())),
            }
            Ok(Ok(()))
        },
    )
    .await;
    match result {
        Ok(Ok(Ok(()))) => {
            Redirect::to(&format!("/staff/tickets/{}", code.trim().to_uppercase())).into_response()
        }
        Ok(Ok(Err(message))) => render_ticket(
            &st,
            &session,
            &code,
            StatusCode::BAD_REQUEST,
            Some(&message),
        ),
        Ok(Err(crate::tickets::TicketError::NotFound(_))) => not_found(&code),
        Ok(Err(e)) => server_error(&e.to_string()),
        Err(e) => server_error(&e.to_string()),
    }
}

async fn export_csv(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Response {
    if st.session(&headers).is_none() {
        return to_login();
    }
    let (_, filter, _) = parse_filter(&q);
    let personal = q
        .get("no_personal")
        .is_none_or(|v| v.is_empty() || v == "0");
    match st.tickets.list(&filter) {
        Ok(tickets) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"phan-anh.csv\"",
                ),
            ],
            to_csv(&tickets, personal),
        )
            .into_response(),
        Err(e) => server_error(&e.to_string()),
    }
}

async fn api_tickets(
    State(st): State<StaffState>,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Response {
    if st.session(&headers).is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"error": "login required"})),
        )
            .into_response();
    }
    let (_, filter, _) = parse_filter(&q);
    match st.tickets.list(&filter) {
        Ok(tickets) => Json(to_json(&tickets, true)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}
