//! Procedure cards: the full card (`ask`), the short first message of a channel (about
//! one phone screen, [`MAX_SUMMARY_CHARS`]) and each part behind the facet buttons.
//!
//! An imported card opens with one generated line (who handles it, how long, online or
//! not, by post or not); fee and time name the channels that share a value
//! ([`values`]); documents keep the portal's groups with notes apart ([`documents`]).
//! What the portal does not state is said to be unstated, never filled in: a missing fee
//! is "chưa công bố", not "Miễn phí". An entry known only from the portal's catalogue gets
//! its own honest card ([`catalogue`]).

pub mod catalogue;
pub mod documents;
pub mod lists;
pub mod values;

pub use catalogue::catalogue_card;
use lists::{bullets, numbered};

use super::facet::Facet;
use super::render::vietnamese_date;
use crate::config::BotConfig;
use crate::knowledge::{OnlineLevel, Procedure};

/// The first message of a channel fits one phone screen.
pub const MAX_SUMMARY_CHARS: usize = 900;

/// What a card says when the portal publishes no fee.
pub const FEE_NOT_PUBLISHED: &str = "Cổng Dịch vụ công chưa công bố mức phí, lệ phí";

/// A full procedure card; facets the citizen asked about come first.
pub fn procedure_card(p: &Procedure, facets: &[Facet], bot: &BotConfig, kb_date: &str) -> String {
    if p.is_catalogue_only() {
        return catalogue_card(p, facets, bot, kb_date);
    }
    // The part asked for opens the reply, right under the procedure's name.
    let mut out = title_line(p, usize::MAX);
    for f in facets {
        out.push('\n');
        out.push_str(&facet_text(p, *f));
    }
    if !facets.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&overview(p, true));
    for f in DEFAULT_ORDER.into_iter().filter(|f| !facets.contains(f)) {
        // Fee and time are always said, even when unstated: unknown is not free.
        if has_facet(p, f) || matches!(f, Facet::Fee | Facet::Time) {
            out.push('\n');
            out.push_str(&facet_text(p, f));
        }
    }
    out.push('\n');
    out.push_str(&footer(p, bot, kb_date));
    out
}

/// A procedure card short enough for one chat message; long parts go behind buttons.
pub fn procedure_summary(
    p: &Procedure,
    facets: &[Facet],
    bot: &BotConfig,
    kb_date: &str,
) -> String {
    if p.is_catalogue_only() {
        return catalogue_card(p, facets, bot, kb_date);
    }
    // A question about one part gets that part before the plain-language summary.
    let head = opening(p, MAX_SUMMARY_NAME_CHARS, facets.is_empty());
    let foot = format!("\n\n{}", short_footer(p, bot, kb_date));
    let asked: Vec<(Facet, String)> = facets.iter().map(|f| (*f, facet_text(p, *f))).collect();
    let extra: &[Facet] = if p.provenance.is_some() {
        &[Facet::Fee, Facet::Time]
    } else {
        &[Facet::Fee, Facet::Time, Facet::Authority, Facet::Online]
    };
    let extra: Vec<(Facet, String)> = extra
        .iter()
        .filter(|f| !facets.contains(f))
        .filter(|f| !(**f == Facet::Time && p.provenance.is_some() && !time_varies(p)))
        .map(|f| (*f, facet_text(p, *f)))
        .collect();
    // The fee (and the other parts always shown) keep a few lines whatever was asked.
    let budget = MAX_SUMMARY_CHARS.saturating_sub(chars(&head) + chars(&foot));
    let reserved: usize = extra
        .iter()
        .map(|(_, t)| chars(t).min(MIN_PART_CHARS) + 1)
        .sum();
    let asked = fit(&asked, budget.saturating_sub(reserved));
    let rest = fit(&extra, budget.saturating_sub(chars(&asked)));
    format!("{head}{asked}{rest}{foot}")
}

/// Parts joined by new lines within `budget` characters: a part that does not fit whole
/// is cut at a line (or a word) and says how to see the rest.
fn fit(parts: &[(Facet, String)], budget: usize) -> String {
    let mut out = String::new();
    for (facet, part) in parts {
        let room = budget.saturating_sub(chars(&out) + 1);
        if chars(part) <= room {
            out.push('\n');
            out.push_str(part);
            continue;
        }
        let more = more_hint(*facet);
        let mut room = room.saturating_sub(chars(&more) + 1);
        let mut cut = String::new();
        for line in part.lines() {
            if chars(line) < room {
                cut.push_str(line);
                cut.push('\n');
                room -= chars(line) + 1;
            } else {
                if room > 40 {
                    cut.push_str(&values::shorten(line, room - 3));
                    cut.push('\n');
                }
                break;
            }
        }
        if !cut.is_empty() {
            out.push('\n');
            out.push_str(&cut);
            out.push_str(&more);
        }
        break;
    }
    out
}

/// How to see the whole of a part cut short in the first message.
fn more_hint(facet: Facet) -> String {
    let asked = match facet {
        Facet::Fee => "gõ «lệ phí»".to_owned(),
        Facet::Time => "gõ «thời hạn»".to_owned(),
        f => format!("bấm nút «{}»", facet_label(f)),
    };
    format!("… ({asked} để xem đầy đủ)")
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Room kept in the first message for each part always shown (fee, time).
const MIN_PART_CHARS: usize = 170;

/// Longest name shown in the first message (a few official names run to 400 characters).
pub(crate) const MAX_SUMMARY_NAME_CHARS: usize = 200;

/// The card's first lines: the name (at most `max_name` characters), the generated line
/// of an imported record, the plain-language summary.
fn opening(p: &Procedure, max_name: usize, with_summary: bool) -> String {
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
fn title_line(p: &Procedure, max_name: usize) -> String {
    format!(
        "Dạ, thủ tục «{}» ({}, {}):\n",
        values::shorten(display_name(p), max_name),
        p.field,
        p.level.label()
    )
}

/// The generated line of an imported record, then the plain-language summary.
fn overview(p: &Procedure, with_summary: bool) -> String {
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

fn time_varies(p: &Procedure) -> bool {
    !p.processing_time.is_empty()
        && (values::single(&p.processing_time).is_none() || values::is_unitless(&p.processing_time))
}

const DEFAULT_ORDER: [Facet; 10] = [
    Facet::Documents,
    Facet::Forms,
    Facet::Fee,
    Facet::Time,
    Facet::Authority,
    Facet::Place,
    Facet::Online,
    Facet::Postal,
    Facet::Result,
    Facet::Legal,
];

/// Whether the record holds anything for this part of the card (imported records
/// often leave parts empty).
fn has_facet(p: &Procedure, facet: Facet) -> bool {
    match facet {
        Facet::Documents => !p.documents.is_empty(),
        Facet::Fee => !p.fee.is_empty(),
        Facet::Time => !p.processing_time.is_empty(),
        Facet::Authority => !p.authority.is_empty(),
        Facet::Place => !p.where_to_submit.is_empty() || p.local_address.is_some(),
        Facet::Legal => !p.legal_basis.is_empty(),
        Facet::Steps => !p.steps.is_empty(),
        Facet::Result => !p.result.is_empty(),
        Facet::Forms => !p.forms.is_empty(),
        Facet::Online | Facet::Postal => true,
    }
}

/// What a card says for a part the record leaves empty.
fn not_recorded(facet: Facet) -> String {
    let label = facet_label(facet);
    let what = match facet {
        Facet::Fee => format!("{FEE_NOT_PUBLISHED} cho thủ tục này"),
        Facet::Time => "Cổng Dịch vụ công chưa công bố thời hạn giải quyết".to_owned(),
        _ => "Cổng Dịch vụ công quốc gia chưa ghi thông tin này".to_owned(),
    };
    format!("{label}: {what}, bạn xem trang chi tiết hoặc gọi đường dây nóng để được hướng dẫn.")
}

/// One part of a procedure card, as a short paragraph.
pub fn facet_text(p: &Procedure, facet: Facet) -> String {
    if p.is_catalogue_only() && matches!(facet, Facet::Online | Facet::Postal) {
        return format!(
            "{}: Cổng Dịch vụ công chưa công bố chi tiết thủ tục này, bạn xem trang: {}",
            facet_label(facet),
            portal_link(p)
        );
    }
    if !has_facet(p, facet) {
        return not_recorded(facet);
    }
    let label = facet_label(facet);
    match facet {
        Facet::Documents => format!("{label}:\n{}", documents::render(&p.documents)),
        Facet::Fee => per_channel(label, &p.fee, &p.channels),
        Facet::Time => per_channel(label, &p.processing_time, &p.channels),
        Facet::Authority => format!("{label}: {}", p.authority),
        Facet::Place => {
            let mut s = format!("{label}: {}", p.where_to_submit);
            if let Some(addr) = &p.local_address {
                s.push_str(&format!("\nĐịa chỉ: {addr}"));
            }
            s
        }
        Facet::Online => online_text(p),
        Facet::Postal => {
            if p.postal_service {
                format!("{label}: có, bạn có thể nộp hồ sơ hoặc nhận kết quả qua bưu điện.")
            } else {
                format!("{label}: chưa áp dụng cho thủ tục này.")
            }
        }
        Facet::Legal => format!("{label}:\n{}", bullets(&p.legal_basis)),
        Facet::Steps => format!("{label}:\n{}", numbered(&p.steps)),
        Facet::Result => format!("{label}: {}", p.result),
        Facet::Forms => format!("{label}:\n{}", forms_text(p)),
    }
}

/// The forms: a download link where the file came with the data, else the name and the
/// portal page.
fn forms_text(p: &Procedure) -> String {
    let code = p.national_code.as_deref().unwrap_or(&p.id);
    let mut lines: Vec<String> = p
        .forms
        .iter()
        .take(MAX_FORMS)
        .map(|f| {
            let name = values::shorten(f.name.trim_start_matches(['-', '+', ' ']), 120);
            match &f.file {
                Some(file) => format!("• {name}: tải mẫu tại {}", form_path(code, file)),
                None => format!("• {name}"),
            }
        })
        .collect();
    if p.forms.len() > MAX_FORMS {
        lines.push(format!("… và {} mẫu khác.", p.forms.len() - MAX_FORMS));
    }
    if p.forms.iter().any(|f| f.file.is_none()) {
        lines.push(format!(
            "Mẫu chưa có tệp ở đây, bạn tải tại trang của thủ tục: {}",
            portal_link(p)
        ));
    }
    lines.join("\n")
}

/// Most forms listed.
const MAX_FORMS: usize = 8;

/// Where the web channel serves a form file.
pub fn form_path(code: &str, file: &str) -> String {
    format!("/forms/{code}/{file}")
}

/// "💰 Lệ phí: Miễn phí — nộp trực tuyến hoặc trực tiếp", one line per distinct value.
fn per_channel(label: &str, text: &str, channels: &[String]) -> String {
    match values::lines(text, channels).as_slice() {
        [one] => format!("{label}: {one}"),
        many => format!(
            "{label}:\n{}",
            many.iter()
                .map(|l| format!("• {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The heading of one part of a card.
fn facet_label(facet: Facet) -> &'static str {
    match facet {
        Facet::Documents => "📄 Giấy tờ cần chuẩn bị",
        Facet::Fee => "💰 Lệ phí",
        Facet::Time => "⏱ Thời hạn giải quyết",
        Facet::Authority => "🏛 Cơ quan thực hiện",
        Facet::Place => "📍 Nơi nộp hồ sơ",
        Facet::Online => "🌐 Làm trực tuyến",
        Facet::Postal => "📮 Bưu chính công ích",
        Facet::Legal => "⚖️ Căn cứ pháp lý",
        Facet::Steps => "🧭 Các bước thực hiện",
        Facet::Result => "✅ Kết quả",
        Facet::Forms => "📎 Mẫu đơn, tờ khai",
    }
}

fn online_text(p: &Procedure) -> String {
    let portal = p
        .online
        .portal
        .as_deref()
        .unwrap_or("Cổng Dịch vụ công quốc gia");
    let link = p.online.url.as_deref().unwrap_or_default();
    let label = facet_label(Facet::Online);
    match p.online.level {
        OnlineLevel::Full => format!(
            "{label}: được, dịch vụ công trực tuyến toàn trình (nộp hồ sơ và nhận kết quả trực tuyến) tại {portal}: {link}"
        ),
        OnlineLevel::Partial => format!(
            "{label}: một phần (nộp hồ sơ trực tuyến, đến nhận kết quả hoặc nộp bản chính trực tiếp) tại {portal}: {link}"
        ),
        OnlineLevel::Offered => format!(
            "{label}: có, bạn nộp hồ sơ trực tuyến tại {portal}: {link} (Cổng chưa ghi là toàn trình hay một phần)"
        ),
        OnlineLevel::None if p.postal_service => {
            format!("{label}: chưa hỗ trợ, bạn nộp hồ sơ trực tiếp hoặc qua bưu chính công ích.")
        }
        OnlineLevel::None => format!("{label}: chưa hỗ trợ, bạn nộp hồ sơ trực tiếp."),
        OnlineLevel::Unknown => format!(
            "{label}: Cổng Dịch vụ công chưa ghi thủ tục này có làm trực tuyến được không, bạn xem trang: {}",
            portal_link(p)
        ),
    }
}

/// The portal page of a procedure (its detail page, else the portal's home).
pub(crate) fn portal_link(p: &Procedure) -> &str {
    p.provenance
        .as_ref()
        .and_then(|prov| prov.detail_url.as_deref())
        .unwrap_or(crate::import::record::PORTAL_HOME)
}

/// The source, its link and the hotline in two lines (the first message of a channel).
fn short_footer(p: &Procedure, bot: &BotConfig, kb_date: &str) -> String {
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
            vietnamese_date(&p.checked)
        )
    };
    s.push_str(&format!(
        "ℹ️ {dated}. Cần hỗ trợ, bạn gọi {} {hotline}.",
        bot.hotline_name
    ));
    s
}

fn footer(p: &Procedure, bot: &BotConfig, kb_date: &str) -> String {
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
        let day = vietnamese_date(&p.checked);
        format!("Thông tin cập nhật ngày {day} (cơ sở dữ liệu phiên bản {kb_date})")
    };
    s.push_str(&format!(
        "ℹ️ {dated}, đối chiếu tại Cổng Dịch vụ công quốc gia. Cần hỗ trợ thêm, bạn gọi {} {hotline}.",
        bot.hotline_name,
    ));
    s
}

#[cfg(test)]
mod tests;
