//! Every button label, and how long titles are shortened to fit on a button.

use crate::chat::facet::Facet;

pub const HOTLINE: &str = "☎️ Đường dây nóng";
pub const FEEDBACK: &str = "✉️ Gửi phản ánh";
pub const FORMS: &str = "📎 Mẫu đơn, tờ khai";
pub const CONDITIONS: &str = "📋 Điều kiện thực hiện";
pub const SEARCH: &str = "🔎 Tra cứu thủ tục";
pub const ONLINE: &str = "🌐 Dịch vụ công trực tuyến";
pub const TICKET_LOOKUP: &str = "📋 Tra cứu phản ánh";
pub const PLANS: &str = "📑 Kế hoạch CCHC";
pub const CANCEL: &str = "❌ Hủy";
pub const SKIP: &str = "Bỏ qua";
pub const SEND: &str = "✅ Gửi";
pub const EDIT: &str = "✏️ Sửa";
pub const AGREE: &str = "✅ Đồng ý cung cấp";
pub const ANONYMOUS: &str = "🙈 Gửi ẩn danh";
pub const EDIT_CONTENT: &str = "Nội dung";
pub const EDIT_PROCEDURE: &str = "Thủ tục";
pub const EDIT_PLACE: &str = "Xã/phường";
pub const EDIT_CONTACT: &str = "Họ tên, điện thoại";
pub const DOSSIER_FOLLOW: &str = "🔔 Theo dõi hồ sơ";
pub const DOSSIER_UNFOLLOW: &str = "🔕 Hủy theo dõi";
pub const DOSSIER_PROCEDURE: &str = "📄 Xem thủ tục";
pub const VOTE_UP: &str = "👍";
pub const VOTE_DOWN: &str = "👎";

/// Facets offered as buttons under a short card, in order (labelled by [`facet`]).
pub const CARD_FACETS: [Facet; 6] = [
    Facet::Documents,
    Facet::Steps,
    Facet::Place,
    Facet::Online,
    Facet::Legal,
    Facet::Result,
];

/// The label of one part of a card: its heading, and its button.
pub fn facet(facet: Facet) -> &'static str {
    match facet {
        Facet::Documents => "📄 Giấy tờ cần chuẩn bị",
        Facet::Conditions => CONDITIONS,
        Facet::Fee => "💰 Lệ phí",
        Facet::Time => "⏱ Thời hạn giải quyết",
        Facet::Authority => "🏛 Cơ quan thực hiện",
        Facet::Place => "📍 Nơi nộp hồ sơ",
        Facet::Online => "🌐 Làm trực tuyến",
        Facet::Postal => "📮 Bưu chính công ích",
        Facet::Legal => "⚖️ Căn cứ pháp lý",
        Facet::Steps => "🧭 Các bước thực hiện",
        Facet::Result => "✅ Kết quả",
        Facet::Forms => FORMS,
    }
}

/// Longest procedure title on a choice button.
const CHOICE_CHARS: usize = 60;
/// Longest procedure name inside the feedback dialogue's "keep" button.
const KEEP_CHARS: usize = 41;

/// A choice button's label: the title, shortened to fit every channel.
pub fn choice(title: &str) -> String {
    shorten(title, CHOICE_CHARS)
}

/// The feedback dialogue's button that keeps the procedure of the last card.
pub fn keep_procedure(name: &str) -> String {
    format!("Thủ tục «{}»", shorten(name, KEEP_CHARS))
}

/// `text` cut to at most `max` characters at a word boundary, an ellipsis added when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    let cut = match head.rfind(' ') {
        Some(space) if space > head.len() / 2 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_shortened_with_an_ellipsis() {
        assert_eq!(choice("Đăng ký khai sinh"), "Đăng ký khai sinh");
        let long = "Đăng ký ".repeat(20);
        let label = choice(&long);
        assert!(label.chars().count() <= CHOICE_CHARS);
        assert!(label.ends_with("ký…"), "cut between words: {label}");
        let kept = keep_procedure(&long);
        assert!(kept.chars().count() <= KEEP_CHARS + "Thủ tục «»".chars().count());
    }
}
