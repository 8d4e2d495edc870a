//! The document list as the portal groups it: papers under their headings ("Giấy tờ phải
//! nộp", "Giấy tờ phải xuất trình", ...), each with its copy counts, and the notes and
//! conditions the list carries ("Trường hợp ...", "Lưu ý: ...") apart, shortened.

use super::values::shorten;

/// Most papers shown in one list.
const MAX_PAPERS: usize = 12;
/// Most notes shown.
const MAX_NOTES: usize = 3;
/// Longest paper shown, in characters.
const MAX_PAPER_CHARS: usize = 300;
/// Longest note shown, in characters.
const MAX_NOTE_CHARS: usize = 200;
/// Longest heading kept as a heading, in characters.
const MAX_HEADING_CHARS: usize = 160;

/// What one item of the stored list is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item<'a> {
    Heading(&'a str),
    Paper(&'a str),
    Note(&'a str),
}

/// A group of papers under its heading (none for papers before any heading).
#[derive(Debug, Default)]
struct Group<'a> {
    heading: Option<&'a str>,
    papers: Vec<&'a str>,
}

fn has_count(item: &str) -> bool {
    let Some(open) = item.rfind(" (") else {
        return false;
    };
    let counts = &item[open + 2..];
    counts.ends_with(')') && (counts.contains("bản chính") || counts.contains("bản sao"))
}

fn classify(item: &str) -> Option<Item<'_>> {
    let item = item.trim();
    if item.chars().all(|c| !c.is_alphanumeric()) {
        return None;
    }
    if has_count(item) {
        return Some(Item::Paper(item));
    }
    let folded = crate::text::fold(&crate::text::normalize(item));
    let note_words = ["luu y", "ghi chu", "* luu y", "* ghi chu"];
    if note_words.iter().any(|w| folded.starts_with(w)) {
        let rest = item.split_once(':').map_or("", |(_, r)| r.trim());
        return (!rest.is_empty()).then_some(Item::Note(item));
    }
    if item.ends_with(':') && item.chars().count() <= MAX_HEADING_CHARS {
        return Some(Item::Heading(item));
    }
    let heading_words = ["bao gom", "thanh phan ho so", "giay to phai"];
    if heading_words.iter().any(|w| folded == *w) {
        return Some(Item::Heading(item));
    }
    let opens_note = [
        "truong hop",
        "doi voi",
        "+",
        "-",
        "*",
        "(",
        "nguoi ",
        "co quan",
        "cac giay to",
    ]
    .iter()
    .any(|w| folded.starts_with(w));
    if opens_note || item.chars().count() > MAX_PAPER_CHARS {
        Some(Item::Note(item))
    } else {
        Some(Item::Paper(item))
    }
}

/// The document part of a card: headed groups, then the notes.
pub fn render(documents: &[String]) -> String {
    let mut groups: Vec<Group> = vec![Group::default()];
    let mut notes: Vec<&str> = Vec::new();
    for item in documents.iter().filter_map(|d| classify(d)) {
        match item {
            Item::Heading(h) => groups.push(Group {
                heading: Some(h),
                papers: Vec::new(),
            }),
            Item::Paper(p) => groups.last_mut().expect("one group").papers.push(p),
            Item::Note(n) => {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
    }
    let mut lines = Vec::new();
    let mut shown = 0;
    let total: usize = groups.iter().map(|g| g.papers.len()).sum();
    for g in groups.iter().filter(|g| !g.papers.is_empty()) {
        if shown == MAX_PAPERS {
            break;
        }
        if let Some(h) = g.heading {
            lines.push(heading(h));
        }
        for p in g.papers.iter().take(MAX_PAPERS - shown) {
            let p = p.trim_start_matches(['-', '+', ' ']);
            lines.push(format!("• {}", shorten(p, MAX_PAPER_CHARS)));
            shown += 1;
        }
    }
    if total > shown {
        lines.push(format!(
            "… và còn {} giấy tờ nữa, bạn xem đầy đủ tại Cổng Dịch vụ công quốc gia.",
            total - shown
        ));
    }
    if !notes.is_empty() {
        lines.push("📝 Lưu ý:".to_owned());
        for n in notes.iter().take(MAX_NOTES) {
            lines.push(format!(
                "– {}",
                shorten(strip_note_label(n), MAX_NOTE_CHARS)
            ));
        }
        if notes.len() > MAX_NOTES {
            lines.push(format!(
                "… và {} lưu ý khác tại trang chi tiết.",
                notes.len() - MAX_NOTES
            ));
        }
    }
    lines.join("\n")
}

/// "* Giấy tờ phải nộp:" → "Giấy tờ phải nộp:".
fn heading(h: &str) -> String {
    let h = h
        .trim_start_matches(['*', '-', ' '])
        .trim_end_matches([':', ' ']);
    format!("{h}:")
}

/// "Lưu ý: Trường hợp ..." → "Trường hợp ...".
fn strip_note_label(note: &str) -> &str {
    let folded = crate::text::fold(&crate::text::normalize(note));
    let labelled = ["luu y", "ghi chu", "* luu y", "* ghi chu"]
        .iter()
        .any(|w| folded.starts_with(w));
    match note.split_once(':') {
        Some((_, rest)) if labelled => rest.trim(),
        _ => note.trim_start_matches(['+', '-', '*', ' ']),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn groups_keep_their_headings_and_notes_come_apart() {
        let text = render(&docs(&[
            "Giấy tờ phải nộp:",
            "Tờ khai (1 bản chính)",
            "Trường hợp ủy quyền thì nộp thêm văn bản ủy quyền.",
            "Giấy tờ phải xuất trình:",
            "Hộ chiếu (1 bản chính, 1 bản sao)",
            "Lưu ý:",
            "Lưu ý: Giấy tờ nước ngoài phải hợp pháp hóa lãnh sự.",
        ]));
        assert_eq!(
            text,
            "Giấy tờ phải nộp:\n• Tờ khai (1 bản chính)\nGiấy tờ phải xuất trình:\n• Hộ chiếu (1 bản chính, 1 bản sao)\n📝 Lưu ý:\n– Trường hợp ủy quyền thì nộp thêm văn bản ủy quyền.\n– Giấy tờ nước ngoài phải hợp pháp hóa lãnh sự."
        );
    }

    #[test]
    fn long_lists_say_how_many_are_left() {
        let items: Vec<String> = (1..=30)
            .map(|n| format!("Giấy tờ số {n} (1 bản sao)"))
            .collect();
        let text = render(&items);
        assert_eq!(text.lines().count(), MAX_PAPERS + 1);
        assert!(text
            .ends_with("… và còn 18 giấy tờ nữa, bạn xem đầy đủ tại Cổng Dịch vụ công quốc gia."));
    }
}
