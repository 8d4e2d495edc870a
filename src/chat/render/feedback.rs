//! The feedback dialogue's questions and confirmations, and ticket look-up replies.

use super::labels;
use crate::chat::message::{Button, Message};
use crate::chat::payload::{EditPart, Payload};

/// Kinds of ticket, as the citizen names them and staff see them.
pub const CATEGORY_COMPLAINT: &str = "phản ánh";
pub const CATEGORY_PROPOSAL: &str = "kiến nghị";

pub fn feedback_ask_content(max: usize) -> String {
    format!(
        "Dạ, bạn vui lòng nhập nội dung phản ánh, kiến nghị (tối đa {} ký tự): việc gì, ở đâu, khi nào. Gõ \"hủy\" để thôi.",
        thousands(max)
    )
}

pub fn feedback_ask_procedure() -> String {
    "Dạ, phản ánh liên quan đến thủ tục nào? Bạn gõ tên thủ tục, hoặc bấm \"Bỏ qua\".".into()
}

/// The place step's question.
pub fn feedback_ask_place() -> String {
    "Dạ, phản ánh của bạn liên quan đến xã/phường nào? Bạn gõ tên xã/phường (tên cũ cũng được, \
     ví dụ \"xã Liên Minh, huyện Đức Thọ\"), hoặc bấm \"Bỏ qua\"."
        .into()
}

/// An old commune name read as its new unit.
pub fn place_converted(old: &str, new: &str) -> String {
    format!("Dạ, \"{old}\" nay thuộc {new}. Phản ánh sẽ được chuyển tới đơn vị này.")
}

/// A name that fits several units: the buttons below list them.
pub fn place_choose(old: Option<&str>) -> String {
    match old {
        Some(old) => format!(
            "Dạ, \"{old}\" sau sắp xếp năm 2025 được chia về nhiều xã/phường. Bạn chọn đúng nơi giúp mình:"
        ),
        None => "Dạ, có nhiều xã/phường trùng tên này. Bạn chọn đúng nơi giúp mình (hoặc gõ thêm tên tỉnh):".into(),
    }
}

/// Only a province was named.
pub fn place_need_commune(province: &str) -> String {
    format!("Dạ, bạn cho mình biết thêm tên xã/phường thuộc {province} nhé.")
}

pub fn place_unknown() -> String {
    "Dạ, mình chưa nhận ra xã/phường này. Bạn gõ lại tên xã/phường (có thể kèm tên huyện cũ \
     hoặc tỉnh), hoặc bấm \"Bỏ qua\"."
        .into()
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
    place: Option<&str>,
    name: Option<&str>,
    phone: Option<&str>,
) -> String {
    let none = "(không có)";
    format!(
        "Dạ, bạn kiểm tra lại {category} trước khi gửi:\n\n• Nội dung: {content}\n• Thủ tục: {}\n• Xã/phường: {}\n• Họ tên: {}\n• Điện thoại: {}\n\nBấm \"Gửi\" để gửi, hoặc \"Hủy\".",
        procedure.unwrap_or(none),
        place.unwrap_or(none),
        name.unwrap_or(none),
        phone.unwrap_or(none)
    )
}

/// What name and phone are for, before they are asked (Nghị định 13/2023/NĐ-CP).
pub fn consent_message() -> Message {
    let text = "Dạ, để cán bộ liên hệ khi cần, bạn có thể cho biết họ tên và số điện thoại. \
                Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, mình báo để bạn biết: \
                các thông tin này chỉ dùng để xử lý và trả lời phản ánh này, chỉ cán bộ xử lý \
                được xem, và được lưu cùng hồ sơ phản ánh theo thời hạn lưu trữ quy định. \
                Bạn đồng ý cung cấp, hay gửi ẩn danh?";
    let buttons = vec![
        Button::new(labels::AGREE, Payload::Agree.to_string()),
        Button::new(labels::ANONYMOUS, Payload::Anonymous.to_string()),
        cancel_button(),
    ];
    Message::with_buttons(text, buttons)
}

pub fn consent_again() -> String {
    "Dạ, bạn bấm \"Đồng ý cung cấp\" để cho biết họ tên, số điện thoại, hoặc \"Gửi ẩn danh\"."
        .into()
}

/// "Sửa" on the review: which part to change.
pub fn edit_message(with_contact: bool) -> Message {
    let part = |label: &str, p: EditPart| Button::new(label, Payload::EditPart(p).to_string());
    let mut buttons = vec![
        part(labels::EDIT_CONTENT, EditPart::Content),
        part(labels::EDIT_PROCEDURE, EditPart::Procedure),
        part(labels::EDIT_PLACE, EditPart::Place),
    ];
    if with_contact {
        buttons.push(part(labels::EDIT_CONTACT, EditPart::Contact));
    }
    buttons.push(cancel_button());
    Message::with_buttons("Dạ, bạn muốn sửa phần nào?", buttons)
}

pub fn feedback_content_too_short(min: usize) -> String {
    format!(
        "Dạ, nội dung hơi ngắn nên cán bộ khó xử lý. Bạn mô tả rõ việc gì, ở đâu, khi nào giúp mình nhé (ít nhất {min} ký tự)."
    )
}

/// A button of a feedback dialogue pressed after it ended.
pub fn dialogue_over() -> String {
    "Dạ, phản ánh này đã được gửi hoặc đã hủy nên nút này không còn dùng được. \
     Bạn gõ /tracuu để xem phản ánh đã gửi, hoặc /phananh để gửi phản ánh mới."
        .into()
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
        return "Dạ, bạn gõ mã phản ánh để tra cứu, ví dụ: /tracuu PA-2026-7K3QX9.".into();
    }
    format!(
        "Dạ, các phản ánh bạn đã gửi: {}. Bạn gõ /tracuu kèm mã để xem tình trạng.",
        codes.join(", ")
    )
}

pub fn ticket_not_found(code: &str) -> String {
    format!(
        "Dạ, mình không tìm thấy phản ánh {code} của bạn. Bạn kiểm tra lại mã giúp mình nhé. \
         Nếu bạn gửi phản ánh từ thiết bị hoặc kênh khác, bạn gõ mã kèm số điện thoại đã khai khi gửi, \
         ví dụ: /tracuu {code} 0912345678."
    )
}

/// A code whose check character does not match: a character was mistyped.
pub fn ticket_code_mistyped(code: &str) -> String {
    format!(
        "Dạ, mã {code} có vẻ bị gõ nhầm (ký tự kiểm tra không khớp). Bạn xem lại mã trong tin nhắn xác nhận và gõ lại giúp mình nhé; lưu ý mã không chứa chữ O, chữ I, số 0 và số 1."
    )
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

/// Longest part of the citizen's own text quoted above an answer.
const QUOTED_CHARS: usize = 200;

/// A staff answer delivered to the citizen: who answers, when, to which question.
pub fn ticket_answer_notice(unit: &str, t: &crate::tickets::Ticket, answer: &str) -> String {
    let who = if unit.is_empty() {
        "Cán bộ tiếp nhận".to_owned()
    } else {
        format!("Cán bộ {unit}")
    };
    let mut question: String = t.content.chars().take(QUOTED_CHARS).collect();
    if t.content.chars().count() > QUOTED_CHARS {
        question.push('…');
    }
    let today = crate::time::vn_date(crate::time::now_secs());
    format!(
        "Dạ, {who} trả lời phản ánh {} của bạn (ngày {today}).\nBạn hỏi: «{question}»\n\n{answer}\n\nBạn gõ /tracuu {} để xem lại.",
        t.code, t.code
    )
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

fn cancel_button() -> Button {
    Button::new(labels::CANCEL, Payload::Cancel.to_string())
}

fn skip_button() -> Button {
    Button::new(labels::SKIP, Payload::Skip.to_string())
}

/// Asks for the content.
pub fn ask_content_message(max: usize) -> Message {
    Message::with_buttons(feedback_ask_content(max), vec![cancel_button()])
}

/// Asks which procedure or place, offering the one of the last card.
pub fn ask_procedure_message(suggested: Option<&str>) -> Message {
    let keep =
        suggested.map(|name| Button::new(labels::keep_procedure(name), Payload::Keep.to_string()));
    let buttons = keep.into_iter().chain([skip_button(), cancel_button()]);
    Message::with_buttons(feedback_ask_procedure(), buttons.collect())
}

/// Asks which commune or ward, offering `units` as buttons: the place named before, or,
/// when `choosing`, the candidates of a name that fits several (of a split old commune
/// when it names one).
pub fn ask_place_message(
    units: &[crate::tickets::TicketUnit],
    choosing: Option<Option<&str>>,
) -> Message {
    let offered = units.iter().map(|u| {
        Button::new(
            labels::choice(&u.name),
            Payload::Unit(u.code.clone()).to_string(),
        )
    });
    let buttons = offered.chain([skip_button(), cancel_button()]);
    let text = choosing.map_or_else(feedback_ask_place, place_choose);
    Message::with_buttons(text, buttons.collect())
}

pub fn ask_name_message() -> Message {
    Message::with_buttons(feedback_ask_name(), vec![skip_button(), cancel_button()])
}

pub fn ask_phone_message() -> Message {
    Message::with_buttons(feedback_ask_phone(), vec![skip_button(), cancel_button()])
}

/// The review before sending, with "Gửi" and "Hủy".
pub fn summary_message(
    category: &str,
    content: &str,
    procedure: Option<&str>,
    place: Option<&str>,
    name: Option<&str>,
    phone: Option<&str>,
) -> Message {
    let send = Button::new(labels::SEND, Payload::Confirm.to_string());
    let edit = Button::new(labels::EDIT, Payload::Edit.to_string());
    Message::with_buttons(
        feedback_summary(category, content, procedure, place, name, phone),
        vec![send, edit, cancel_button()],
    )
}

/// The ticket's code, with a button to look it up.
pub fn filed_message(code: &str, bot: &crate::config::BotConfig) -> Message {
    let lookup = Payload::TicketLookup(Some(code.to_owned())).to_string();
    Message::with_buttons(
        feedback_filed(
            code,
            &bot.ticket_answer_time,
            &bot.hotline_name,
            &bot.hotline,
        ),
        vec![Button::new(labels::TICKET_LOOKUP, lookup)],
    )
}

/// The ticket history line of a staff answer delivered to the citizen.
pub fn delivered_detail(channel: &str) -> String {
    format!("đã gửi trả lời qua {channel}")
}

/// The ticket history line of a failed delivery that will be retried.
pub fn delivery_failed_detail(channel: &str, attempt: u32, error: &str) -> String {
    format!("gửi qua {channel} thất bại (lần {attempt}): {error}; sẽ thử lại")
}

/// After 👍, a reason or a comment.
pub fn rating_thanks() -> String {
    "Dạ, cảm ơn bạn đã đánh giá, mình sẽ dùng ý kiến này để trả lời tốt hơn.".into()
}

/// A vote that cannot be kept (an answer no longer known, or given to someone else).
pub fn rating_gone() -> String {
    "Dạ, mình chưa ghi được đánh giá cho câu trả lời này. Bạn cứ hỏi lại rồi đánh giá nhé.".into()
}

/// After 👎: why, with the reasons as buttons.
pub fn rating_ask_reason(reasons: &[Button]) -> Message {
    Message::with_buttons(
        "Dạ, mình xin lỗi vì câu trả lời chưa tốt. Bạn cho mình biết chưa tốt ở điểm nào?",
        reasons.to_vec(),
    )
}

/// After a reason: an optional comment.
pub fn rating_ask_comment() -> Message {
    Message::with_buttons(
        "Dạ, mình đã ghi nhận. Bạn có thể gõ thêm góp ý ngắn (không bắt buộc), hoặc bấm \"Bỏ qua\".",
        vec![skip_button()],
    )
}

/// A staff answer with the satisfaction question (SIPAS style) and its five buttons.
pub fn answer_with_satisfaction(answer_notice: &str, code: &str) -> Message {
    let buttons = crate::tickets::TicketRating::LEVELS
        .iter()
        .map(|(level, label)| {
            let payload = Payload::Satisfaction {
                code: code.to_owned(),
                level: *level,
            };
            Button::new(*label, payload.to_string())
        })
        .collect();
    Message::with_buttons(
        format!("{answer_notice}\n\nDạ, bạn đánh giá thế nào về việc xử lý phản ánh này?"),
        buttons,
    )
}

/// After the satisfaction level: how many times they got in touch.
pub fn ask_contacts(code: &str) -> Message {
    let button = |count: u8, label: &str| {
        let payload = Payload::Contacts {
            code: code.to_owned(),
            count,
        };
        Button::new(label, payload.to_string())
    };
    Message::with_buttons(
        "Dạ, cảm ơn bạn. Để việc xử lý tốt hơn, bạn đã phải liên hệ mấy lần về việc này?",
        vec![
            button(1, "1 lần"),
            button(2, "2 lần"),
            button(3, "3 lần trở lên"),
        ],
    )
}

pub fn satisfaction_thanks() -> String {
    "Dạ, cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.".into()
}

/// A rating for a ticket that is not this citizen's, or not answered yet.
pub fn satisfaction_not_open(code: &str) -> String {
    format!("Dạ, phản ánh {code} chưa có câu trả lời của cán bộ hoặc không phải của bạn, nên mình chưa ghi nhận đánh giá.")
}
