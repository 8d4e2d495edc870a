//! The legal basis (`can_cu_phap_ly`): name and number pairs, each number glued to the
//! end of its name, split where a document number ends a name.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
