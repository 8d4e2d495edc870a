//! Every Vietnamese text the bot sends lives here; procedure cards in [`super::card`].

use super::smalltalk::SmallTalk;
use crate::config::BotConfig;
use crate::knowledge::PlanSection;

pub use super::card::{facet_text, procedure_card, procedure_summary};

/// Labels of buttons offered in several replies.
pub const HOTLINE_LABEL: &str = "☎️ Đường dây nóng";
pub const FEEDBACK_LABEL: &str = "✉️ Gửi phản ánh";
pub const FORMS_LABEL: &str = "📎 Mẫu đơn, tờ khai";

/// Longest plan excerpt quoted in one reply, in characters.
const MAX_PLAN_QUOTE: usize = 1500;

/// A plan section quoted with its plan and heading.
pub fn plan_section(s: &PlanSection) -> String {
    let mut text: String = s.text.chars().take(MAX_PLAN_QUOTE).collect();
    if text.len() < s.text.len() {
        text.push_str(" …");
    }
    let heading = if s.heading.is_empty() {
        String::new()
    } else {
        format!(", mục «{}»", s.heading)
    };
    format!(
        "Dạ, theo {}{}:\n\n{}\n\n(Nguồn: {})",
        s.plan_title, heading, text, s.source
    )
}

/// The question is ambiguous: offer the best choices.
pub fn choices(titles: &[String], bot: &BotConfig) -> String {
    let mut s = String::from("Dạ, bạn muốn hỏi thủ tục nào ạ?");
    for (i, t) in titles.iter().enumerate() {
        s.push_str(&format!("\n{}. {}", i + 1, t));
    }
    s.push_str(&format!(
        "\nNếu không phải, bạn gọi {} {} hoặc gõ /phananh để gửi câu hỏi cho cán bộ.",
        bot.hotline_name, bot.hotline
    ));
    s
}

/// Nothing fits: say so, give the hotline, offer feedback.
pub fn no_match(bot: &BotConfig) -> String {
    format!(
        "Dạ, xin lỗi bạn, mình chưa tìm thấy thông tin phù hợp với câu hỏi này trong cơ sở dữ liệu thủ tục hành chính. \
         Bạn có thể gọi {} {}, hoặc gửi câu hỏi thành phản ánh, kiến nghị để cán bộ trả lời (gõ /phananh).",
        bot.hotline_name, bot.hotline
    )
}

/// "2026-11-22" → "22/11/2026"; anything else is shown as written.
pub fn vietnamese_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// Greeting and menu.
pub fn greeting(bot: &BotConfig) -> String {
    format!(
        "Dạ, xin chào bạn! Mình là trợ lý tra cứu thủ tục hành chính.\n\
         Bạn có thể hỏi mình về giấy tờ cần chuẩn bị, lệ phí, thời hạn, nơi nộp và cách làm trực tuyến \
         của các thủ tục (ví dụ: \"làm giấy khai sinh cần gì\", \"đổi bằng lái xe\"), \
         xem dịch vụ công trực tuyến và kế hoạch cải cách hành chính.\n\
         Khi cần, bạn gọi {} {}.",
        bot.hotline_name, bot.hotline
    )
}

pub fn ask_for_question() -> String {
    "Dạ, bạn gõ tên thủ tục hoặc việc bạn cần làm (ví dụ: \"đăng ký tạm trú\", \"làm lại căn cước\"), mình sẽ tra cứu giúp bạn.".into()
}

pub fn hotline(bot: &BotConfig) -> String {
    format!(
        "Dạ, {} là {}. Bạn có thể gọi để được hướng dẫn về thủ tục hành chính, hoặc để phản ánh, kiến nghị về quy định hành chính.",
        capitalize(&bot.hotline_name),
        bot.hotline
    )
}

pub fn feedback_channels(bot: &BotConfig) -> String {
    format!(
        "Dạ, bạn có thể gửi phản ánh, kiến nghị về quy định và thủ tục hành chính qua {} {}, \
         hoặc trên Hệ thống tiếp nhận phản ánh, kiến nghị của Cổng Dịch vụ công quốc gia: https://dichvucong.gov.vn",
        bot.hotline_name, bot.hotline
    )
}

pub fn rate_limited() -> String {
    "Dạ, bạn đang gửi tin hơi nhanh. Bạn vui lòng chờ một chút rồi gửi lại giúp mình nhé.".into()
}

pub fn truncated(limit: usize) -> String {
    format!("Dạ, tin nhắn của bạn dài quá {limit} ký tự nên mình chỉ đọc phần đầu.")
}

pub fn not_text() -> String {
    "Dạ, hiện mình chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi giúp mình nhé.".into()
}

pub fn internal_error(bot: &BotConfig) -> String {
    format!(
        "Dạ, xin lỗi bạn, hệ thống đang gặp sự cố khi tra cứu. Bạn vui lòng thử lại sau ít phút hoặc gọi {} {}.",
        bot.hotline_name, bot.hotline
    )
}

/// A message of fillers only ("cho mình hỏi"): ask what it is about.
pub fn ask_for_topic(bot: &BotConfig) -> String {
    format!(
        "Dạ, bạn muốn hỏi về thủ tục nào ạ? Bạn gõ tên thủ tục hoặc việc cần làm giúp mình nhé \
         (ví dụ: \"làm lại căn cước\"). Cần hỗ trợ, bạn gọi {} {}.",
        bot.hotline_name, bot.hotline
    )
}

pub fn no_context() -> String {
    "Dạ, bạn muốn hỏi về thủ tục nào ạ? Bạn gõ tên thủ tục giúp mình nhé.".into()
}

/// Fully online procedures grouped by field.
pub fn online_services(groups: &[(String, Vec<String>)], total: usize) -> String {
    if groups.is_empty() {
        return "Dạ, hiện mình chưa có danh sách dịch vụ công trực tuyến toàn trình phù hợp."
            .into();
    }
    let mut s = String::from(
        "Dạ, các thủ tục làm trực tuyến toàn trình (nộp hồ sơ và nhận kết quả trực tuyến) trên Cổng Dịch vụ công quốc gia (https://dichvucong.gov.vn) hoặc ứng dụng VNeID:",
    );
    let mut shown = 0;
    for (field, names) in groups {
        s.push_str(&format!("\n\n{field}:"));
        for n in names {
            s.push_str(&format!("\n• {n}"));
            shown += 1;
        }
    }
    if total > shown {
        s.push_str(&format!(
            "\n\n… và {} thủ tục khác. Bạn gõ tên thủ tục để xem chi tiết.",
            total - shown
        ));
    }
    s
}

pub fn plan_list(titles: &[String]) -> String {
    if titles.is_empty() {
        return "Dạ, hiện mình chưa có kế hoạch cải cách hành chính nào.".into();
    }
    let mut s = String::from("Dạ, mình có các kế hoạch tuyên truyền cải cách hành chính sau. Bạn hỏi cụ thể (ví dụ: \"kế hoạch của xã Bắc Ruộng giao ai chủ trì\") để xem nội dung:");
    for t in titles {
        s.push_str(&format!("\n• {t}"));
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn feedback_ask_content(max: usize) -> String {
    format!(
        "Dạ, bạn vui lòng nhập nội dung phản ánh, kiến nghị (tối đa {} ký tự): việc gì, ở đâu, khi nào. Gõ \"hủy\" để thôi.",
        thousands(max)
    )
}

pub fn feedback_ask_procedure() -> String {
    "Dạ, phản ánh liên quan đến thủ tục hoặc địa điểm nào? Bạn gõ tên, hoặc bấm \"Bỏ qua\".".into()
}

pub fn feedback_ask_name() -> String {
    "Dạ, bạn cho mình xin họ tên (không bắt buộc, bấm \"Bỏ qua\" nếu không muốn cung cấp).".into()
}

pub fn feedback_ask_phone() -> String {
    "Dạ, bạn cho mình xin số điện thoại để cán bộ liên hệ khi cần (không bắt buộc, bấm \"Bỏ qua\")."
        .into()
}

pub fn feedback_phone_invalid() -> String {
    "Dạ, số điện thoại chưa đúng định dạng Việt Nam (ví dụ 0912 345 678 hoặc +84 912 345 678). Bạn gõ lại, hoặc bấm \"Bỏ qua\".".into()
}

pub fn feedback_content_empty() -> String {
    "Dạ, nội dung phản ánh không được để trống. Bạn vui lòng nhập nội dung giúp mình.".into()
}

pub fn feedback_content_too_long(max: usize, got: usize) -> String {
    format!(
        "Dạ, nội dung dài {} ký tự, vượt quá {} ký tự cho phép. Bạn rút gọn rồi gửi lại giúp mình nhé (chưa có gì được lưu).",
        thousands(got),
        thousands(max)
    )
}

pub fn feedback_summary(
    category: &str,
    content: &str,
    procedure: Option<&str>,
    name: Option<&str>,
    phone: Option<&str>,
) -> String {
    let none = "(không có)";
    format!(
        "Dạ, bạn kiểm tra lại {category} trước khi gửi:\n\n• Nội dung: {content}\n• Thủ tục/địa điểm: {}\n• Họ tên: {}\n• Điện thoại: {}\n\nBấm \"Gửi\" để gửi, hoặc \"Hủy\".",
        procedure.unwrap_or(none),
        name.unwrap_or(none),
        phone.unwrap_or(none)
    )
}

pub fn feedback_confirm_again() -> String {
    "Dạ, bạn bấm \"Gửi\" để gửi phản ánh, hoặc \"Hủy\" để thôi.".into()
}

pub fn feedback_cancelled() -> String {
    "Dạ, mình đã hủy, phản ánh chưa được gửi. Bạn cần gì thêm cứ nhắn mình nhé.".into()
}

pub fn feedback_filed(code: &str, answer_time: &str, hotline_name: &str, hotline: &str) -> String {
    format!(
        "Dạ, mình đã ghi nhận phản ánh của bạn với mã {code}. Cơ quan có thẩm quyền sẽ trả lời {answer_time}; câu trả lời sẽ được gửi cho bạn tại đây. \
         Bạn tra cứu bằng cách gõ: /tracuu {code}. Khi cần gấp, bạn gọi {hotline_name} {hotline}."
    )
}

pub fn ticket_ask_code(codes: &[String]) -> String {
    if codes.is_empty() {
        return "Dạ, bạn gõ mã phản ánh để tra cứu, ví dụ: /tracuu PA-2026-000123.".into();
    }
    format!(
        "Dạ, các phản ánh bạn đã gửi: {}. Bạn gõ /tracuu kèm mã để xem tình trạng.",
        codes.join(", ")
    )
}

pub fn ticket_not_found(code: &str) -> String {
    format!("Dạ, mình không tìm thấy phản ánh {code} của bạn. Bạn kiểm tra lại mã giúp mình nhé.")
}

pub fn ticket_status(
    t: &crate::tickets::Ticket,
    created: &str,
    answers: &[(String, String)],
) -> String {
    let mut s = format!(
        "Dạ, phản ánh {} (gửi lúc {created}) đang ở trạng thái: {}.\nNội dung: {}",
        t.code,
        t.status.label(),
        t.content
    );
    for (at, answer) in answers {
        s.push_str(&format!("\n\nTrả lời ngày {at}:\n{answer}"));
    }
    s
}

/// A staff answer delivered to the citizen.
pub fn ticket_answer_notice(code: &str, answer: &str) -> String {
    format!("Dạ, phản ánh {code} của bạn đã có trả lời:\n\n{answer}\n\nBạn gõ /tracuu {code} để xem lại.")
}

/// 2000 → "2.000" (Vietnamese thousands separator).
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The reply to small talk (the greeting has its own, with the menu).
pub fn small_talk(kind: SmallTalk, bot: &BotConfig) -> String {
    match kind {
        SmallTalk::Greeting => greeting(bot),
        SmallTalk::Thanks => {
            "Dạ, không có gì ạ. Khi cần tra cứu thủ tục nào, bạn cứ nhắn cho mình nhé.".into()
        }
        SmallTalk::Acknowledgement => {
            "Dạ vâng. Bạn cần hỏi thêm thủ tục nào thì cứ nhắn cho mình nhé.".into()
        }
        SmallTalk::Goodbye => "Dạ, chào bạn. Chúc bạn một ngày tốt lành!".into(),
    }
}

/// A question outside administrative procedures ("giá vàng hôm nay", "thời tiết").
pub fn off_topic(bot: &BotConfig) -> String {
    format!(
        "Dạ, câu hỏi này nằm ngoài phạm vi mình hỗ trợ: mình chỉ tra cứu được thủ tục hành chính, \
         dịch vụ công trực tuyến và kế hoạch cải cách hành chính. Cần hỗ trợ thêm, bạn gọi {} {} nhé.",
        bot.hotline_name, bot.hotline
    )
}
