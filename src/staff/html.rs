//! Server-rendered staff pages (Vietnamese UI): askama templates under
//! `templates/staff/`, checked at compile time. Every value is escaped by
//! [`HtmlEscaper`], which `askama.toml` sets for `.html` templates.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::filter::FilterForm;
use super::listing::{Listed, ListingPage};
use crate::tickets::rules::MAX_TEXT;
use crate::tickets::{Status, Ticket};
use crate::time::vn_format;

pub use crate::html::HtmlEscaper;

/// The logged-in staff member shown in the page header, with the logout form's token.
#[derive(Debug, Clone, Copy)]
pub struct UserBar<'a> {
    pub name: &'a str,
    pub csrf: &'a str,
    /// The account's role as staff read it.
    pub role: &'static str,
    /// Admins get the link to the staff accounts page.
    pub admin: bool,
}

/// One `<option>` of a status select.
pub struct StatusOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn status_options(selected: Option<Status>, with_all: bool) -> Vec<StatusOption> {
    let all = with_all.then_some(StatusOption {
        value: "",
        label: "Tất cả",
        selected: false,
    });
    let each = Status::ALL.into_iter().map(|s| StatusOption {
        value: s.key(),
        label: s.label(),
        selected: Some(s) == selected,
    });
    all.into_iter().chain(each).collect()
}

#[derive(Template)]
#[template(path = "staff/login.html")]
pub struct LoginPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    csrf: &'a str,
    error: Option<&'a str>,
}

impl<'a> LoginPage<'a> {
    pub fn new(csrf: &'a str, error: Option<&'a str>) -> Self {
        LoginPage {
            title: "Đăng nhập",
            user: None,
            csrf,
            error,
        }
    }
}

/// A page with one error message, and a link back to the list when asked.
#[derive(Template)]
#[template(path = "staff/message.html")]
pub struct MessagePage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    message: &'a str,
    back_to_list: bool,
}

impl<'a> MessagePage<'a> {
    pub fn new(title: &'a str, message: &'a str, back_to_list: bool) -> Self {
        MessagePage {
            title,
            user: None,
            message,
            back_to_list,
        }
    }
}

/// One row of the ticket list.
pub struct TicketRow<'a> {
    code: &'a str,
    created: String,
    due: String,
    overdue: bool,
    channel: &'a str,
    status: &'static str,
    assignee: &'a str,
    unit: &'a str,
    excerpt: String,
}

impl<'a> From<Listed<'a>> for TicketRow<'a> {
    fn from(l: Listed<'a>) -> Self {
        let t = l.ticket;
        TicketRow {
            code: &t.code,
            created: vn_format(t.created_at),
            due: l.due,
            overdue: l.overdue,
            channel: t.channel.as_str(),
            status: t.status.label(),
            assignee: t.assignee.as_deref().unwrap_or("—"),
            unit: t.unit.as_ref().map_or("—", |u| u.name.as_str()),
            excerpt: t.content.chars().take(120).collect(),
        }
    }
}

/// A link to another page of the list.
pub struct PageLink {
    number: usize,
    query: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "staff/list.html")]
pub struct ListPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    counts: Vec<(&'static str, usize)>,
    error: Option<&'a str>,
    status_options: Vec<StatusOption>,
    form: &'a FilterForm,
    export_query: String,
    rows: Vec<TicketRow<'a>>,
    total: usize,
    pages: Vec<PageLink>,
    sort_options: Vec<(&'static str, &'static str, bool)>,
}

impl<'a> ListPage<'a> {
    pub fn new(
        user: UserBar<'a>,
        form: &'a FilterForm,
        selected: Option<Status>,
        listing: ListingPage<'a>,
        counts: &[(Status, usize)],
        error: Option<&'a str>,
    ) -> Self {
        let pages = (1..=listing.pages)
            .map(|n| PageLink {
                number: n,
                query: form.on_page(n),
                current: n == listing.page,
            })
            .collect();
        let sorts = [
            ("due", "Hạn trả lời"),
            ("created", "Ngày gửi"),
            ("status", "Trạng thái"),
        ];
        let order = form.order();
        let sort_options = sorts
            .into_iter()
            .map(|(v, l)| {
                (
                    v,
                    l,
                    order
                        == FilterForm {
                            sort: v.into(),
                            ..FilterForm::default()
                        }
                        .order(),
                )
            })
            .collect();
        ListPage {
            title: "Danh sách",
            user: Some(user),
            counts: counts.iter().map(|(s, n)| (s.label(), *n)).collect(),
            error,
            status_options: status_options(selected, true),
            form,
            export_query: form.query_string(),
            total: listing.total,
            rows: listing.rows.into_iter().map(TicketRow::from).collect(),
            pages,
            sort_options,
        }
    }
}

/// One row of a ticket's history.
pub struct HistoryRow<'a> {
    at: String,
    actor: &'a str,
    action: &'static str,
    detail: &'a str,
}

/// The history's action codes as staff read them.
fn action_label(action: &str) -> &'static str {
    match action {
        "created" => "người dân gửi",
        "assign" => "phân công",
        "status" => "đổi trạng thái",
        "note" => "ghi chú",
        "route" => "chuyển đơn vị",
        "rating" => "người dân đánh giá",
        "answer" => "trả lời",
        "delivered" => "đã gửi tới người dân",
        "delivery_failed" => "gửi tới người dân chưa được",
        _ => "khác",
    }
}

/// A ticket's answer deadline as shown.
pub struct Deadline {
    pub day: String,
    pub overdue: bool,
}

/// One staff account offered as assignee.
pub struct StaffOption {
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "staff/ticket.html")]
pub struct TicketPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    csrf: &'a str,
    t: &'a Ticket,
    created: String,
    notice: Option<&'a str>,
    pending: &'a [String],
    status_options: Vec<StatusOption>,
    history: Vec<HistoryRow<'a>>,
    /// Answers sent to the citizen: (when, text).
    answers: Vec<(String, &'a str)>,
    deadline: Option<Deadline>,
    staff: Vec<StaffOption>,
    /// Saved replies offered as links, and the text of the one chosen.
    saved: Vec<(String, String)>,
    prefill: String,
    max_text: usize,
}

impl<'a> TicketPage<'a> {
    pub fn new(
        user: UserBar<'a>,
        t: &'a Ticket,
        pending: &'a [String],
        notice: Option<&'a str>,
    ) -> Self {
        let history = t.history.iter().map(|h| HistoryRow {
            at: vn_format(h.at),
            actor: &h.actor,
            action: action_label(&h.action),
            detail: &h.detail,
        });
        let answers = t.answers().map(|h| (vn_format(h.at), h.detail.as_str()));
        TicketPage {
            title: &t.code,
            user: Some(user),
            csrf: user.csrf,
            t,
            created: vn_format(t.created_at),
            notice,
            pending,
            status_options: status_options(Some(t.status), false),
            history: history.collect(),
            answers: answers.collect(),
            deadline: None,
            staff: Vec::new(),
            saved: Vec::new(),
            prefill: String::new(),
            max_text: MAX_TEXT,
        }
    }

    /// Links to the saved replies (name, query), and the answer box filled with `prefill`.
    pub fn with_saved_replies(mut self, names: &[String], prefill: String) -> Self {
        self.saved = names
            .iter()
            .map(|n| {
                let query =
                    serde_urlencoded::to_string([("reply", n.as_str())]).unwrap_or_default();
                (n.clone(), query)
            })
            .collect();
        self.prefill = prefill;
        self
    }

    pub fn with_deadline(mut self, deadline: Deadline) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The accounts offered as assignee, the current one selected.
    pub fn with_staff(mut self, names: &[String]) -> Self {
        let current = self.t.assignee.as_deref();
        self.staff = names
            .iter()
            .map(|n| StaffOption {
                name: n.clone(),
                selected: current == Some(n.as_str()),
            })
            .collect();
        self
    }
}

#[derive(Template)]
#[template(path = "staff/replies.html")]
pub struct RepliesPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    csrf: &'a str,
    replies: &'a [(String, String)],
    error: Option<&'a str>,
    max_text: usize,
}

impl<'a> RepliesPage<'a> {
    pub fn new(user: UserBar<'a>, replies: &'a [(String, String)], error: Option<&'a str>) -> Self {
        RepliesPage {
            title: "Mẫu trả lời",
            user: Some(user),
            csrf: user.csrf,
            replies,
            error,
            max_text: MAX_TEXT,
        }
    }
}

/// Renders a page with `status`; a template failure is logged and answers 500.
pub fn respond(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "staff template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// 403 for a POST without the right CSRF token.
pub fn csrf_refused() -> Response {
    let message = "Yêu cầu không hợp lệ (thiếu hoặc sai mã chống giả mạo CSRF). Bạn tải lại trang rồi thử lại.";
    respond(
        StatusCode::FORBIDDEN,
        &MessagePage::new("Từ chối", message, false),
    )
}

/// 500, logging what failed.
pub fn server_error(detail: &str) -> Response {
    tracing::error!(error = %detail, "staff page failed");
    let message = "Hệ thống đang lỗi, bạn thử lại sau.";
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        &MessagePage::new("Lỗi", message, false),
    )
}

/// 404 for an unknown ticket code.
pub fn not_found(code: &str) -> Response {
    let message = format!("Không tìm thấy phản ánh {code}.");
    respond(
        StatusCode::NOT_FOUND,
        &MessagePage::new("Không tìm thấy", &message, true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_content_and_attributes() {
        let page = LoginPage::new("a\"b", Some("<script>alert('x') & co</script>"));
        let html = page.render().unwrap();
        assert!(html.contains("value=\"a&quot;b\""), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;) &amp; co&lt;/script&gt;"),
            "{html}"
        );
    }
}
