//! `/staff/can-bo`: the admins' page of staff accounts. It lists each account's role,
//! units and state, adds accounts, changes a role and a unit officer's communes or wards
//! (by name, old names too, or by code), and disables or enables an account. Other
//! roles get 403.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::accounts::{StaffError, MIN_PASSWORD};
use super::extract::{CsrfForm, StaffSession};
use super::html::{respond, server_error, MessagePage, UserBar};
use super::roles::Role;
use super::routes::StaffState;
use crate::chat::place::Reading;

/// One account as the page lists it.
pub struct TeamRow {
    name: String,
    role: &'static str,
    /// "Xã Đức Minh, Tỉnh Hà Tĩnh (18244)"; empty for the roles that see every unit.
    units: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "staff/team.html")]
pub struct TeamPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    csrf: &'a str,
    rows: Vec<TeamRow>,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<&'a str>,
    me: &'a str,
}

/// 403 for a staff member who is not an admin.
fn admins_only() -> Response {
    let message = "Chỉ tài khoản quản trị mới quản lý được tài khoản cán bộ.";
    respond(
        StatusCode::FORBIDDEN,
        &MessagePage::new("Không có quyền", message, true),
    )
}

/// `GET /staff/can-bo`
pub async fn page(State(st): State<StaffState>, session: StaffSession) -> Response {
    if session.role != Role::Admin {
        return admins_only();
    }
    show(&st, &session, StatusCode::OK, None)
}

fn show(
    st: &StaffState,
    session: &StaffSession,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let unit_name = |code: &String| match st.places.unit(code) {
        Some(u) => format!("{} ({code})", u.name),
        None => code.clone(),
    };
    let mut accounts = st.accounts.list();
    accounts.sort_by(|a, b| a.name.cmp(&b.name));
    let rows = accounts
        .into_iter()
        .map(|a| TeamRow {
            units: a.units.iter().map(unit_name).collect::<Vec<_>>().join("; "),
            role: a.role.label(),
            disabled: a.disabled,
            name: a.name,
        })
        .collect();
    let page = TeamPage {
        title: "Cán bộ",
        user: Some(session.user_bar()),
        csrf: &session.csrf,
        rows,
        roles: Role::ALL.iter().map(|r| (r.key(), r.label())).collect(),
        error,
        me: &session.staff,
    };
    respond(status, &page)
}

/// `POST /staff/can-bo`: an account's role and units; with a password, a new account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    name: String,
    role: String,
    /// Communes or wards separated by ";" or new lines: names or codes.
    units: String,
    password: String,
}

/// The unit codes `text` names, or what could not be read.
fn unit_codes(st: &StaffState, text: &str) -> Result<Vec<String>, String> {
    let parts = text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    parts
        .map(|part| {
            let unit = match st.places.resolve(part) {
                Reading::One { unit, .. } => Some(unit),
                _ => None,
            };
            unit.map(|u| u.code).ok_or_else(|| {
                format!("Không nhận ra một xã/phường duy nhất trong «{part}»: bạn gõ rõ tên kèm tỉnh, hoặc mã đơn vị.")
            })
        })
        .collect()
}

/// What an admin reads when the accounts refuse a change.
fn refusal(e: &StaffError) -> Option<String> {
    Some(match e {
        StaffError::BadName => {
            "Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang (tối đa 64 ký tự)."
                .into()
        }
        StaffError::WeakPassword => format!("Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."),
        StaffError::Exists(name) => format!("Đã có tài khoản «{name}»."),
        StaffError::NotFound(name) => {
            format!("Không có tài khoản «{name}»; muốn tạo mới thì nhập mật khẩu.")
        }
        StaffError::Scope(_) => {
            "Cán bộ xã/phường cần từ 1 đến 50 xã/phường; các vai trò khác không ghi xã/phường."
                .into()
        }
        _ => return None,
    })
}

pub async fn save(State(st): State<StaffState>, form: CsrfForm<AccountForm>) -> Response {
    let CsrfForm { session, fields } = form;
    if session.role != Role::Admin {
        return admins_only();
    }
    let Some(role) = Role::parse(&fields.role) else {
        return show(
            &st,
            &session,
            StatusCode::BAD_REQUEST,
            Some("Vai trò không hợp lệ."),
        );
    };
    let units = match unit_codes(&st, &fields.units) {
        Ok(units) => units,
        Err(message) => return show(&st, &session, StatusCode::BAD_REQUEST, Some(&message)),
    };
    let name = fields.name.trim().to_owned();
    if role != Role::Admin && is_last_admin(&st, &name) {
        let message =
            "Đây là tài khoản quản trị cuối cùng; bạn cấp quyền quản trị cho tài khoản khác trước.";
        return show(&st, &session, StatusCode::BAD_REQUEST, Some(message));
    }
    let accounts = st.accounts.clone();
    let done = tokio::task::spawn_blocking(move || {
        if fields.password.is_empty() {
            accounts.set_role(&name, role, &units)
        } else {
            accounts.add_with_role(&name, &fields.password, role, &units)
        }
    })
    .await;
    match done {
        Ok(Ok(())) => {
            tracing::info!(staff = %session.staff, "staff account changed on /staff/can-bo");
            Redirect::to("/staff/can-bo").into_response()
        }
        Ok(Err(e)) => match refusal(&e) {
            Some(message) => show(&st, &session, StatusCode::BAD_REQUEST, Some(&message)),
            None => server_error(&e.to_string()),
        },
        Err(e) => server_error(&e.to_string()),
    }
}

/// True when `name` is the only enabled admin account.
fn is_last_admin(st: &StaffState, name: &str) -> bool {
    let admins: Vec<String> = st
        .accounts
        .list()
        .into_iter()
        .filter(|a| a.role == Role::Admin && !a.disabled)
        .map(|a| a.name)
        .collect();
    admins == [name]
}

/// `POST /staff/can-bo/state`: disables (`disabled=1`) or enables an account; an admin
/// cannot disable their own account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StateForm {
    name: String,
    disabled: String,
}

pub async fn set_state(State(st): State<StaffState>, form: CsrfForm<StateForm>) -> Response {
    let CsrfForm { session, fields } = form;
    if session.role != Role::Admin {
        return admins_only();
    }
    let disabled = fields.disabled == "1";
    if disabled && fields.name == session.staff {
        let message = "Bạn không thể tự khóa tài khoản của mình.";
        return show(&st, &session, StatusCode::BAD_REQUEST, Some(message));
    }
    match st.accounts.set_disabled(&fields.name, disabled) {
        Ok(()) => Redirect::to("/staff/can-bo").into_response(),
        Err(e) => match refusal(&e) {
            Some(message) => show(&st, &session, StatusCode::BAD_REQUEST, Some(&message)),
            None => server_error(&e.to_string()),
        },
    }
}
