//! Menus and system replies: the greeting, the hotline, choices, declines, the online
//! services and plans lists, plan quotes, small talk and error notices.

use super::labels;
use crate::chat::message::{Button, Message};
use crate::chat::payload::Payload;
use crate::chat::smalltalk::SmallTalk;
use crate::config::BotConfig;
use crate::knowledge::PlanSection;
use crate::text::capitalize;

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

/// Greeting and menu.
pub fn greeting(bot: &BotConfig) -> String {
    let runs = if bot.service.agency.is_empty() {
        String::new()
    } else {
        format!(" của {}", bot.service.agency)
    };
    format!(
        "Dạ, xin chào bạn! Đây là «{}»{runs}. Mình là trợ lý tự động (không phải cán bộ), \
         giúp bạn tra cứu giấy tờ cần chuẩn bị, lệ phí, thời hạn, nơi nộp và cách làm trực tuyến \
         của các thủ tục (ví dụ: \"làm giấy khai sinh cần gì\", \"đổi bằng lái xe\"), \
         dịch vụ công trực tuyến và kế hoạch cải cách hành chính.\n\
         Khi cần, bạn gọi {} {}.",
        bot.service.name, bot.hotline_name, bot.hotline
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

/// The greeting with the menu's buttons.
pub fn greeting_message(bot: &BotConfig) -> Message {
    let buttons = vec![
        Button::new(labels::SEARCH, Payload::Search.to_string()),
        Button::new(labels::ONLINE, Payload::Online.to_string()),
        Button::new(labels::FEEDBACK, Payload::Feedback.to_string()),
        Button::new(
            labels::TICKET_LOOKUP,
            Payload::TicketLookup(None).to_string(),
        ),
        Button::new(labels::HOTLINE, Payload::Hotline.to_string()),
        Button::new(labels::PLANS, Payload::Plans.to_string()),
    ];
    Message::with_buttons(greeting(bot), buttons)
}

/// "Bạn muốn hỏi thủ tục nào ạ?" with one button per (title, id).
pub fn choices_message(offered: &[(String, String)], bot: &BotConfig) -> Message {
    let titles: Vec<String> = offered.iter().map(|(t, _)| t.clone()).collect();
    Message::with_buttons(choices(&titles, bot), open_buttons(offered))
}

/// One button per (title, id) that opens the entry.
pub fn open_buttons(entries: &[(String, String)]) -> Vec<Button> {
    entries
        .iter()
        .map(|(title, id)| {
            Button::new(labels::choice(title), Payload::Open(id.clone()).to_string())
        })
        .collect()
}

/// Nothing fits: the reply with feedback and hotline buttons.
pub fn no_match_message(bot: &BotConfig) -> Message {
    let buttons = vec![
        Button::new(labels::FEEDBACK, Payload::Feedback.to_string()),
        hotline_button(),
    ];
    Message::with_buttons(no_match(bot), buttons)
}

/// Out of scope: the reply with the hotline button only (no feedback ticket pushed).
pub fn off_topic_message(bot: &BotConfig) -> Message {
    Message::with_buttons(off_topic(bot), vec![hotline_button()])
}

pub fn hotline_button() -> Button {
    Button::new(labels::HOTLINE, Payload::Hotline.to_string())
}

/// Facet texts asked after a card ("lệ phí bao nhiêu?"), under the procedure's name.
pub fn follow_up(procedure_name: &str, facet_texts: &[String]) -> String {
    format!(
        "Dạ, về thủ tục «{}»:\n{}",
        procedure_name,
        facet_texts.join("\n\n")
    )
}

/// A message with its buttons as a numbered list, for channels without buttons.
pub fn as_numbered_text(m: &Message) -> String {
    if m.buttons.is_empty() {
        return m.text.clone();
    }
    let mut s = format!("{}\n\nBạn trả lời bằng số để chọn:", m.text);
    for (i, b) in m.buttons.iter().enumerate() {
        s.push_str(&format!("\n{}. {}", i + 1, b.label));
    }
    s
}

/// The commands of Telegram's menu, with their descriptions.
pub const COMMANDS: [(&str, &str); 6] = [
    ("start", "Bắt đầu, xem các chức năng"),
    ("help", "Hướng dẫn sử dụng"),
    ("tracuu", "Tra cứu phản ánh đã gửi"),
    ("hoso", "Tra cứu tình trạng hồ sơ"),
    ("phananh", "Gửi phản ánh, kiến nghị"),
    ("hotline", "Số đường dây nóng"),
];

/// `POST /api/chat` with a body that is not the expected JSON.
pub fn bad_chat_request() -> &'static str {
    "Dữ liệu gửi lên không hợp lệ: cần JSON {\"user_id\": \"...\", \"text\": \"...\"}."
}

/// `POST /api/chat` without a usable user id.
pub fn bad_user_id() -> &'static str {
    "Thiếu mã người dùng (user_id) hoặc mã quá dài."
}

/// A user id holding control characters (NUL, line breaks, …).
pub fn user_id_control_chars() -> &'static str {
    "Mã người dùng (user_id) chứa ký tự điều khiển không hợp lệ."
}

/// The chat could not handle the message at all.
pub fn busy() -> &'static str {
    "Hệ thống đang bận, bạn vui lòng thử lại."
}
