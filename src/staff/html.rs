//! Server-rendered staff pages (Vietnamese UI). Every value from a ticket or a user is
//! escaped with [`esc`].

use crate::tickets::{Status, Ticket, TicketFilter};
use crate::time::vn_format;

/// HTML-escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f3f6fa;color:#1b1f24}\
header{background:#0b5cab;color:#fff;padding:10px 16px;display:flex;justify-content:space-between;align-items:center;flex-wrap:wrap}\
header a,header button{color:#fff}main{max-width:1100px;margin:0 auto;padding:12px}\
table{width:100%;border-collapse:collapse;background:#fff}th,td{border-bottom:1px solid #dde3ea;padding:6px 8px;text-align:left;vertical-align:top}\
form.filters{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}input,select,textarea,button{font:inherit;padding:6px 8px}\
textarea{width:100%;min-height:90px}.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px;margin:10px 0}\
.counts span{display:inline-block;margin-right:12px}.error{color:#b00020}.content{white-space:pre-wrap}\
@media(max-width:640px){td:nth-child(3),th:nth-child(3),td:nth-child(5),th:nth-child(5){display:none}}";

pub fn page(title: &str, staff: Option<(&str, &str)>, body: &str) -> String {
    let user = match staff {
        Some((name, csrf)) => format!(
            "<span>Cán bộ: {} · <a href=\"/staff\">Danh sách</a></span>\
             <form method=\"post\" action=\"/staff/logout\" style=\"display:inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\" style=\"background:none;border:0;cursor:pointer;text-decoration:underline\">Đăng xuất</button></form>",
            esc(name),
            esc(csrf)
        ),
        None => String::new(),
    };
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} — Phản ánh, kiến nghị</title><style>{STYLE}</style></head><body><header><strong>Tiếp nhận phản ánh, kiến nghị</strong>{user}</header><main>{body}</main></body></html>",
        esc(title)
    )
}

pub fn login(csrf: &str, error: Option<&str>) -> String {
    let err = error
        .map(|e| format!("<p class=\"error\">{}</p>", esc(e)))
        .unwrap_or_default();
    page(
        "Đăng nhập",
        None,
        &format!(
            "<div class=\"card\" style=\"max-width:380px;margin:40px auto\"><h2>Đăng nhập cán bộ</h2>{err}\
             <form method=\"post\" action=\"/staff/login\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <p><label>Tên đăng nhập<br><input name=\"name\" id=\"name\" autocomplete=\"username\" required></label></p>\
             <p><label>Mật khẩu<br><input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>\
             <p><button type=\"submit\" id=\"login\">Đăng nhập</button></p></form></div>",
            esc(csrf)
        ),
    )
}

fn status_options(selected: Option<Status>, with_all: bool) -> String {
    let mut s = String::new();
    if with_all {
        s.push_str("<option value=\"\">Tất cả</option>");
    }
    for st in Status::ALL {
        let sel = if Some(st) == selected {
            " selected"
        } else {
            ""
        };
        s.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            st.key(),
            st.label()
        ));
    }
    s
}

/// The filter form's values, as written in the query string.
#[derive(Debug, Default, Clone)]
pub struct FilterForm {
    pub status: String,
    pub from: String,
    pub to: String,
    pub q: String,
    pub assignee: String,
}

impl FilterForm {
    pub fn query_string(&self) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        };
        format!(
            "status={}&from={}&to={}&q={}&assignee={}",
            enc(&self.status),
            enc(&self.from),
            enc(&self.to),
            enc(&self.q),
            enc(&self.assignee)
        )
    }
}

pub fn list(
    staff: (&str, &str),
    form: &FilterForm,
    filter: &TicketFilter,
    tickets: &[Ticket],
    counts: &[(Status, usize)],
    error: Option<&str>,
) -> String {
    let counts_html: String = counts
        .iter()
        .map(|(s, n)| format!("<span>{}: <b>{n}</b></span>", s.label()))
        .collect();
    let err = error
        .map(|e| format!("<p class=\"error\">{}</p>", esc(e)))
        .unwrap_or_default();
    let rows: String = tickets
        .iter()
        .map(|t| {
            format!(
                "<tr><td><a href=\"/staff/tickets/{code}\">{code}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                vn_format(t.created_at),
                esc(&t.channel),
                t.status.label(),
                esc(t.assignee.as_deref().unwrap_or("—")),
                esc(&t.content.chars().take(120).collect::<String>()),
                code = esc(&t.code)
            )
        })
        .collect();
    let body = format!(
        "<h2>Phản ánh, kiến nghị</h2><p class=\"counts\">{counts_html}</p>{err}\
         <form class=\"filters\" method=\"get\" action=\"/staff\">\
         <label>Trạng thái <select name=\"status\" id=\"f-status\">{}</select></label>\
         <label>Từ ngày <input type=\"date\" name=\"from\" value=\"{}\"></label>\
         <label>Đến ngày <input type=\"date\" name=\"to\" value=\"{}\"></label>\
         <label>Tìm <input name=\"q\" id=\"f-q\" value=\"{}\" placeholder=\"mã, nội dung, tên...\"></label>\
         <label>Người xử lý <input name=\"assignee\" value=\"{}\"></label>\
         <button type=\"submit\" id=\"f-apply\">Lọc</button>\
         <a id=\"export\" href=\"/staff/export.csv?{}\">Xuất CSV</a></form>\
         <p>{} phản ánh</p><table><thead><tr><th>Mã</th><th>Ngày gửi</th><th>Kênh</th><th>Trạng thái</th><th>Người xử lý</th><th>Nội dung</th></tr></thead><tbody>{rows}</tbody></table>",
        status_options(filter.status, true),
        esc(&form.from),
        esc(&form.to),
        esc(&form.q),
        esc(&form.assignee),
        esc(&form.query_string()),
        tickets.len()
    );
    page("Danh sách", Some(staff), &body)
}

pub fn ticket(staff: (&str, &str), t: &Ticket, pending: &[String], notice: Option<&str>) -> String {
    let csrf = esc(staff.1);
    let code = esc(&t.code);
    let history: String = t
        .history
        .iter()
        .map(|h| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"content\">{}</td></tr>",
                vn_format(h.at),
                esc(&h.actor),
                esc(&h.action),
                esc(&h.detail)
            )
        })
        .collect();
    let pending_html: String = pending
        .iter()
        .map(|p| format!("<p class=\"error\">{}</p>", esc(p)))
        .collect();
    let notice = notice
        .map(|n| format!("<p class=\"error\" id=\"notice\">{}</p>", esc(n)))
        .unwrap_or_default();
    let form = |action: &str, inner: String, label: &str, id: &str| {
        format!("<form method=\"post\" action=\"/staff/tickets/{code}/{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">{inner}<button type=\"submit\" id=\"{id}\">{label}</button></form>")
    };
    let body = format!(
        "<h2>Phản ánh {code}</h2>{notice}<div class=\"card\"><p><b>Trạng thái:</b> {}</p><p><b>Phân loại:</b> {}</p>\
         <p><b>Gửi lúc:</b> {} qua {}</p><p><b>Thủ tục/địa điểm:</b> {}</p><p><b>Người gửi:</b> {} · {}</p>\
         <p><b>Người xử lý:</b> {}</p><p><b>Nội dung:</b></p><p class=\"content\" id=\"content\">{}</p>{pending_html}</div>\
         <div class=\"card\"><h3>Trả lời công dân</h3>{}</div>\
         <div class=\"card\"><h3>Phân công, trạng thái, ghi chú</h3>{}{}{}</div>\
         <div class=\"card\"><h3>Lịch sử</h3><table>{history}</table></div>",
        t.status.label(),
        esc(&t.category),
        vn_format(t.created_at),
        esc(&t.channel),
        esc(t.procedure.as_deref().unwrap_or("—")),
        esc(t.name.as_deref().unwrap_or("(không tên)")),
        esc(t.phone.as_deref().unwrap_or("(không số điện thoại)")),
        esc(t.assignee.as_deref().unwrap_or("—")),
        esc(&t.content),
        form("answer", "<textarea name=\"answer\" id=\"answer\" required maxlength=\"4000\"></textarea>".into(), "Gửi trả lời", "send-answer"),
        form("assign", format!("<input name=\"assignee\" value=\"{}\" placeholder=\"tên cán bộ\">", esc(t.assignee.as_deref().unwrap_or(""))), "Phân công", "assign"),
        form("status", format!("<select name=\"status\">{}</select>", status_options(Some(t.status), false)), "Đổi trạng thái", "set-status"),
        form("note", "<textarea name=\"note\" required maxlength=\"4000\" placeholder=\"ghi chú nội bộ\"></textarea>".into(), "Thêm ghi chú", "add-note"),
    );
    page(&t.code, Some(staff), &body)
}
