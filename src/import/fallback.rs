//! Sections of the fallback source's pages, whose tables were flattened into running
//! text with spaces between the cells ("Trực tiếp 3 Ngày làm việc 03 ngày ... Trực
//! tuyến 3 Ngày làm việc ..."). What can be told apart is parsed (channel, time with its
//! unit, an amount of fee, documents with "Bản chính: 1 - Bản sao: 0"); the rest stays as
//! the row's description or as a note.

use std::sync::LazyLock;

use regex::Regex;

use super::flat::{self, Channel, Document, CHANNEL_NAMES};

/// The flattened header of the channel table.
const CHANNEL_HEADER: &str = "Hình thức nộp Thời hạn giải quyết Phí, lệ phí Mô tả";
/// The flattened header of a document table.
const DOCUMENT_HEADER: &str = "Tên giấy tờ Mẫu đơn, tờ khai Số lượng";

/// Rows of the flattened channel table.
pub fn parse_channels(text: &str) -> Vec<Channel> {
    let text = flat::clean(text);
    let body = text.strip_prefix(CHANNEL_HEADER).unwrap_or(&text).trim();
    let starts = row_starts(body);
    let mut out: Vec<Channel> = Vec::new();
    for (i, &(at, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(body.len(), |s| s.0);
        let row = parse_row(name, body[at + name.len()..end].trim());
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out
}

/// Where a row begins: a channel name at the start, or after a space and followed by
/// what a time cell holds (a number, "Không quy định", "Theo ...", "Tùy ...", "Khác").
fn row_starts(body: &str) -> Vec<(usize, &'static str)> {
    static CELL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^ (\d|Không quy định|Theo |Tùy |[Kk]hác\b)").unwrap());
    let mut out = Vec::new();
    for (at, _) in body.char_indices() {
        let after_space = at == 0 || body[..at].ends_with(' ');
        if !after_space {
            continue;
        }
        for name in CHANNEL_NAMES {
            if let Some(after) = body[at..].strip_prefix(name) {
                if at == 0 || CELL.is_match(after) {
                    out.push((at, name));
                }
            }
        }
    }
    out
}

/// A row after its channel name: time, an optional fee, and the description.
fn parse_row(name: &str, cells: &str) -> Channel {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^0*(\d+) (Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tháng|Năm|Phút)\b").unwrap()
    });
    static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^0*(\d+)\b").unwrap());
    let (time, rest) = if let Some(c) = TIME.captures(cells) {
        let time = format!("{} {}", &c[1], c[2].to_lowercase());
        (Some(time), &cells[c[0].len()..])
    } else if let Some(rest) = cells.strip_prefix("Không quy định") {
        (Some("Không quy định".to_owned()), rest)
    } else if let Some(c) = BARE.captures(cells) {
        let n = c[1].to_owned();
        let rest = &cells[c[0].len()..];
        (Some(flat::bare_time(&n, rest)), rest)
    } else {
        (None, cells)
    };
    let (fee, rest) = split_fee(rest.trim());
    Channel {
        name: name.to_owned(),
        time: time.filter(|t| !t.starts_with("0 ")),
        fee,
        description: flat::clean(rest),
    }
}

/// "Lệ phí: 600000 ĐồngXem chi tiết ..." → ("Lệ phí: 600.000 đồng", rest); a fee cell
/// without an amount ("Phí: ĐồngXem chi tiết", "Phí: Không Đồng") says nothing.
fn split_fee(text: &str) -> (Option<String>, &str) {
    static FEE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(Lệ phí|Phí): ?(\d[\d.,]*)? ?(?:Không )?Đồng(?:Xem chi tiết)?").unwrap()
    });
    let Some(c) = FEE.captures(text) else {
        return (None, text);
    };
    let rest = &text[c[0].len()..];
    let fee = c.get(2).map(|amount| {
        let digits: String = amount
            .as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if digits.chars().all(|d| d == '0') {
            "Miễn phí".to_owned()
        } else {
            format!("{}: {} đồng", &c[1], thousands(&digits))
        }
    });
    (fee, rest)
}

/// "600000" → "600.000".
fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Documents ending with "Bản chính: N - Bản sao: M", groups introduced by the flattened
/// table header (the text before it is the group's heading, "Bao gồm" says nothing).
pub fn parse_documents(text: &str) -> Vec<Document> {
    static COUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Bản chính: ?(\d+) ?- ?Bản sao: ?(\d+)").unwrap());
    let text = flat::clean(text);
    let mut out: Vec<Document> = Vec::new();
    let mut from = 0;
    for c in COUNT.captures_iter(&text) {
        let whole = c.get(0).expect("match");
        let originals = c[1].parse().unwrap_or(0);
        let copies = c[2].parse().unwrap_or(0);
        push_segment(&text[from..whole.start()], originals, copies, &mut out);
        from = whole.end();
    }
    push_segment(&text[from..], 0, 0, &mut out);
    out
}

fn push_segment(segment: &str, originals: u32, copies: u32, out: &mut Vec<Document>) {
    let (heading, name) = match segment.rsplit_once(DOCUMENT_HEADER) {
        Some((heading, name)) => (heading.replace(DOCUMENT_HEADER, " "), name),
        None => (String::new(), segment),
    };
    let heading = flat::clean(&heading);
    if !heading.is_empty() && heading != "Bao gồm" {
        let heading = heading.trim_end_matches(['.', ' ', ':']);
        out.push(Document {
            name: format!("{heading}:"),
            originals: 0,
            copies: 0,
        });
    }
    let name = flat::clean(flat::strip_form_file(name));
    let doc = Document {
        name,
        originals,
        copies,
    };
    if !doc.name.is_empty() && !out.contains(&doc) {
        out.push(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_channels_keep_time_fee_and_description() {
        let rows = parse_channels(
            "Hình thức nộp Thời hạn giải quyết Phí, lệ phí Mô tả Trực tiếp 12 Ngày làm việc Lệ phí: 600000 ĐồngXem chi tiết Công dân nộp trực tiếp Trực tuyến 03 Ngày làm việc Phí: ĐồngXem chi tiết Nộp qua mạng Dịch vụ bưu chính Không quy định Theo thông báo",
        );
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0].time.as_deref(), Some("12 ngày làm việc"));
        assert_eq!(rows[0].fee.as_deref(), Some("Lệ phí: 600.000 đồng"));
        assert_eq!(rows[0].description, "Công dân nộp trực tiếp");
        assert_eq!(rows[1].time.as_deref(), Some("3 ngày làm việc"));
        assert_eq!(rows[1].fee, None);
        assert_eq!(rows[2].time.as_deref(), Some("Không quy định"));
    }

    #[test]
    fn unparsed_time_stays_in_the_description() {
        let rows = parse_channels("Trực tiếp - Đối với học sinh: 10 ngày làm việc");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].time, None);
        assert_eq!(rows[0].description, "- Đối với học sinh: 10 ngày làm việc");
    }

    #[test]
    fn flattened_documents_with_counts_and_group_headings() {
        let docs = parse_documents(
            "1. Trường hợp đang tham gia Tên giấy tờ Mẫu đơn, tờ khai Số lượng a) Sổ BHXH Bản chính: 1 - Bản sao: 0 b) Tờ khai mẫu 12 12_HSB.docx Bản chính: 0 - Bản sao: 1",
        );
        let shown: Vec<String> = docs.iter().map(Document::display).collect();
        assert_eq!(
            shown,
            [
                "1. Trường hợp đang tham gia:",
                "a) Sổ BHXH (1 bản chính)",
                "b) Tờ khai mẫu 12 (1 bản sao)"
            ]
        );
    }
}
