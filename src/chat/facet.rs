//! What part of a procedure a question asks about ("lệ phí bao nhiêu?", "làm online được không?").

use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{fold, folded_words, normalize, opens_with};

/// One part of a procedure card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Documents,
    /// Requirements and conditions: who may apply, what must hold first.
    Conditions,
    Fee,
    Time,
    Place,
    Authority,
    Online,
    Postal,
    Legal,
    Steps,
    Result,
    /// Forms to fill in (mẫu đơn, tờ khai).
    Forms,
}

/// Phrases holding a cue that ask for no part: a title's «đủ điều kiện» ("Cấp giấy
/// chứng nhận đủ điều kiện kinh doanh") names the procedure.
const NOT_CUES: &[&str] = &["du dieu kien"];

/// Folded phrases that ask for each facet.
const CUES: &[(Facet, &[&str])] = &[
    (
        Facet::Documents,
        &[
            "giay to",
            "ho so",
            "can gi",
            "can nhung gi",
            "chuan bi",
            "thanh phan",
            "mang theo",
            "dem theo",
            "mang nhung gi",
            "gom nhung gi",
            "bao gom nhung gi",
            "tai lieu nao",
            "tai lieu gi",
            "nhung tai lieu",
        ],
    ),
    (
        Facet::Conditions,
        &[
            "dieu kien",
            "yeu cau gi",
            "tieu chuan gi",
            "doi tuong nao",
            "ai duoc",
            "truong hop nao",
            "trong truong hop nao",
            "nhung truong hop nao",
        ],
    ),
    (
        Facet::Fee,
        &[
            "le phi",
            "phi bao nhieu",
            "het bao nhieu",
            "ton bao nhieu",
            "bao nhieu tien",
            "tien bao nhieu",
            "chi phi",
            "ton tien",
            "mat tien",
        ],
    ),
    (
        Facet::Time,
        &[
            "mat bao lau",
            "bao lau",
            "may ngay",
            "thoi gian",
            "thoi han",
            "bao nhieu ngay",
            "khi nao co",
        ],
    ),
    (
        Facet::Place,
        &[
            "o dau", "noi nop", "nop o", "cho nao", "dia chi", "nop tai", "len dau", "den dau",
        ],
    ),
    (
        Facet::Authority,
        &[
            "co quan nao",
            "ai giai quyet",
            "tham quyen",
            "co quan thuc hien",
            "don vi nao",
        ],
    ),
    (
        Facet::Online,
        &[
            "online",
            "truc tuyen",
            "qua mang",
            "dich vu cong",
            "tren mang",
            "vneid",
        ],
    ),
    (
        Facet::Postal,
        &["buu dien", "buu chinh", "gui qua buu", "chuyen phat"],
    ),
    (
        Facet::Legal,
        &["can cu", "phap ly", "luat nao", "nghi dinh", "quy dinh nao"],
    ),
    (
        Facet::Steps,
        &[
            "cac buoc",
            "trinh tu",
            "quy trinh",
            "the nao",
            "nhu the nao",
            "cach lam",
            "cach thuc",
            "ra sao",
        ],
    ),
    (Facet::Result, &["ket qua", "nhan duoc gi"]),
    (
        Facet::Forms,
        &["mau don", "bieu mau", "mau to khai", "tai mau", "file mau"],
    ),
];

impl Facet {
    pub const ALL: [Facet; 12] = [
        Facet::Documents,
        Facet::Conditions,
        Facet::Fee,
        Facet::Time,
        Facet::Place,
        Facet::Authority,
        Facet::Online,
        Facet::Postal,
        Facet::Legal,
        Facet::Steps,
        Facet::Result,
        Facet::Forms,
    ];

    /// Stable name used in button payloads.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Documents => "documents",
            Facet::Conditions => "conditions",
            Facet::Fee => "fee",
            Facet::Time => "time",
            Facet::Place => "place",
            Facet::Authority => "authority",
            Facet::Online => "online",
            Facet::Postal => "postal",
            Facet::Legal => "legal",
            Facet::Steps => "steps",
            Facet::Result => "result",
            Facet::Forms => "forms",
        }
    }

    pub fn from_name(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The question with every facet cue removed (what is left names the topic),
    /// normalized, keeping the citizen's accents and the punctuation that ends clauses;
    /// the question itself when it has no cue. A cue inside a procedure name ("hỗ trợ
    /// chi phí mai táng") is part of the topic: see [`NamesRun`].
    pub fn strip_cues(question: &str, names_run: NamesRun) -> String {
        let normalized = normalize(question);
        let spans: Vec<(usize, &str)> = normalized.unicode_word_indices().collect();
        let folded: Vec<String> = spans.iter().map(|(_, w)| fold(w)).collect();
        let cues = cue_spans(&folded, names_run);
        if cues.is_empty() {
            return question.to_owned();
        }
        let mut dropped = vec![false; folded.len()];
        for (start, len, _) in cues {
            dropped[start..start + len].fill(true);
        }
        // Cut the cue words, keep everything else: punctuation still ends clauses.
        let mut kept = String::with_capacity(normalized.len());
        let mut at = 0;
        for (&(start, word), _) in spans.iter().zip(&dropped).filter(|(_, &d)| d) {
            kept.push_str(&normalized[at..start]);
            at = start + word.len();
        }
        kept.push_str(&normalized[at..]);
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The part of a question to search with: without facet cues when something is left.
    pub fn topic_query(
        question: &str,
        has_topic: impl Fn(&str) -> bool,
        names_run: NamesRun,
    ) -> String {
        let stripped = Facet::strip_cues(question, names_run);
        if stripped != question && has_topic(&stripped) {
            stripped
        } else {
            question.to_owned()
        }
    }

    /// Facets the question asks about, in the order of [`CUES`], leaving out the cues
    /// inside a procedure name ([`NamesRun`]).
    pub fn detect_in(question: &str, names_run: NamesRun) -> Vec<Facet> {
        let found: Vec<Facet> = cue_spans(&folded_words(question), names_run)
            .into_iter()
            .map(|(_, _, facet)| facet)
            .collect();
        Facet::ALL
            .into_iter()
            .filter(|f| found.contains(f))
            .collect()
    }
}

/// Every cue as its words with its facet (`None` for [`NOT_CUES`]), longest first;
/// split and sorted once.
static CUE_WORDS: LazyLock<Vec<(Option<Facet>, Vec<&str>)>> = LazyLock::new(|| {
    let mut cues: Vec<(Option<Facet>, Vec<&str>)> = CUES
        .iter()
        .flat_map(|(f, c)| c.iter().map(|cue| (Some(*f), cue.split(' ').collect())))
        .chain(NOT_CUES.iter().map(|c| (None, c.split(' ').collect())))
        .collect();
    cues.sort_by_key(|(_, c)| std::cmp::Reverse(c.len()));
    cues
});

/// Whether some procedure name holds these folded words next to each other.
pub type NamesRun<'a> = &'a dyn Fn(&[String]) -> bool;

/// True when the cue at `start..end` of `folded`, with a word on each side, is written in
/// a procedure name: "trợ | chi phí | mai" of «Hỗ trợ chi phí mai táng» asks for no fee.
fn inside_name(folded: &[String], start: usize, end: usize, names_run: NamesRun) -> bool {
    start > 0 && end < folded.len() && names_run(&folded[start - 1..=end])
}

/// Every facet cue of a question (folded words) as (start, length, facet), read left to
/// right, the longest cue first at each word; a [`NOT_CUES`] phrase, or a cue inside a
/// procedure name, is skipped whole.
fn cue_spans(folded: &[String], names_run: NamesRun) -> Vec<(usize, usize, Facet)> {
    let cues = &*CUE_WORDS;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let hit = cues.iter().find(|(_, cue)| opens_with(&folded[i..], cue));
        match hit {
            Some((facet, cue)) => {
                if let Some(facet) = facet {
                    if !inside_name(folded, i, i + cue.len(), names_run) {
                        spans.push((i, cue.len(), *facet));
                    }
                }
                i += cue.len();
            }
            None => i += 1,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_facets_with_or_without_diacritics() {
        let cases = [
            ("lệ phí bao nhiêu?", vec![Facet::Fee]),
            ("lam online duoc khong", vec![Facet::Online]),
            ("đăng ký khai sinh", vec![]),
            (
                "Điều kiện để được cấp giấy phép kinh doanh karaoke là gì?",
                vec![Facet::Conditions],
            ),
            // A title's «đủ điều kiện» asks for no part.
            ("cấp giấy chứng nhận đủ điều kiện kinh doanh thuốc", vec![]),
            (
                "Điều kiện cấp chứng chỉ hành nghề dược là gì?",
                vec![Facet::Conditions],
            ),
            (
                "Quỹ giải thể trong trường hợp nào?",
                vec![Facet::Conditions],
            ),
        ];
        for (question, facets) in cases {
            assert_eq!(Facet::detect_in(question, &|_| false), facets, "{question}");
        }
        assert!(Facet::detect_in("cần những giấy tờ gì", &|_| false).contains(&Facet::Documents));
        assert_eq!(Facet::from_name("fee"), Some(Facet::Fee));
    }

    #[test]
    fn a_cue_written_inside_a_procedure_name_is_part_of_the_topic() {
        let names = " ho tro chi phi mai tang cho doi tuong bao tro xa hoi ";
        let names_run = |run: &[String]| names.contains(&format!(" {} ", run.join(" ")));
        let question = "Thời hạn giải quyết hỗ trợ chi phí mai táng là bao lâu?";
        assert_eq!(Facet::detect_in(question, &names_run), vec![Facet::Time]);
        assert_eq!(
            Facet::strip_cues(question, &names_run),
            "giải quyết hỗ trợ chi phí mai táng là ?"
        );
        // Without a name around it, "chi phí" asks for the fee.
        assert_eq!(
            Facet::detect_in("đăng ký kết hôn chi phí bao nhiêu", &names_run),
            vec![Facet::Fee]
        );
    }

    #[test]
    fn stripping_cues_keeps_the_topic_and_the_clause_ends() {
        let cases = [
            (
                "Điều kiện cấp chứng chỉ hành nghề dược là gì?",
                "cấp chứng chỉ hành nghề dược là gì?",
            ),
            (
                "giấy chứng nhận đủ điều kiện kinh doanh lệ phí",
                "giấy chứng nhận đủ điều kiện kinh doanh",
            ),
            ("Lệ phí bao nhiêu?", "bao nhiêu?"),
            ("Quỹ giải thể trong trường hợp nào?", "quỹ giải thể ?"),
            (
                "Đã có sổ đỏ, hồ sơ sang tên gồm gì?",
                "đã có sổ đỏ, sang tên gồm gì?",
            ),
            // No cue: the question untouched.
            ("Sang tên xe", "Sang tên xe"),
            ("lệ phí đăng ký khai sinh", "đăng ký khai sinh"),
        ];
        for (question, stripped) in cases {
            assert_eq!(
                Facet::strip_cues(question, &|_| false),
                stripped,
                "{question}"
            );
        }
    }
}
