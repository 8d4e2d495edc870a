//! Parsers for the portal's flattened tables: the submission channels (time and fee per
//! channel), the document list with counts, the legal basis, the result and the steps.
//!
//! The portal's HTML tables were flattened without separators ("Trực tuyến7Miễn phí
//! Trực tiếp1Miễn phí"), so each parser finds the cell boundaries from what the cells can
//! contain (a channel name, a number with a unit, a currency, a document count).
//!
//! This module owns the text helpers the parsers share ([`clean`], [`NO_INFO`]); each
//! table has its own parser: [`channels`] (with [`time`] and [`fee`] for its cells),
//! [`documents`], [`legal`], [`result`], [`steps`] and [`conditions`].

mod channels;
mod conditions;
mod documents;
mod fee;
mod legal;
mod result;
mod steps;
mod time;

pub use channels::{parse_channels, Channel, CHANNEL_NAMES};
pub use conditions::parse_conditions;
pub use documents::{parse_documents, strip_form_file, Document};
pub use fee::parse_fee;
pub use legal::{parse_legal, LegalRef};
pub use result::parse_result;
pub use steps::parse_steps;
pub use time::bare_time;

/// A text the portal writes for "nothing here".
pub const NO_INFO: &str = "Không có thông tin";

/// Collapses whitespace (including no-break spaces) and trims; "Không có thông tin" → "".
pub fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.eq_ignore_ascii_case(NO_INFO) || joined == "Không" {
        String::new()
    } else {
        joined
    }
}

/// Length in bytes of the number (digits with '.' or ',' separators) `text` starts with.
fn number_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_info_cleans_to_empty() {
        assert_eq!(clean("Không có thông tin"), "");
        assert_eq!(clean("Không"), "");
        assert_eq!(clean("  Nộp\u{a0} tại\n trụ sở "), "Nộp tại trụ sở");
    }

    #[test]
    fn number_length_counts_separators() {
        assert_eq!(number_len("1,500,000 VNĐ"), 9);
        assert_eq!(number_len("7"), 1);
        assert_eq!(number_len("Miễn phí"), 0);
    }
}
