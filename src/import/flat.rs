//! Parsers for the portal's flattened tables: the submission channels (time and fee per
//! channel), the document list with counts, the legal basis, the result and the steps.
//!
//! The portal's HTML tables were flattened without separators ("Trực tuyến7Miễn phí
//! Trực tiếp1Miễn phí"), so each parser finds the cell boundaries from what the cells can
//! contain (a channel name, a number with a unit, a currency, a document count).

use std::sync::LazyLock;

use regex::Regex;

/// A text the portal writes for "nothing here".
pub const NO_INFO: &str = "Không có thông tin";

/// How the portal writes a free procedure, and how a zero amount is shown.
const FREE: &str = "Miễn phí";

/// The three ways to submit a file, as the portal names them.
pub const CHANNEL_NAMES: [&str; 3] = ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"];

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

/// Currencies a fee amount is written in (longest first).
const CURRENCIES: [&str; 4] = ["Việt Nam Đồng", "VNĐ", "Đồng", "USD"];

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

/// One legal document: its title and its number ("123/2015/NĐ-CP").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalRef {
    pub name: String,
    pub number: String,
}

impl LegalRef {
    pub fn display(&self) -> String {
        if self.number.is_empty() || self.name.contains(&self.number) {
            self.name.clone()
        } else if self.name.is_empty() {
            self.number.clone()
        } else {
            format!("{} ({})", self.name, self.number)
        }
    }
}

/// Collapses whitespace (including no-break spaces) and trims; "Không có thông tin" → "".
pub fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.eq_ignore_ascii_case(NO_INFO) || joined == "Không" {
        String::new()
    } else {
        joined
    }
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

/// What the time cell held.
enum TimeCell {
    Missing,
    WithUnit(String),
    /// A number with no unit ("7"), followed by the fee cell.
    Bare(String),
    /// A number glued to a fee amount ("120 VNĐ" may be 1 day and 20 VNĐ).
    Ambiguous(String),
}

impl TimeCell {
    /// The time as shown; a bare number takes its unit from the row's description.
    fn into_text(self, description: &str) -> Option<String> {
        match self {
            TimeCell::Missing | TimeCell::Ambiguous(_) => None,
            TimeCell::WithUnit(t) => Some(t),
            TimeCell::Bare(n) => Some(bare_time(&n, description)),
        }
    }
}

/// Splits the time cell off the front of a row.
fn split_time(cells: &str) -> (TimeCell, &str) {
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

/// Length in bytes of the number (digits with '.' or ',' separators) `text` starts with.
fn number_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len())
}

fn starts_with_currency(text: &str) -> bool {
    CURRENCIES.iter().any(|c| text.starts_with(c))
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

/// A fee cell: the amount or "free", and the note in parentheses after it.
#[derive(Debug, Clone)]
struct Fee {
    amount: String,
    note: String,
}

impl Fee {
    fn display(&self) -> String {
        if self.note.is_empty() {
            self.amount.clone()
        } else if self.amount.is_empty() {
            self.note.clone()
        } else {
            format!("{} ({})", self.amount, self.note)
        }
    }
}

/// Splits the fee cell (and its parenthesised note) off the front of the rest of a row.
fn split_fee(cells: &str) -> (Option<Fee>, &str) {
    let (amount, rest) = if let Some(rest) = cells.strip_prefix(FREE) {
        (FREE.to_owned(), rest)
    } else if let Some(rest) = cells.strip_prefix(NO_INFO) {
        return (None, rest);
    } else if let Some((amount, rest)) = split_amount(cells) {
        (amount, rest)
    } else {
        return (None, cells);
    };
    let (note, rest) = split_parenthesised(rest);
    let fee = Fee {
        amount,
        note: clean(note),
    };
    (Some(fee), rest)
}

/// A fee cell on its own (the defence records' tables): "Miễn phí" when the whole cell
/// is a zero amount ("Phí : 0 Đồng", "Lệ phí : 0 Đồng"), else the text as written (it may
/// list several labelled fees).
pub fn parse_fee(cell: &str) -> Option<String> {
    let cell = clean(cell);
    match split_fee(&cell) {
        (Some(fee), rest) if fee.amount == FREE && fee.note.is_empty() && rest.is_empty() => {
            Some(FREE.to_owned())
        }
        _ => (!cell.is_empty()).then_some(cell),
    }
}

/// "1,500,000 Việt Nam Đồng..." → ("1,500,000 Việt Nam Đồng", rest).
fn split_amount(cells: &str) -> Option<(String, &str)> {
    let cells_trim = cells
        .trim_start()
        .trim_start_matches("Lệ phí")
        .trim_start_matches("Phí")
        .trim_start_matches([' ', ':']);
    let digits_end = number_len(cells_trim);
    if digits_end == 0 {
        return None;
    }
    let after = cells_trim[digits_end..].trim_start();
    let currency = CURRENCIES.iter().find(|c| after.starts_with(*c))?;
    let amount = &cells_trim[..digits_end];
    let rest = &after[currency.len()..];
    let text = if amount.chars().all(|c| c == '0') {
        FREE.to_owned()
    } else {
        format!("{amount} {currency}")
    };
    Some((text, rest))
}

/// A leading balanced "(...)" and what follows it.
fn split_parenthesised(text: &str) -> (&str, &str) {
    if !text.starts_with('(') {
        return ("", text);
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return (&text[1..i], &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (&text[1..], "")
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

/// Parses `can_cu_phap_ly`: "Tên văn bản pháp lýMã văn bản" then name+number pairs, each
/// number glued to the end of its name.
pub fn parse_legal(flat: &str) -> Vec<LegalRef> {
    let body = flat
        .trim()
        .strip_prefix("Tên văn bản pháp lýMã văn bản")
        .unwrap_or(flat.trim());
    let mut out = Vec::new();
    let mut from = 0;
    for (start, end) in glued_numbers(body) {
        let name = strip_glued_type(&body[from..start]);
        out.push(LegalRef {
            name: clean(name),
            number: body[start..end].trim().to_owned(),
        });
        from = end;
    }
    let tail = clean(&body[from..]);
    if !tail.is_empty() {
        out.push(LegalRef {
            name: tail,
            number: String::new(),
        });
    }
    out.retain(|r| !(r.name.is_empty() && r.number.is_empty()));
    out
}

/// Spans of document numbers that end a name: glued to the end of the name and
/// followed by the next name (glued or after a space) or the end.
fn glued_numbers(body: &str) -> Vec<(usize, usize)> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        // Only a legislature number ("QH13") ends in digits: "TT-BTC23/..." is the code
        // "TT-BTC" followed by the next number.
        Regex::new(r"\d+(?:\.\d+)?(?:/\d{4})?/(?:[A-ZĐ]+-)*(?:[A-ZĐ]*QH\d{2}|[A-ZĐ]+)").unwrap()
    });
    let mut out = Vec::new();
    for m in NUMBER.find_iter(body) {
        let start = without_glued_year(body, m.start());
        let mut end = m.end();
        // "QH14Nghị định": the next name's capital was taken into the number.
        let next = body[end..].chars().next();
        let last = body[..end].chars().next_back();
        if next.is_some_and(|c| c.is_lowercase()) {
            if let Some(l) = last.filter(|l| l.is_uppercase()) {
                end -= l.len_utf8();
            }
        }
        let glued_before = body[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        let mut after = body[end..].chars();
        let ends_name = match after.next() {
            None => true,
            Some(c) if c.is_uppercase() => true,
            Some(' ') => glued_before && after.next().is_some_and(char::is_uppercase),
            Some(_) => false,
        };
        if ends_name && end > start {
            out.push((start, end));
        }
    }
    out
}

/// "năm 2011" glued to "02/2011/QH13" reads "201102/2011/QH13": a number of five or more
/// digits starting with a year loses the year (document numbers have at most four digits).
fn without_glued_year(body: &str, start: usize) -> usize {
    let digits = body[start..].bytes().take_while(u8::is_ascii_digit).count();
    let run = &body[start..start + digits];
    if digits >= 5 && (run.starts_with("19") || run.starts_with("20")) {
        start + 4
    } else {
        start
    }
}

/// A document type the flattening glued before the number ("... tiền mặtNghị định ").
fn strip_glued_type(name: &str) -> &str {
    let trimmed = name.trim_end();
    for kind in [
        "Nghị định số",
        "Nghị định",
        "Thông tư số",
        "Thông tư",
        "Luật số",
        "Luật",
    ] {
        if let Some(head) = trimmed.strip_suffix(kind) {
            if head.chars().next_back().is_some_and(char::is_lowercase) {
                return head;
            }
        }
    }
    trimmed
}

/// Parses `ket_qua_xu_ly`: result names each followed by "Mã: KQ...", then page
/// furniture from "Từ khóa" on.
pub fn parse_result(flat: &str) -> Vec<String> {
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Mã: ?KQ(?:\.[A-Z]*\d+)+").unwrap());
    let body = flat.split("Từ khóa").next().unwrap_or_default();
    let mut out: Vec<String> = CODE
        .split(body)
        .map(|piece| clean(piece.trim_start_matches(['.', ' '])))
        .filter(|s| !s.is_empty())
        .collect();
    out.dedup();
    out
}

/// Splits `trinh_tu_thuc_hien` into steps: one per line or per "Bước N".
pub fn parse_steps(text: &str) -> Vec<String> {
    static STEP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\s)(Bước\s*\d+\s*[:.\-])").unwrap());
    let mut out = Vec::new();
    for line in text.lines() {
        let mut from = 0;
        for m in STEP.captures_iter(line) {
            let at = m.get(1).expect("group").start();
            out.push(clean(&line[from..at]));
            from = at;
        }
        out.push(clean(&line[from..]));
    }
    out.retain(|s| !s.is_empty() && s != "-");
    out
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
    fn fee_cells_of_the_defence_tables() {
        assert_eq!(parse_fee("Phí : 0 Đồng").as_deref(), Some("Miễn phí"));
        assert_eq!(parse_fee("Lệ phí : 0 Đồng").as_deref(), Some("Miễn phí"));
        let listed = "Phí : 2.000.000 Đồng (Thẩm định) Phí : 3.500.000 Đồng (Thăm dò)";
        assert_eq!(parse_fee(listed).as_deref(), Some(listed));
        assert_eq!(
            parse_fee("Phí : Không Đồng").as_deref(),
            Some("Phí : Không Đồng")
        );
        assert_eq!(parse_fee(""), None);
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

    #[test]
    fn legal_basis_pairs_split_where_numbers_are_glued() {
        let flat = "Tên văn bản pháp lýMã văn bảnLuật Quản lý thuế38/2019/QH14Luật 60/2014/QH1360/2014/QH13Thông tư 23/2019/TT-BTC23/2019/TT-BTCLuật Khiếu nại năm 201102/2011/QH13Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPNghị định quy định về thanh toánNghị định 52/2024/NĐ-CP";
        let refs = parse_legal(flat);
        assert_eq!(refs.len(), 6, "{refs:?}");
        assert_eq!(refs[0].name, "Luật Quản lý thuế");
        assert_eq!(refs[0].number, "38/2019/QH14");
        assert_eq!(refs[1].display(), "Luật 60/2014/QH13");
        assert_eq!(refs[2].display(), "Thông tư 23/2019/TT-BTC");
        assert_eq!(refs[3].display(), "Luật Khiếu nại năm 2011 (02/2011/QH13)");
        assert_eq!(refs[4].number, "123/2015/NĐ-CP");
        assert!(refs[4].name.ends_with("Luật Hộ tịch"));
        assert_eq!(refs[5].name, "Nghị định quy định về thanh toán");
        assert_eq!(refs[5].number, "52/2024/NĐ-CP");
    }

    #[test]
    fn result_loses_codes_and_page_furniture() {
        let flat = "Giấy chứng nhận cải tạoMã: KQ.G04.000501Tem kiểm địnhMã: KQ.G04.000495Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnNộp hồ sơ";
        assert_eq!(
            parse_result(flat),
            ["Giấy chứng nhận cải tạo", "Tem kiểm định"]
        );
    }

    #[test]
    fn steps_split_on_lines_and_step_labels() {
        let steps =
            parse_steps("Bước 1: Nộp hồ sơ. Bước 2: Nhận kết quả.\n- Trả kết quả qua bưu điện");
        assert_eq!(
            steps,
            [
                "Bước 1: Nộp hồ sơ.",
                "Bước 2: Nhận kết quả.",
                "- Trả kết quả qua bưu điện"
            ]
        );
    }
}
