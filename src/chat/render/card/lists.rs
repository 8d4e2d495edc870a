//! Bulleted and numbered lists of a card, cut to a length a phone shows and saying how
//! many items are left.

/// Most items one list of a card shows; imported records can list dozens.
pub const MAX_LIST_ITEMS: usize = 12;
/// Longest list text shown, in characters (before the "and N more" line).
const MAX_LIST_CHARS: usize = 2500;
/// Longest single item shown, in characters.
pub const MAX_ITEM_CHARS: usize = 400;

pub fn bullets(items: &[String]) -> String {
    list(items, |_| "•".to_owned())
}

pub fn numbered(items: &[String]) -> String {
    list(items, |n| format!("{}.", n + 1))
}

/// A list of at most [`MAX_LIST_ITEMS`] lines and about [`MAX_LIST_CHARS`] characters;
/// what does not fit is counted and pointed to on the portal.
fn list(items: &[String], marker: impl Fn(usize) -> String) -> String {
    let mut lines = Vec::new();
    let mut chars = 0;
    for (n, item) in items.iter().enumerate() {
        if n == MAX_LIST_ITEMS || (n > 0 && chars >= MAX_LIST_CHARS) {
            break;
        }
        let mut text: String = item.chars().take(MAX_ITEM_CHARS).collect();
        if text.len() < item.len() {
            text.push_str(" …");
        }
        chars += text.chars().count();
        lines.push(format!("{} {text}", marker(n)));
    }
    let rest = items.len() - lines.len();
    if rest > 0 {
        lines.push(format!(
            "… và còn {rest} mục nữa, bạn xem đầy đủ tại Cổng Dịch vụ công quốc gia."
        ));
    }
    lines.join("\n")
}
