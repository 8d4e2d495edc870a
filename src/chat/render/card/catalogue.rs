//! The card of an entry known only from the portal's catalogue: its name, field, agency
//! and portal link, an honest note that the portal publishes nothing more here, and the
//! hotline. No documents, fee or time are ever filled in.

use super::{facet_text, portal_link, values, MAX_SUMMARY_NAME_CHARS};
use crate::chat::facet::Facet;
use crate::config::BotConfig;
use crate::knowledge::Procedure;

/// The card of a procedure the portal only catalogues: what is known, where the rest
/// is, whom to call; nothing made up.
pub fn catalogue_card(p: &Procedure, facets: &[Facet], bot: &BotConfig, kb_date: &str) -> String {
    let name = values::shorten(super::display_name(p), MAX_SUMMARY_NAME_CHARS);
    let mut out = format!("Dạ, thủ tục «{name}» ({}):\n", p.field);
    if !p.authority.is_empty() {
        let authority = values::shorten(&p.authority, 250);
        out.push_str(&format!("🏛 Cơ quan thực hiện: {authority}\n"));
    }
    out.push_str(&format!(
        "ℹ️ Cổng Dịch vụ công quốc gia mới công bố tên thủ tục này trong danh mục, chưa công bố tại đây giấy tờ, mức phí, lệ phí, thời hạn và cách nộp. Bạn xem chi tiết tại trang của thủ tục: {}\n",
        portal_link(p)
    ));
    let asked: Vec<String> = facets
        .iter()
        .filter(|f| !matches!(f, Facet::Authority | Facet::Online | Facet::Postal))
        .map(|f| facet_text(p, *f))
        .collect();
    if !asked.is_empty() {
        out.push('\n');
        out.push_str(&asked.join("\n"));
        out.push('\n');
    }
    let code = p.national_code.as_deref().unwrap_or(&p.id);
    let hotline = p.hotline.as_deref().unwrap_or(&bot.hotline);
    out.push_str(&format!(
        "\nNguồn: danh mục thủ tục của Cổng Dịch vụ công quốc gia, mã {code}.\nℹ️ Dữ liệu phiên bản {kb_date}. Cần hỗ trợ, bạn gọi {} {hotline}.",
        bot.hotline_name
    ));
    out
}
