//! The requirements and conditions of a procedure (yêu cầu, điều kiện thực hiện): one item
//! per line, without the list's own bullets, and nothing when the portal says there are
//! none ("Không", "Không quy định").

use super::{clean, NO_INFO};
use crate::text::capitalize;

/// The heading of the portal's page that follows the conditions in some records, glued
/// or on its own line ("…Không có thông tinTừ khóaKhông có thông tinMô tả…"): the
/// conditions stop there.
const NEXT_HEADING: &str = "Từ khóa";

/// What the portal writes when a procedure has no conditions of its own.
const NONE_STATED: [&str; 4] = ["không", "không có", "không quy định", "không có yêu cầu"];

/// The conditions of `text`, one item per non-empty line.
pub fn parse_conditions(text: &str) -> Vec<String> {
    let text = text.split(NEXT_HEADING).next().unwrap_or_default();
    let items: Vec<String> = text
        .lines()
        .map(|line| clean(line.trim().trim_start_matches(['-', '+', '*', '•']).trim()))
        .filter(|item| !item.is_empty())
        // Each item reads as a sentence on its own line.
        .map(|item| capitalize(&item))
        .collect();
    if items.len() == 1 && says_none(&items[0]) {
        return Vec::new();
    }
    items
}

fn says_none(item: &str) -> bool {
    let bare = item.trim_end_matches(['.', ';']).to_lowercase();
    NONE_STATED.contains(&bare.as_str()) || bare == NO_INFO.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_stated_is_empty() {
        for none in [
            "Không có thông tin",
            "Không.",
            "không",
            "Không quy định.",
            "",
        ] {
            assert!(parse_conditions(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn items_lose_their_bullets_and_page_furniture() {
        let text = "Đảm bảo đúng quy định, cụ thể là:\n+ Người khiếu nại phải là người có quyền.\n\n- Việc khiếu nại chưa có quyết định giải quyết lần hai.";
        assert_eq!(
            parse_conditions(text),
            [
                "Đảm bảo đúng quy định, cụ thể là:",
                "Người khiếu nại phải là người có quyền.",
                "Việc khiếu nại chưa có quyết định giải quyết lần hai."
            ]
        );
        assert!(parse_conditions("Không có thông tinTừ khóaKhông có thông tinMô tả").is_empty());
        assert_eq!(
            parse_conditions("có thẻ thường trú.Từ khóaKhông có thông tin"),
            ["Có thẻ thường trú."]
        );
    }
}
