//! The submission table (`cach_thuc_thuc_hien`): one row per channel, each with its
//! processing time ([`super::time`]), fee ([`super::fee`]) and description.

use super::fee::{split_fee, Fee, CURRENCIES};
use super::time::{bare_time, split_time, TimeCell};
use super::{clean, NO_INFO};

/// The three ways to submit a file, as the portal names them.
pub const CHANNEL_NAMES: [&str; 3] = ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"];

/// One row of the submission table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// "Trực tiếp", "Trực tuyến" or "Dịch vụ bưu chính".
    pub name: String,
    /// Processing time with its unit ("7 ngày làm việc"); `None` when not given.
    pub time: Option<String>,
    /// Fee as written ("Miễn phí", "135 VNĐ (Lệ phí ...)"); `None` when not given.
    pub fee: Option<String>,
    /// Free-text description of the row.
    pub description: String,
}

/// Parses `cach_thuc_thuc_hien`: "Hình thức nộpThời gianPhí, lệ phíMô tả" then rows.
pub fn parse_channels(flat: &str) -> Vec<Channel> {
    let body = flat
        .trim()
        .strip_prefix("Hình thức nộpThời gianPhí, lệ phíMô tả")
        .unwrap_or(flat.trim());
    let starts = row_starts(body);
    starts
        .iter()
        .enumerate()
        .map(|(i, &(at, name))| {
            let end = starts.get(i + 1).map_or(body.len(), |s| s.0);
            parse_row(name, &body[at + name.len()..end])
        })
        .collect()
}

/// Byte offsets where a row begins: a channel name followed by a time or "no info".
fn row_starts(body: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (at, _) in body.char_indices() {
        let rest = &body[at..];
        for name in CHANNEL_NAMES {
            if let Some(after) = rest.strip_prefix(name) {
                let cell_starts =
                    after.starts_with(|c: char| c.is_ascii_digit()) || after.starts_with(NO_INFO);
                if cell_starts || (at == 0 && out.is_empty()) {
                    out.push((at, name));
                }
            }
        }
    }
    out
}

/// One row after its channel name: time, fee (with an optional note), description.
fn parse_row(name: &str, cells: &str) -> Channel {
    let (time, rest) = split_time(cells);
    let (fee, rest) = split_fee(rest);
    let (time, fee) = match (time, fee) {
        (TimeCell::Ambiguous(digits), Some(fee)) => resolve_glued(&digits, &fee, rest),
        (time, fee) => (time.into_text(rest), fee),
    };
    Channel {
        name: name.to_owned(),
        time,
        fee: fee.map(|f| f.display()),
        description: clean(rest),
    }
}

/// Splits digits glued to a fee ("120 VNĐ(20.000 vnđ/tờ khai)") into time and fee: the
/// fee is the longest tail of the digits that the note confirms, else all but the first
/// digit (the portal's time cell is usually one digit).
fn resolve_glued(digits: &str, fee: &Fee, description: &str) -> (Option<String>, Option<Fee>) {
    let note_digits: Vec<String> = fee
        .note
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|n| n.chars().filter(char::is_ascii_digit).collect())
        .filter(|n: &String| !n.is_empty())
        .collect();
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let split = (0..plain.len())
        .find(|&i| {
            let tail = &plain[i..];
            !tail.starts_with('0') && note_digits.iter().any(|n| n.starts_with(tail))
        })
        .unwrap_or(1.min(plain.len().saturating_sub(1)));
    let (time, amount) = plain.split_at(split);
    let currency = CURRENCIES
        .iter()
        .find(|c| fee.amount.ends_with(*c))
        .copied()
        .unwrap_or("VNĐ");
    let time = (!time.is_empty()).then(|| bare_time(time, description));
    let fee = Fee {
        amount: format!("{amount} {currency}"),
        note: fee.note.clone(),
    };
    (time, Some(fee))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_with_unit_fee_note_and_description() {
        let flat = "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)Trực tuyến2 Ngày làm việcMiễn phíTrong thời hạn 02 ngày làm việc.";
        let rows = parse_channels(flat);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Trực tiếp");
        assert_eq!(rows[0].time.as_deref(), Some("5 ngày làm việc"));
        assert_eq!(
            rows[0].fee.as_deref(),
            Some("135 VNĐ (Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)")
        );
        assert_eq!(rows[1].time.as_deref(), Some("2 ngày làm việc"));
        assert_eq!(rows[1].fee.as_deref(), Some("Miễn phí"));
        assert_eq!(rows[1].description, "Trong thời hạn 02 ngày làm việc.");
    }

    #[test]
    fn time_without_unit_is_not_given_a_made_up_unit() {
        let rows = parse_channels(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7Miễn phíDịch vụ bưu chính7Miễn phí",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].time.as_deref(),
            Some("7 (Cổng Dịch vụ công không ghi đơn vị)")
        );
        assert_eq!(rows[1].name, "Dịch vụ bưu chính");
    }

    #[test]
    fn time_without_unit_takes_it_from_the_description() {
        let rows = parse_channels(
            "Trực tiếp2Miễn phíTrong thời hạn 02 ngày làm việc kể từ ngày nhận hồ sơ",
        );
        assert_eq!(rows[0].time.as_deref(), Some("2 ngày làm việc"));
    }

    #[test]
    fn digits_glued_to_a_fee_are_split_by_the_note() {
        let rows = parse_channels(
            "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp145 USD(Thẻ tạm trú: 145 USD)",
        );
        assert_eq!(
            rows[0].time.as_deref(),
            Some("1 (Cổng Dịch vụ công không ghi đơn vị)")
        );
        assert_eq!(rows[0].fee.as_deref(), Some("20 VNĐ (20.000 vnđ /tờ khai)"));
        assert_eq!(rows[1].time, None);
        assert_eq!(
            rows[1].fee.as_deref(),
            Some("145 USD (Thẻ tạm trú: 145 USD)")
        );
    }

    #[test]
    fn no_info_cells_are_empty() {
        let rows = parse_channels("Trực tiếpKhông có thông tinKhông có thông tinNộp tại trụ sở");
        assert_eq!(rows[0].time, None);
        assert_eq!(rows[0].fee, None);
        assert_eq!(rows[0].description, "Nộp tại trụ sở");
        assert_eq!(clean("Không có thông tin"), "");
    }

    #[test]
    fn description_mentioning_a_channel_is_not_a_new_row() {
        let rows = parse_channels(
            "Trực tiếp10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an cấp huyện.Trực tiếp10 NgàyKhông có thông tin- Công an cấp tỉnh",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].description,
            "Trực tiếp tại cơ quan Công an cấp huyện."
        );
    }
}
