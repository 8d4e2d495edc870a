//! The ten national dossier statuses (trạng thái hồ sơ), read from their code ("4") or
//! their name with or without diacritics ("Đang xử lý", "dang xu ly").

use serde::{Deserialize, Serialize};

use crate::text::folded_words;

/// A dossier's status in the one-stop system, numbered as the national portal numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Status {
    Registered = 1,
    Received = 2,
    NotReceived = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    Stopped = 8,
    Done = 9,
    Returned = 10,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Registered,
        Status::Received,
        Status::NotReceived,
        Status::Processing,
        Status::SupplementRequested,
        Status::PaymentRequested,
        Status::Withdrawn,
        Status::Stopped,
        Status::Done,
        Status::Returned,
    ];

    /// The national code (1–10).
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The national name, as citizens read it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Registered => "Mới đăng ký",
            Status::Received => "Được tiếp nhận",
            Status::NotReceived => "Không được tiếp nhận",
            Status::Processing => "Đang xử lý",
            Status::SupplementRequested => "Yêu cầu bổ sung giấy tờ",
            Status::PaymentRequested => "Yêu cầu thực hiện nghĩa vụ tài chính",
            Status::Withdrawn => "Công dân yêu cầu rút hồ sơ",
            Status::Stopped => "Dừng xử lý",
            Status::Done => "Đã xử lý xong",
            Status::Returned => "Đã trả kết quả",
        }
    }

    /// A code ("4", "04") or a name, with or without diacritics, any case.
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim();
        if let Ok(code) = text.parse::<u8>() {
            return Status::try_from(code).ok();
        }
        let folded = folded_words(text).join(" ");
        Status::ALL
            .into_iter()
            .find(|s| folded_words(s.name()).join(" ") == folded)
    }

    /// The processing is over: no later status is expected and no deadline runs.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::NotReceived
                | Status::Withdrawn
                | Status::Stopped
                | Status::Done
                | Status::Returned
        )
    }

    /// The result is ready or handed over (9, 10): subscriptions end here.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Done | Status::Returned)
    }
}

impl From<Status> for u8 {
    fn from(s: Status) -> u8 {
        s.code()
    }
}

impl TryFrom<u8> for Status {
    type Error = String;

    fn try_from(code: u8) -> Result<Status, String> {
        Status::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| format!("status code {code} is not 1-10"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_names_with_or_without_diacritics() {
        assert_eq!(Status::parse("4"), Some(Status::Processing));
        assert_eq!(Status::parse("05"), Some(Status::SupplementRequested));
        assert_eq!(Status::parse("Đang xử lý"), Some(Status::Processing));
        assert_eq!(Status::parse("da tra ket qua"), Some(Status::Returned));
        assert_eq!(
            Status::parse("YÊU CẦU BỔ SUNG GIẤY TỜ"),
            Some(Status::SupplementRequested)
        );
        assert_eq!(Status::parse("11"), None);
        assert_eq!(Status::parse("đang chờ"), None);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.name()), Some(s));
            assert_eq!(Status::parse(&s.code().to_string()), Some(s));
        }
    }
}
