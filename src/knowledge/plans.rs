//! Plans (kế hoạch) split into sections at their headings.
//!
//! Two inputs: transcribed Markdown with a front matter (`title`, `issuer`, `place`,
//! `year`, `source`), and raw OCR text exactly as scanned, whose title is its first
//! non-empty line and whose headings are lines such as `I. MỤC ĐÍCH`, `1. Mục đích`, `a) ...`.

use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

use super::error::Problem;
use super::model::PlanSection;

/// Longest line still taken as a heading in OCR text (longer ones are paragraphs).
const MAX_OCR_HEADING: usize = 80;

/// Opening lines of a raw OCR plan that name it (issuer, place, year).
const OCR_CONTEXT_LINES: usize = 4;

struct PlanMeta {
    title: String,
    context: String,
    issuer: Option<String>,
    year: Option<String>,
    source: String,
}

/// Parses a transcribed plan with front matter; sections at Markdown headings.
pub fn parse_markdown_plan(path: &Path, text: &str) -> Result<Vec<PlanSection>, Problem> {
    let (front, body_start) = front_matter(text)
        .ok_or_else(|| Problem::new(path, 1, "front matter", "missing '---' front matter block"))?;
    let get = |key: &str| front_value(&front, key);
    let title =
        get("title").ok_or_else(|| Problem::new(path, 2, "title", "missing required field"))?;
    let context = ["issuer", "place"]
        .map(|k| get(k).unwrap_or_default())
        .join(" ");
    let meta = PlanMeta {
        title,
        context,
        issuer: get("issuer"),
        year: get("year").or_else(|| find_year(&get("title").unwrap_or_default())),
        source: file_name(path),
    };
    let body: Vec<&str> = text.lines().skip(body_start).collect();
    let headings = body.iter().map(|line| markdown_heading(line)).collect();
    Ok(split_sections(path, &meta, &body, headings))
}

/// Parses a raw OCR plan: title = first non-empty line, sections at heading-like lines.
/// An optional front matter (as in Markdown plans) names the plan properly while the
/// scanned text below it stays exactly as it was.
pub fn parse_ocr_plan(path: &Path, text: &str) -> Result<Vec<PlanSection>, Problem> {
    let (front, body_start) = front_matter(text).unwrap_or_default();
    let body: Vec<&str> = text.lines().skip(body_start).collect();
    let get = |key: &str| front_value(&front, key);
    let first_line = body
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .ok_or_else(|| Problem::new(path, 1, "title", "empty plan file"))?
        .to_owned();
    let opening: Vec<&str> = body
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(OCR_CONTEXT_LINES)
        .collect();
    let mut context = opening.join(" ");
    for key in ["issuer", "place"] {
        if let Some(v) = get(key) {
            context = format!("{v} {context}");
        }
    }
    let meta = PlanMeta {
        year: get("year")
            .or_else(|| find_year(&body.iter().take(12).copied().collect::<Vec<_>>().join(" "))),
        title: get("title").unwrap_or(first_line),
        issuer: get("issuer"),
        context,
        source: file_name(path),
    };
    let headings = body.iter().map(|line| ocr_heading(line)).collect();
    Ok(split_sections(path, &meta, &body, headings))
}

/// Groups lines into sections; `headings[i]` is `Some((depth, text))` for a heading line.
fn split_sections(
    path: &Path,
    meta: &PlanMeta,
    lines: &[&str],
    headings: Vec<Option<(usize, String)>>,
) -> Vec<PlanSection> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
    let mut sections = Vec::new();
    let mut trail: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let push = |trail: &[(usize, String)], text: &mut String, sections: &mut Vec<PlanSection>| {
        let body = text.trim();
        if !body.is_empty() {
            sections.push(PlanSection {
                id: format!("{stem}#{}", sections.len() + 1),
                plan_title: meta.title.clone(),
                issuer: meta.issuer.clone(),
                year: meta.year.clone(),
                context: meta.context.clone(),
                source: meta.source.clone(),
                heading: trail
                    .iter()
                    .map(|(_, h)| h.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
                text: body.to_owned(),
            });
        }
        text.clear();
    };
    for (line, heading) in lines.iter().zip(headings) {
        match heading {
            Some((depth, h)) => {
                push(&trail, &mut current, &mut sections);
                trail.retain(|(d, _)| *d < depth);
                trail.push((depth, h));
            }
            None => {
                current.push_str(line.trim_end());
                current.push('\n');
            }
        }
    }
    push(&trail, &mut current, &mut sections);
    sections
}

/// A non-empty front matter value.
fn front_value(front: &[(String, String)], key: &str) -> Option<String> {
    front
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
}

/// `key: value` pairs between leading `---` lines, and the index of the first body line.
fn front_matter(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut lines = text.lines().enumerate();
    let (_, first) = lines.next()?;
    if first.trim() != "---" {
        return None;
    }
    let mut pairs = Vec::new();
    for (i, line) in lines {
        if line.trim() == "---" {
            return Some((pairs, i + 1));
        }
        if let Some((k, v)) = line.split_once(':') {
            let v = v.trim().trim_matches('"').to_owned();
            pairs.push((k.trim().to_owned(), v));
        }
    }
    None
}

fn markdown_heading(line: &str) -> Option<(usize, String)> {
    let trimmed = line.trim_start();
    let depth = trimmed.chars().take_while(|&c| c == '#').count();
    let rest = trimmed[depth..].strip_prefix(' ')?;
    (depth > 0 && !rest.trim().is_empty())
        .then(|| (depth, rest.trim().trim_matches('*').to_owned()))
}

fn ocr_heading(line: &str) -> Option<(usize, String)> {
    static PATTERNS: OnceLock<[Regex; 3]> = OnceLock::new();
    let [roman, number, letter] = PATTERNS.get_or_init(|| {
        [
            Regex::new(r"^(?:[IVX]+|\|)\s*[.,]\s*\S").expect("valid regex"),
            Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*\S").expect("valid regex"),
            Regex::new(r"^[a-zđ]\)\s*\S").expect("valid regex"),
        ]
    });
    let l = line.trim();
    if l.chars().count() > MAX_OCR_HEADING || l.ends_with(',') || l.ends_with(';') {
        return None;
    }
    let depth = if roman.is_match(l) {
        1
    } else if number.is_match(l) {
        2
    } else if letter.is_match(l) {
        3
    } else {
        return None;
    };
    Some((depth, l.to_owned()))
}

fn find_year(text: &str) -> Option<String> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = YEAR.get_or_init(|| Regex::new(r"\b(20\d\d)\b").expect("valid regex"));
    re.captures(text).map(|c| c[1].to_owned())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_sections_carry_parent_headings() {
        let text = "---\ntitle: Kế hoạch A năm 2025 — UBND xã B\nyear: 2025\n---\n\
                    Mở đầu.\n## I. MỤC ĐÍCH\n### 1. Mục đích\nNâng cao nhận thức.\n## II. NỘI DUNG\nTuyên truyền.\n";
        let s = parse_markdown_plan(Path::new("a.md"), text).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].heading, "");
        assert_eq!(s[1].heading, "I. MỤC ĐÍCH › 1. Mục đích");
        assert_eq!(
            s[1].title(),
            "Kế hoạch A năm 2025 — UBND xã B — I. MỤC ĐÍCH › 1. Mục đích"
        );
        assert_eq!(s[2].text, "Tuyên truyền.");
        assert_eq!(s[2].year.as_deref(), Some("2025"));
    }

    #[test]
    fn missing_front_matter_is_a_problem() {
        let err = parse_markdown_plan(Path::new("a.md"), "# Title\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:1: front matter: missing '---' front matter block"
        );
    }

    #[test]
    fn ocr_headings_and_title() {
        let text = " KE HOACH\n\nTuyén truyén 2022\n\nI. MUC PiCH\n1. Muc dich\n- Nang cao nhan thirc cua can bo, cong chirc va nguoi lao dong trong toan co quan nha nuoc,\nva nguoi dan.\n";
        let s = parse_ocr_plan(Path::new("x.txt"), text).unwrap();
        assert_eq!(s[0].plan_title, "KE HOACH");
        assert_eq!(s.last().unwrap().heading, "I. MUC PiCH › 1. Muc dich");
        assert_eq!(s[0].year.as_deref(), Some("2022"));
    }

    #[test]
    fn ocr_plan_with_front_matter_takes_its_title() {
        let text = "---\ntitle: Kế hoạch X năm 2022 — UBND xã Y\nissuer: UBND xã Y\n---\n KE HOACH\nI. MUC PiCH\nNang cao.\n";
        let s = parse_ocr_plan(Path::new("x.txt"), text).unwrap();
        assert_eq!(s[0].plan_title, "Kế hoạch X năm 2022 — UBND xã Y");
        assert!(s[0].context.contains("UBND xã Y"));
        assert_eq!(s.last().unwrap().heading, "I. MUC PiCH");
    }
}
