//! Dossier look-up texts: asking for the code and the last digits, the status explained,
//! the promised date, and the notice a subscriber receives. No text here ever holds the
//! applicant's name, phone or ID number.

use crate::config::BotConfig;
use crate::dossiers::{Deadline, Dossier, Status};
use crate::knowledge::Procedure;
use crate::time::vn_date;

pub fn dossier_ask_code() -> String {
    "Dạ, bạn vui lòng gửi mã hồ sơ in trên giấy biên nhận (ví dụ: “tra cứu hồ sơ H12.23-251123-0001”).".to_owned()
}

pub fn dossier_ask_digits(code: &str) -> String {
    format!(
        "Dạ, để bảo vệ thông tin cá nhân, bạn vui lòng nhập 4 số cuối của số điện thoại hoặc số giấy tờ tùy thân đã khai trên hồ sơ {code}."
    )
}

/// The same reply for an unknown code and for wrong digits.
pub fn dossier_refused(code: &str, tries_left: u32) -> String {
    format!(
        "Dạ, chưa tra cứu được hồ sơ {code} với thông tin này. Bạn kiểm tra lại mã hồ sơ trên giấy biên nhận và 4 số cuối giúp mình nhé (còn {tries_left} lần thử)."
    )
}

pub fn dossier_locked(bot: &BotConfig) -> String {
    format!(
        "Dạ, mã hồ sơ này đang tạm khóa tra cứu trong 1 giờ vì thông tin nhập chưa đúng nhiều lần. Bạn có thể gọi {} {} để được hỗ trợ.",
        bot.hotline_name, bot.hotline
    )
}

pub fn dossier_rate_limited() -> String {
    "Dạ, bạn đã tra cứu hồ sơ nhiều lần trong thời gian ngắn. Bạn vui lòng thử lại sau ít phút."
        .to_owned()
}

/// What the status means for the citizen.
fn explain(d: &Dossier) -> String {
    let unit = d
        .don_vi_xu_ly
        .as_deref()
        .map(|u| format!(" tại {u}"))
        .unwrap_or_default();
    match d.trang_thai {
        Status::Registered => "Hồ sơ đã được đăng ký, đang chờ cơ quan tiếp nhận.".to_owned(),
        Status::Received => format!("Hồ sơ đã được tiếp nhận{unit}."),
        Status::NotReceived => format!("Hồ sơ không được tiếp nhận{unit}."),
        Status::Processing => format!("Hồ sơ đang được xử lý{unit}."),
        Status::SupplementRequested => {
            format!("Cơ quan giải quyết{unit} đề nghị bạn bổ sung giấy tờ.")
        }
        Status::PaymentRequested => {
            "Bạn cần thực hiện nghĩa vụ tài chính (nộp phí, lệ phí, thuế) để hồ sơ được tiếp tục xử lý.".to_owned()
        }
        Status::Withdrawn => "Hồ sơ đã được rút theo yêu cầu của bạn.".to_owned(),
        Status::Stopped => format!("Hồ sơ đã dừng xử lý{unit}."),
        Status::Done => format!("Hồ sơ đã xử lý xong, kết quả đang chờ trả{unit}."),
        Status::Returned => match d.ngay_tra {
            Some(at) => format!("Kết quả đã được trả ngày {}.", vn_date(at)),
            None => "Kết quả đã được trả.".to_owned(),
        },
    }
}

fn deadline_line(d: &Dossier, now: u64) -> Option<String> {
    let due = vn_date(d.ngay_hen_tra?);
    Some(match d.deadline(now) {
        Deadline::Late(days) => format!("• Ngày hẹn trả: {due} (đã trễ hạn {days} ngày)"),
        Deadline::Left(0) => format!("• Ngày hẹn trả: {due} (hôm nay)"),
        Deadline::Left(days) => format!("• Ngày hẹn trả: {due} (còn {days} ngày)"),
        Deadline::None => format!("• Ngày hẹn trả: {due}"),
    })
}

/// Where and how the result is collected, from the procedure's card.
fn collect_line(p: Option<&Procedure>) -> String {
    let place = p
        .map(|p| p.where_to_submit.trim())
        .filter(|w| !w.is_empty())
        .map_or_else(
            || "Bạn nhận kết quả tại nơi đã nộp hồ sơ, nhớ mang theo giấy biên nhận.".to_owned(),
            |w| format!("Bạn nhận kết quả tại: {w} (mang theo giấy biên nhận)."),
        );
    if p.is_some_and(|p| p.postal_service) {
        format!("{place} Bạn cũng có thể đăng ký nhận kết quả qua dịch vụ bưu chính công ích.")
    } else {
        place
    }
}

/// The verified citizen's reply: procedure, status, dates, what to do next.
pub fn dossier_status(d: &Dossier, now: u64, p: Option<&Procedure>, bot: &BotConfig) -> String {
    let name = p.map_or(d.ten_tthc.as_str(), |p| p.name.as_str());
    let mut lines = vec![
        format!("Dạ, hồ sơ {}:", d.ma_ho_so),
        format!("• Thủ tục: {name}"),
        format!("• Tình trạng: {}", explain(d)),
    ];
    if let Some(at) = d.ngay_tiep_nhan {
        lines.push(format!("• Ngày tiếp nhận: {}", vn_date(at)));
    }
    lines.extend(deadline_line(d, now));
    if let (Status::SupplementRequested, Some(note)) = (d.trang_thai, &d.ghi_chu) {
        lines.push(format!("• Cần bổ sung: {note}"));
    }
    if d.is_late(now) {
        lines.push(format!(
            "Chúng tôi thành thật xin lỗi vì hồ sơ của bạn chậm so với ngày hẹn. Bạn có thể gọi {} {} để được hỗ trợ.",
            bot.hotline_name, bot.hotline
        ));
    }
    if d.trang_thai == Status::Done {
        lines.push(collect_line(p));
    }
    lines.join("\n")
}

/// What a subscriber receives when the status changes.
pub fn dossier_notice(d: &Dossier, now: u64) -> String {
    let mut lines = vec![
        format!("🔔 Dạ, hồ sơ {} vừa được cập nhật:", d.ma_ho_so),
        format!("• Tình trạng: {}", explain(d)),
    ];
    lines.extend(deadline_line(d, now));
    if let (Status::SupplementRequested, Some(note)) = (d.trang_thai, &d.ghi_chu) {
        lines.push(format!("• Cần bổ sung: {note}"));
    }
    lines.push(format!(
        "Bạn gõ “tra cứu hồ sơ {}” để xem chi tiết.",
        d.ma_ho_so
    ));
    lines.join("\n")
}

pub fn dossier_followed(code: &str) -> String {
    format!(
        "Dạ, bạn sẽ nhận tin nhắn khi hồ sơ {code} thay đổi tình trạng (đến khi có kết quả, tối đa 90 ngày). Gõ “hủy theo dõi” để dừng."
    )
}

pub fn dossier_unfollowed(code: &str) -> String {
    format!("Dạ, bạn đã hủy theo dõi hồ sơ {code}.")
}

pub fn dossier_follow_needs_lookup() -> String {
    "Dạ, bạn vui lòng tra cứu hồ sơ trước (gõ “tra cứu hồ sơ” kèm mã hồ sơ), sau đó chọn “Theo dõi hồ sơ”.".to_owned()
}
