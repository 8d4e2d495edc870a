//! The document list (`thanh_phan_ho_so`): documents with their counts of originals and
//! copies, under the portal's group headings, with glued form file names taken off.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;

/// One required document with how many originals and copies are asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub name: String,
    pub originals: u32,
    pub copies: u32,
}

impl Document {
    /// "Tờ khai (1 bản chính, 1 bản sao)"; a group heading has no counts.
    pub fn display(&self) -> String {
        let mut counts = Vec::new();
        if self.originals > 0 {
            counts.push(format!("{} bản chính", self.originals));
        }
        if self.copies > 0 {
            counts.push(format!("{} bản sao", self.copies));
        }
        if counts.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, counts.join(", "))
        }
    }
}

/// Parses `thanh_phan_ho_so`: documents, each ending with its count ("1 bản chính,1 bản
/// sao"), under group headings ("* Giấy tờ phải nộp:"), with table headers in between.
pub fn parse_documents(flat: &str) -> Vec<Document> {
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\d+) bản chính(?:\s*,\s*(\d+) bản sao)?|(\d+) bản sao").unwrap()
    });
    let mut out = Vec::new();
    let mut from = 0;
    for m in COUNT.captures_iter(flat) {
        let whole = m.get(0).expect("match");
        let count = |i: usize| m.get(i).map_or(0, |g| g.as_str().parse().unwrap_or(0));
        let (originals, copies) = (count(1), count(2) + count(3));
        push_segment(&flat[from..whole.start()], originals, copies, &mut out);
        from = whole.end();
    }
    push_segment(&flat[from..], 0, 0, &mut out);
    out
}

/// Adds the document (and any heading before its table header) written in one segment.
fn push_segment(segment: &str, originals: u32, copies: u32, out: &mut Vec<Document>) {
    const HEADER: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
    let (heading, name) = match segment.rsplit_once(HEADER) {
        Some((heading, name)) => (heading.replace(HEADER, " "), name),
        None => (String::new(), segment),
    };
    let heading = clean(heading.trim_matches(['-', '*', ' ']));
    if !heading.is_empty() {
        out.push(Document {
            name: heading,
            originals: 0,
            copies: 0,
        });
    }
    let name = clean(strip_form_file(name).trim_start_matches(['-', ' ']));
    if !name.is_empty() {
        out.push(Document {
            name,
            originals,
            copies,
        });
    }
}

/// Drops trailing form file names ("Mẫu số 05.docx") the flattening glued to a document.
pub fn strip_form_file(name: &str) -> &str {
    static EXTENSION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\.(docx?|pdf|xlsx?|rar|zip|odt)\s*$").unwrap());
    let mut name = name.trim_end();
    while let Some(ext) = EXTENSION.find(name) {
        let head = &name[..ext.start()];
        let cut = glue_point(head).unwrap_or_else(|| head.rfind(' ').map_or(0, |i| i + 1));
        name = name[..cut].trim_end();
    }
    name
}

/// Where a glued file name starts: a place a new text begins without a space (after
/// '.', ')', ';' or ':', or a capital right after a small letter), preferring the last
/// one that opens like a form's name ("Mẫu", "Phụ lục", "Tờ khai").
fn glue_point(text: &str) -> Option<usize> {
    const FORM_WORDS: [&str; 8] = ["mau", "phu luc", "pl", "to khai", "don", "bieu", "tk", "m0"];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let points: Vec<usize> = (1..chars.len())
        .filter(|&i| {
            let (prev, cur) = (chars[i - 1].1, chars[i].1);
            let after_punct = ".);:".contains(prev) && !cur.is_whitespace();
            let after_small = prev.is_lowercase() && cur.is_uppercase();
            let next_small = chars.get(i + 1).is_some_and(|n| n.1.is_lowercase());
            let capital_word = prev.is_uppercase() && cur.is_uppercase() && next_small;
            after_punct || after_small || capital_word
        })
        .map(|i| chars[i].0)
        .collect();
    let opens_form = |at: &usize| {
        let head: String = text[*at..].chars().take(8).collect();
        let head = crate::text::fold(&crate::text::normalize(&head));
        FORM_WORDS.iter().any(|w| head.starts_with(w))
    };
    points
        .iter()
        .rev()
        .find(|p| opens_form(p))
        .or(points.last())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_with_counts_headings_and_form_files() {
        let flat = "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị theo Mẫu số 05.Mẫu số 05.docx1 bản chínhVăn bản xác nhận0 bản chính,1 bản saoMẫu sổ ATA1 bản chính,1 bản sao";
        let docs: Vec<String> = parse_documents(flat)
            .iter()
            .map(Document::display)
            .collect();
        assert_eq!(
            docs,
            [
                "Giấy tờ phải nộp:",
                "Đơn đề nghị theo Mẫu số 05. (1 bản chính)",
                "Văn bản xác nhận (1 bản sao)",
                "Mẫu sổ ATA (1 bản chính, 1 bản sao)",
            ]
        );
    }
}
