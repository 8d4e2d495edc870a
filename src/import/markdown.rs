//! The portal's Markdown detail pages (`portal-md/raw_data/<code>/<code>_procedure_detail.md`):
//! a `# ` title, `## ` sections, bulleted general information and Markdown tables for the
//! submission channels, the documents (under `###` group headings) and the legal basis.
//!
//! Pages of the fallback source have their tables flattened into running text; those
//! sections go through [`super::fallback`], which parses what it can and keeps the rest.

use std::sync::LazyLock;

use regex::Regex;

use super::fallback;
use super::flat::{self, Channel, Document, LegalRef};
use super::record::{lowercase_unit, nfc, require, Record, RecordError};
use crate::knowledge::Form;

/// One `## ` section of a page: its heading and the lines below it.
struct Section<'a> {
    heading: &'a str,
    body: Vec<&'a str>,
}

/// A parsed page: the sections in order, and the title.
struct Page<'a> {
    title: &'a str,
    sections: Vec<Section<'a>>,
}

impl<'a> Page<'a> {
    fn parse(text: &'a str) -> Self {
        let mut title = "";
        let mut sections: Vec<Section<'a>> = Vec::new();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                sections.push(Section {
                    heading: h.trim(),
                    body: Vec::new(),
                });
            } else if let Some(t) = line.strip_prefix("# ") {
                title = t.trim();
            } else if let Some(s) = sections.last_mut() {
                s.body.push(line);
            }
        }
        Page { title, sections }
    }

    fn section(&self, heading: &str) -> &[&'a str] {
        self.sections
            .iter()
            .find(|s| s.heading == heading)
            .map_or(&[], |s| s.body.as_slice())
    }

    /// The value of a `* **Label:** value` line of "Thông tin chung".
    fn info(&self, label: &str) -> String {
        static INFO: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s*[*-]\s+\*\*(.+?):\*\*\s*(.*)$").unwrap());
        self.section("Thông tin chung")
            .iter()
            .filter_map(|l| INFO.captures(l))
            .find(|c| c[1].trim() == label)
            .map(|c| flat::clean(&c[2]))
            .unwrap_or_default()
    }
}

/// Parses a Markdown detail page; `fallback` marks a page whose tables are flattened.
pub fn parse_markdown(
    text: &str,
    ministry: &str,
    detail_url: &str,
    fallback: bool,
) -> Result<Record, RecordError> {
    let text = nfc(text);
    let page = Page::parse(&text);
    let authority = first_filled(&[
        page.section("Cơ quan thực hiện")
            .iter()
            .map(|l| flat::clean(l))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        page.info("Cơ quan có thẩm quyền"),
    ]);
    let channels_body = page.section("Cách thức thực hiện");
    let documents_body = page.section("Thành phần hồ sơ");
    let (channels, documents, forms) = if fallback || !has_table(channels_body) {
        (
            fallback::parse_channels(&channels_body.join(" ")),
            fallback::parse_documents(&documents_body.join(" ")),
            Vec::new(),
        )
    } else {
        (
            parse_channels(channels_body),
            parse_documents(documents_body),
            parse_forms(documents_body),
        )
    };
    let mut levels = page.info("Cấp thực hiện");
    if levels.is_empty() {
        levels = infer_levels(&authority);
    }
    require(Record {
        code: page.info("Mã thủ tục"),
        name: flat::clean(page.title),
        decision: page.info("Số quyết định"),
        levels,
        field: page.info("Lĩnh vực"),
        authority,
        address: page.info("Địa chỉ tiếp nhận HS"),
        detail_url: detail_url.to_owned(),
        ministry: ministry.to_owned(),
        channels,
        documents,
        legal: parse_legal(page.section("Căn cứ pháp lý")),
        result: parse_result(page.section("Kết quả xử lý")),
        steps: parse_steps(page.section("Trình tự thực hiện")),
        conditions: flat::parse_conditions(
            &page.section("Yêu cầu, điều kiện thực hiện").join("\n"),
        ),
        full_text: text.clone(),
        catalogue_only: false,
        forms,
    })
}

/// Levels read from who carries a procedure out, when the page does not list them.
pub fn infer_levels(authority: &str) -> String {
    let folded = crate::text::fold(&crate::text::normalize(authority));
    let mut out = Vec::new();
    if folded.contains("cap xa") {
        out.push("Cấp xã");
    }
    if folded.contains("cap tinh") || folded.contains("so ") || folded.starts_with("so") {
        out.push("Cấp tỉnh");
    }
    out.join(", ")
}

fn first_filled(texts: &[String]) -> String {
    texts
        .iter()
        .find(|t| !t.is_empty())
        .cloned()
        .unwrap_or_default()
}

fn has_table(lines: &[&str]) -> bool {
    lines.iter().any(|l| l.trim_start().starts_with('|'))
}

/// The cells of a table row, `None` for header and separator rows.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> = inner
        .split('|')
        .map(|c| c.replace("<br>", "\n").trim().to_owned())
        .collect();
    let first = cells.first()?;
    let header = ["Hình thức nộp", "Tên giấy tờ", "Tên văn bản pháp lý"];
    if first.chars().all(|c| c == '-' || c == ':') || header.contains(&first.as_str()) {
        None
    } else {
        Some(cells)
    }
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}

/// "Hình thức nộp | Thời gian giải quyết | Phí, lệ phí | Mô tả" rows; repeated rows once.
fn parse_channels(lines: &[&str]) -> Vec<Channel> {
    let mut out: Vec<Channel> = Vec::new();
    for cells in lines.iter().filter_map(|l| row_cells(l)) {
        let channel = Channel {
            name: flat::clean(cell(&cells, 0)),
            time: table_time(cell(&cells, 1)),
            fee: flat::parse_fee(cell(&cells, 2)),
            description: flat::clean(cell(&cells, 3)),
        };
        if !channel.name.is_empty() && !out.contains(&channel) {
            out.push(channel);
        }
    }
    out
}

/// "05 ngày làm việc" → "5 ngày làm việc"; "N/A" and zero times are not given.
fn table_time(text: &str) -> Option<String> {
    let text = flat::clean(text);
    let zero = text
        .split(' ')
        .next()
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c == '0'));
    if text.is_empty() || text == "N/A" || zero {
        None
    } else {
        Some(lowercase_unit(&text))
    }
}

/// Document tables, each under an optional `###` heading; text between tables is kept
/// as a note; repeated rows once.
fn parse_documents(lines: &[&str]) -> Vec<Document> {
    let mut out: Vec<Document> = Vec::new();
    for line in lines {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("###") {
            let heading = flat::clean(heading.trim_start_matches('#'));
            if !heading.is_empty() {
                out.push(uncounted(group_heading(&heading)));
            }
        } else if let Some(cells) = row_cells(trimmed) {
            let doc = Document {
                name: flat::clean(cell(&cells, 0)),
                originals: count(cell(&cells, 1)),
                copies: count(cell(&cells, 2)),
            };
            if !doc.name.is_empty() && !out.contains(&doc) {
                out.push(doc);
            }
        } else if !trimmed.starts_with('|') {
            let note = flat::clean(trimmed.trim_start_matches('#'));
            if !note.is_empty() {
                out.push(uncounted(note));
            }
        }
    }
    drop_empty_headings(out)
}

/// Forms attached to document rows: "[Mẫu 01.docx](file:///...)" in the last cell names
/// the file; the row's document names the form. One entry per file.
fn parse_forms(lines: &[&str]) -> Vec<Form> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]+)\]\(").unwrap());
    let mut out: Vec<Form> = Vec::new();
    for cells in lines.iter().filter_map(|l| row_cells(l)) {
        for c in LINK.captures_iter(cell(&cells, 3)) {
            let file = c[1].trim().to_owned();
            if out.iter().any(|f| f.file.as_ref() == Some(&file)) {
                continue;
            }
            let name = flat::clean(cell(&cells, 0));
            out.push(Form {
                name: if name.is_empty() { file.clone() } else { name },
                file: Some(file),
            });
        }
    }
    out
}

fn uncounted(name: String) -> Document {
    Document {
        name,
        originals: 0,
        copies: 0,
    }
}

/// A short `###` heading names a group ("Giấy tờ phải nộp:"); a long one is a note.
fn group_heading(heading: &str) -> String {
    let folded = crate::text::fold(&crate::text::normalize(heading));
    let note = heading.chars().count() > 150
        || ["luu y", "ghi chu", "* ghi chu", "so luong ho so"]
            .iter()
            .any(|w| folded.starts_with(w));
    if note || heading.ends_with(':') {
        heading.to_owned()
    } else {
        format!("{}:", heading.trim_end_matches(['.', ' ']))
    }
}

/// Group headings with nothing after them (the next item is another heading) go.
fn drop_empty_headings(docs: Vec<Document>) -> Vec<Document> {
    let is_heading = |d: &Document| d.originals == 0 && d.copies == 0 && d.name.ends_with(':');
    let mut out = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let next_is_heading = docs.get(i + 1).is_none_or(is_heading);
        if !(is_heading(d) && next_is_heading) {
            out.push(d.clone());
        }
    }
    out
}

fn count(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

/// "Tên văn bản pháp lý | Mã văn bản" rows.
fn parse_legal(lines: &[&str]) -> Vec<LegalRef> {
    let mut out: Vec<LegalRef> = Vec::new();
    for cells in lines.iter().filter_map(|l| row_cells(l)) {
        let r = LegalRef {
            name: flat::clean(cell(&cells, 0)),
            number: flat::clean(cell(&cells, 1)),
        };
        let empty = r.name.is_empty() && r.number.is_empty();
        if !empty && !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Bulleted results without their codes ("(Mã: `KQ.G08.000050`)").
fn parse_result(lines: &[&str]) -> Vec<String> {
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*\(Mã:\s*`?[^)`]*`?\)").unwrap());
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let item = line.trim().trim_start_matches(['*', '-']).trim();
        let item = flat::clean(&CODE.replace_all(item, ""));
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Steps one per line or "Bước N", without the list's own numbering ("1. ").
fn parse_steps(lines: &[&str]) -> Vec<String> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d+\.\s+").unwrap());
    let text: Vec<String> = lines
        .iter()
        .map(|l| NUMBER.replace(l, "").into_owned())
        .collect();
    let steps = flat::parse_steps(&text.join("\n"));
    steps
        .into_iter()
        .map(|s| s.trim_end_matches([' ', '-']).to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Thủ tục cấp bản sao\n\n## Thông tin chung\n\n* **Mã thủ tục:** 3.000465\n* **Số quyết định:** 1/QĐ-BGDĐT\n* **Cấp thực hiện:** Cấp xã, Cấp bộ/ngành\n* **Lĩnh vực:** Văn bằng, chứng chỉ\n* **Địa chỉ tiếp nhận HS:** Không có thông tin\n\n## Trình tự thực hiện\n\n1. Bước 1: Nộp hồ sơ.\n   Bước 2: Nhận kết quả.\n\n## Cách thức thực hiện\n\n| Hình thức nộp | Thời gian giải quyết | Phí, lệ phí | Mô tả |\n| --- | --- | --- | --- |\n| Trực tiếp | 05 ngày làm việc | Không có thông tin | Nộp tại<br>trụ sở |\n| Trực tiếp | 05 ngày làm việc | Không có thông tin | Nộp tại<br>trụ sở |\n| Trực tuyến | N/A | Không có thông tin | |\n\n## Thành phần hồ sơ\n\n### Giấy tờ phải nộp\n\n| Tên giấy tờ | Bản chính | Bản sao | Tệp đính kèm |\n| --- | --- | --- | --- |\n| Đơn đề nghị | 1 | 0 | Không có |\n\n### Giấy tờ phải xuất trình\n\n| Tên giấy tờ | Bản chính | Bản sao | Tệp đính kèm |\n| --- | --- | --- | --- |\n| Căn cước | 1 | 0 | Không có |\n\n## Căn cứ pháp lý\n\n| Tên văn bản pháp lý | Mã văn bản |\n| --- | --- |\n| Nghị định về bản sao | 23/2015/NĐ-CP |\n\n## Cơ quan thực hiện\n\nCơ quan cấp bằng\n\n## Kết quả xử lý\n\n* Bản sao văn bằng (Mã: `KQ.G08.000050`)\n";

    #[test]
    fn a_page_reads_its_tables_and_groups() {
        let r = parse_markdown(PAGE, "bo-giao-duc-dao-tao", "https://x", false).unwrap();
        assert_eq!(r.code, "3.000465");
        assert_eq!(r.name, "Thủ tục cấp bản sao");
        assert_eq!(r.channels.len(), 2, "repeated row once: {:?}", r.channels);
        assert_eq!(r.channels[0].time.as_deref(), Some("5 ngày làm việc"));
        assert_eq!(r.channels[0].fee, None);
        assert_eq!(r.channels[0].description, "Nộp tại trụ sở");
        assert_eq!(r.channels[1].time, None);
        let docs: Vec<String> = r.documents.iter().map(Document::display).collect();
        assert_eq!(
            docs,
            [
                "Giấy tờ phải nộp:",
                "Đơn đề nghị (1 bản chính)",
                "Giấy tờ phải xuất trình:",
                "Căn cước (1 bản chính)"
            ]
        );
        assert_eq!(r.legal[0].display(), "Nghị định về bản sao (23/2015/NĐ-CP)");
        assert_eq!(r.result, ["Bản sao văn bằng"]);
        assert_eq!(r.steps, ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả."]);
        assert_eq!(r.authority, "Cơ quan cấp bằng");
        let p = r.to_procedure();
        assert_eq!(p.level.label(), "cấp xã");
        assert_eq!(p.fee, "");
        assert_eq!(p.where_to_submit, "");
        assert_eq!(p.online.url.as_deref(), Some("https://x"));
    }
}
