//! The frame of a card: its opening (the name, the generated line of an imported record,
//! the plain-language summary) and its footer (source, date of the data, hotline), in
//! the full form of `ask` and the short form of a channel's first message.

use super::values;
use crate::config::BotConfig;
use crate::knowledge::{OnlineLevel, Procedure};
use crate::time::iso_to_vn_date;

/// The card's first lines: the name (at most `max_name` characters), the generated line
/// of an imported record, the plain-language summary.
pub(super) fn opening(p: &Procedure, max_name: usize, with_summary: bool) -> String {
    title_line(p, max_name) + &overview(p, with_summary)
}

/// The name as the opening says it: portal names often start with "Thủ tục", which the
/// opening "Dạ, thủ tục «…»" already says.
pub(super) fn display_name(p: &Procedure) -> &str {
    ["Thủ tục ", "THỦ TỤC ", "thủ tục "]
        .iter()
        .find_map(|prefix| p.name.strip_prefix(prefix))
        .unwrap_or(&p.name)
}

/// "Dạ, thủ tục «name» (field, level):" and a line break.
pub(super) fn title_line(p: &Procedure, max_name: usize) -> String {
    format!(
        "Dạ, thủ tục «{}» ({}, {}):\n",
        values::shorten(display_name(p), max_name),
        p.field,
        p.level.label()
    )
}

/// The generated line of an imported record, then the plain-language summary.
pub(super) fn overview(p: &Procedure, with_summary: bool) -> String {
    let mut out = String::new();
    if p.provenance.is_some() {
        out.push_str(&headline(p));
        out.push('\n');
    }
    if with_summary && !p.summary.is_empty() {
        out.push_str(&p.summary);
        out.push('\n');
    }
    out
}

/// One line: who handles it, how long, online or not (and how), by post or not.
pub fn headline(p: &Procedure) -> String {
    let who = if p.authority.is_empty() {
        "Cổng Dịch vụ công chưa ghi cơ quan giải quyết".to_owned()
    } else {
        let first = p.authority.split(';').next().unwrap_or_default().trim();
        format!("{} giải quyết", values::shorten(first, 70))
    };
    let time = match values::single(&p.processing_time) {
        _ if p.processing_time.is_empty() => "chưa có thời hạn trên Cổng Dịch vụ công".to_owned(),
        Some(_) if values::is_unitless(&p.processing_time) => {
            "thời hạn không rõ đơn vị (xem bên dưới)".to_owned()
        }
        Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) => format!("trong {t}"),
        Some(t) => format!("thời hạn: {}", values::shorten(&t, 50)),
        None => "thời hạn tùy cách nộp (xem bên dưới)".to_owned(),
    };
    let online = match p.online.level {
        OnlineLevel::Full => "làm trực tuyến toàn trình được",
        OnlineLevel::Partial => "làm trực tuyến một phần",
        OnlineLevel::Offered => "nộp trực tuyến được",
        OnlineLevel::None => "chưa làm trực tuyến được",
        OnlineLevel::Unknown => "chưa rõ có làm trực tuyến được không",
    };
    let post = if p.postal_service {
        "có nộp, nhận qua bưu chính"
    } else {
        "không qua bưu chính"
    };
    format!("👉 {who}, {time}; {online}; {post}.")
}

/// The source, its link and the hotline in two lines (the first message of a channel).
pub(super) fn short_footer(p: &Procedure, bot: &BotConfig, kb_date: &str) -> String {
    let mut s = String::new();
    if let Some(prov) = &p.provenance {
        s.push_str("Nguồn: Cổng Dịch vụ công quốc gia");
        if let Some(code) = &p.national_code {
            s.push_str(&format!(", mã {code}"));
        }
        if let Some(url) = &prov.detail_url {
            s.push_str(&format!(": {url}"));
        }
        s.push('\n');
    }
    let hotline = p.hotline.as_deref().unwrap_or(&bot.hotline);
    let dated = if p.checked.is_empty() {
        format!("Dữ liệu phiên bản {kb_date}")
    } else {
        format!(
            "Cập nhật {} (dữ liệu phiên bản {kb_date})",
            iso_to_vn_date(&p.checked)
        )
    };
    s.push_str(&format!(
        "ℹ️ {dated}. Cần hỗ trợ, bạn gọi {} {hotline}.",
        bot.hotline_name
    ));
    s
}

pub(super) fn footer(p: &Procedure, bot: &BotConfig, kb_date: &str) -> String {
    let mut s = String::new();
    if let Some(prov) = &p.provenance {
        let mut parts = vec!["Nguồn: Cổng Dịch vụ công quốc gia".to_owned()];
        if let Some(code) = &p.national_code {
            parts.push(format!("mã {code}"));
        }
        if let Some(dec) = &prov.decision {
            parts.push(format!("QĐ {dec}"));
        }
        s.push_str(&parts.join(", "));
        if let Some(url) = &prov.detail_url {
            s.push_str(&format!("\nXem chi tiết: {url}"));
        }
        s.push('\n');
    }
    let hotline = p.hotline.as_deref().unwrap_or(&bot.hotline);
    let dated = if p.checked.is_empty() {
        format!("Thông tin theo cơ sở dữ liệu phiên bản {kb_date}")
    } else {
        let day = iso_to_vn_date(&p.checked);
        format!("Thông tin cập nhật ngày {day} (cơ sở dữ liệu phiên bản {kb_date})")
    };
    s.push_str(&format!(
        "ℹ️ {dated}, đối chiếu tại Cổng Dịch vụ công quốc gia. Cần hỗ trợ thêm, bạn gọi {} {hotline}.",
        bot.hotline_name,
    ));
    s
}
