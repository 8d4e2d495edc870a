//! What one index document stands for: a procedure or a plan section.

use serde::{Deserialize, Serialize};

use crate::knowledge::{Knowledge, PlanSection, Procedure};

/// The kinds of answer the bot knows, as named in `ask --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Procedure,
    Plan,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Procedure => "procedure",
            EntryKind::Plan => "plan",
        }
    }
}

/// One searchable unit, stored whole in the generation so answers need no `knowledge/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Entry {
    Procedure(Box<Procedure>),
    Plan(PlanSection),
}

impl Entry {
    /// All entries of a knowledge base, procedures first.
    pub fn all(knowledge: &Knowledge) -> Vec<Entry> {
        let procedures = knowledge
            .procedures
            .iter()
            .cloned()
            .map(|p| Entry::Procedure(Box::new(p)));
        let plans = knowledge.plan_sections.iter().cloned().map(Entry::Plan);
        procedures.chain(plans).collect()
    }

    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Procedure(_) => EntryKind::Procedure,
            Entry::Plan(_) => EntryKind::Plan,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Entry::Procedure(p) => &p.id,
            Entry::Plan(s) => &s.id,
        }
    }

    pub fn title(&self) -> String {
        match self {
            Entry::Procedure(p) => p.name.clone(),
            Entry::Plan(s) => s.title(),
        }
    }

    /// The official name alone: what a question naming a variant must match. The level
    /// a national record is carried out at ("(thực hiện tại cấp tỉnh)") is not a variant
    /// a citizen names, and an exclusion ("(trừ trường hợp … hội thảo)") names what the
    /// procedure is not, so both are left out.
    pub fn title_runs(&self) -> Vec<String> {
        match self {
            Entry::Procedure(p) => vec![without_exclusions(&without_level_qualifier(&p.name))],
            // Every section of a plan shares its title: headings are not variants.
            Entry::Plan(s) => vec![s.plan_title.clone()],
        }
    }

    /// Short texts that name the entry: name, aliases, field (weighted high).
    pub fn name_runs(&self) -> Vec<&str> {
        match self {
            Entry::Procedure(p) => {
                let mut runs = vec![p.name.as_str(), p.field.as_str()];
                runs.extend(p.aliases.iter().map(String::as_str));
                runs.extend(p.national_code.as_deref());
                runs
            }
            Entry::Plan(s) => {
                vec![
                    s.plan_title.as_str(),
                    s.heading.as_str(),
                    s.context.as_str(),
                ]
            }
        }
    }

    /// Longer descriptive texts (weighted low).
    pub fn body_runs(&self) -> Vec<&str> {
        match self {
            Entry::Procedure(p) => {
                let mut runs = vec![
                    p.summary.as_str(),
                    p.authority.as_str(),
                    p.where_to_submit.as_str(),
                    p.result.as_str(),
                    p.level.label(),
                ];
                runs.extend(p.documents.iter().map(String::as_str));
                runs.extend(p.steps.iter().map(String::as_str));
                runs.extend(p.conditions.iter().map(String::as_str));
                runs
            }
            Entry::Plan(s) => vec![s.text.as_str()],
        }
    }
}

/// "Cấp thị thực ... (thực hiện tại cấp tỉnh)" → "Cấp thị thực ...", and the channel
/// a record is the online variant of: "Đăng ký xe tạm thời thực hiện bằng dịch vụ công
/// trực tuyến toàn trình" → "Đăng ký xe tạm thời".
fn without_level_qualifier(name: &str) -> String {
    static QUALIFIER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let level = r"(cấp\s+(tỉnh|xã|huyện|trung ương|bộ|cơ sở)|trung ương)";
        regex::Regex::new(&format!(
            r"(?i)\(\s*(thực hiện\s+)?((tại|ở)\s+)?{level}\s*\)|\s+(thực hiện\s+)?bằng dịch vụ công trực tuyến.*$|\s+thực hiện tại {level}(\s*,\s*{level})*\s*$"
        ))
        .expect("valid pattern")
    });
    QUALIFIER.replace_all(name, "").trim().to_owned()
}

/// "Cấp giấy xác nhận nội dung quảng cáo thuốc (trừ trường hợp … hội thảo)" → "Cấp giấy
/// xác nhận nội dung quảng cáo thuốc": parenthesised asides no citizen names are left
/// out (see [`is_aside`]), as is an exclusion that runs from ", trừ" to the end.
fn without_exclusions(name: &str) -> String {
    let mut kept = String::with_capacity(name.len());
    let mut rest = 0;
    for (open, close) in parenthesised(name) {
        if is_aside(name[open + 1..close].trim_end_matches(')')) {
            kept.push_str(&name[rest..open]);
            rest = close;
        }
    }
    kept.push_str(&name[rest..]);
    if let Some(comma) = find_either(&kept, ", trừ ", ", Trừ ") {
        kept.truncate(comma);
    }
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A parenthesised aside that names no variant a citizen asks for: an exclusion ("trừ …",
/// what the procedure is not), a list of scopes split by slashes ("công trình không theo
/// tuyến/theo tuyến trong đô thị/…"), or the legal act it follows ("theo Nghị định …").
fn is_aside(inner: &str) -> bool {
    let lower = inner.trim().to_lowercase();
    lower.starts_with("trừ ")
        || lower.matches('/').count() >= 2
        || (lower.starts_with("theo ")
            && ["nghị định", "thông tư", "quyết định", "luật"]
                .iter()
                .any(|act| lower.contains(act)))
}

/// Byte spans (opening to past the closing parenthesis) of the outermost parenthesised
/// parts of `text`; an unclosed one runs to the end.
fn parenthesised(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    open = at;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    spans.push((open, at + 1));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        spans.push((open, text.len()));
    }
    spans
}

/// The first place `text` holds either spelling.
fn find_either(text: &str, lower: &str, upper: &str) -> Option<usize> {
    [text.find(lower), text.find(upper)]
        .into_iter()
        .flatten()
        .min()
}

#[cfg(test)]
mod tests {
    use super::{without_exclusions, without_level_qualifier};

    #[test]
    fn exclusions_are_not_title_words() {
        let cases = [
            (
                "Cấp giấy xác nhận nội dung quảng cáo thuốc (trừ trường hợp quảng cáo thuốc \
                 theo phương tiện tổ chức hội thảo)",
                "Cấp giấy xác nhận nội dung quảng cáo thuốc",
            ),
            (
                "Bổ sung Giấy phép bức xạ (trừ thiết bị chụp cắt lớp tích hợp với PET \
                 (PET/CT), SPECT) của cơ sở",
                "Bổ sung Giấy phép bức xạ của cơ sở",
            ),
            (
                "Cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 1 (Trừ vật liệu nổ), 2, 3",
                "Cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 1 , 2, 3",
            ),
            (
                "Thủ tục đề nghị tạm ngừng giao dịch, trừ trường hợp bất khả kháng",
                "Thủ tục đề nghị tạm ngừng giao dịch",
            ),
            (
                "Cấp hộ chiếu (đối với người chưa đủ 14 tuổi)",
                "Cấp hộ chiếu (đối với người chưa đủ 14 tuổi)",
            ),
            ("Cấp phép bay (trừ tàu bay không người lái", "Cấp phép bay"),
            ("Cấp phép bay (cho tàu bay đ", "Cấp phép bay (cho tàu bay đ"),
        ];
        for (name, expected) in cases {
            assert_eq!(without_exclusions(name), expected, "{name}");
        }
    }

    #[test]
    fn level_qualifiers_are_not_title_words() {
        assert_eq!(
            without_level_qualifier("Cấp thị thực cho người nước ngoài (thực hiện tại cấp Tỉnh)"),
            "Cấp thị thực cho người nước ngoài"
        );
        assert_eq!(
            without_level_qualifier("Cấp đổi giấy phép khai thác khoáng sản (cấp Tỉnh)"),
            "Cấp đổi giấy phép khai thác khoáng sản"
        );
        assert_eq!(
            without_level_qualifier(
                "Cấp lại chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công trực \
                 tuyến một phần hoặc trực tiếp thực hiện tại cấp trung ương, cấp tỉnh, cấp xã"
            ),
            "Cấp lại chứng nhận đăng ký xe, biển số xe"
        );
        assert_eq!(
            without_level_qualifier(
                "Đổi chứng nhận đăng ký xe, biển số xe bằng dịch vụ công trực tuyến một phần"
            ),
            "Đổi chứng nhận đăng ký xe, biển số xe"
        );
        assert_eq!(
            without_level_qualifier("Xác nhận thông tin hộ tịch thực hiện tại cấp tỉnh, cấp xã"),
            "Xác nhận thông tin hộ tịch"
        );
        let variant = "Cấp hộ chiếu (đối với người chưa đủ 14 tuổi)";
        assert_eq!(without_level_qualifier(variant), variant);
    }
}
