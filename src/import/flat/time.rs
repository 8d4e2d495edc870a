//! The time cell of a channel row: a number with its unit ("5 Ngày làm việc"), a bare
//! number whose unit only the description may give, or digits glued to the fee amount.

use std::sync::LazyLock;

use regex::Regex;

use super::fee::starts_with_currency;
use super::{number_len, NO_INFO};

/// Units the portal writes after a processing time (longest first).
const TIME_UNITS: [&str; 7] = [
    "Ngày làm việc",
    "Giờ làm việc",
    "Ngày",
    "Giờ",
    "Tháng",
    "Năm",
    "Phút",
];

/// What the time cell held.
pub(super) enum TimeCell {
    Missing,
    WithUnit(String),
    /// A number with no unit ("7"), followed by the fee cell.
    Bare(String),
    /// A number glued to a fee amount ("120 VNĐ" may be 1 day and 20 VNĐ).
    Ambiguous(String),
}

impl TimeCell {
    /// The time as shown; a bare number takes its unit from the row's description.
    pub(super) fn into_text(self, description: &str) -> Option<String> {
        match self {
            TimeCell::Missing | TimeCell::Ambiguous(_) => None,
            TimeCell::WithUnit(t) => Some(t),
            TimeCell::Bare(n) => Some(bare_time(&n, description)),
        }
    }
}

/// Splits the time cell off the front of a row.
pub(super) fn split_time(cells: &str) -> (TimeCell, &str) {
    if let Some(rest) = cells.strip_prefix(NO_INFO) {
        return (TimeCell::Missing, rest);
    }
    let digits = cells[..number_len(cells)].trim_end_matches([',', '.']);
    if digits.is_empty() {
        return (TimeCell::Missing, cells);
    }
    let after = &cells[digits.len()..];
    for unit in TIME_UNITS {
        if let Some(rest) = after.strip_prefix(' ').and_then(|a| a.strip_prefix(unit)) {
            let text = format!("{} {}", trim_zeros(digits), unit.to_lowercase());
            return (TimeCell::WithUnit(text), rest);
        }
    }
    if starts_with_currency(after.trim_start()) {
        // The digits hold both the time and the fee amount; keep them for the fee.
        return (TimeCell::Ambiguous(digits.to_owned()), cells);
    }
    (TimeCell::Bare(digits.to_owned()), after)
}

/// "07" → "7"; keeps "0".
fn trim_zeros(digits: &str) -> &str {
    let t = digits.trim_start_matches('0');
    if t.is_empty() || t.starts_with(['.', ',']) {
        digits
    } else {
        t
    }
}

/// A unit-less time: the unit comes from the description when it repeats the number
/// ("Trong thời hạn 02 ngày làm việc"), else it is shown as not given.
pub fn bare_time(number: &str, description: &str) -> String {
    let n = trim_zeros(number);
    static UNIT_NEAR_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b0*(\d+)\s*(ngày làm việc|giờ làm việc|ngày|giờ|tháng)").unwrap()
    });
    UNIT_NEAR_NUMBER
        .captures_iter(description)
        .find(|c| &c[1] == n)
        .map(|c| format!("{n} {}", c[2].to_lowercase()))
        .unwrap_or_else(|| format!("{n} (Cổng Dịch vụ công không ghi đơn vị)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(cells: &str) -> (Option<String>, &str) {
        let (time, rest) = split_time(cells);
        (time.into_text(rest), rest)
    }

    #[test]
    fn time_with_a_unit_loses_leading_zeros() {
        assert_eq!(
            shown("07 Ngày làm việcMiễn phí"),
            (Some("7 ngày làm việc".to_owned()), "Miễn phí")
        );
        assert_eq!(trim_zeros("0"), "0");
    }

    #[test]
    fn missing_and_glued_times_show_nothing() {
        assert_eq!(shown("Không có thông tinMiễn phí"), (None, "Miễn phí"));
        assert!(matches!(split_time("120 VNĐ").0, TimeCell::Ambiguous(d) if d == "120"));
    }

    #[test]
    fn bare_time_takes_its_unit_from_the_description_or_says_none() {
        assert_eq!(
            bare_time("02", "Trong thời hạn 02 ngày làm việc"),
            "2 ngày làm việc"
        );
        assert_eq!(
            bare_time("7", "Nộp tại trụ sở"),
            "7 (Cổng Dịch vụ công không ghi đơn vị)"
        );
    }
}
