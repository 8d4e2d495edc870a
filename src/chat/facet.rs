//! What part of a procedure a question asks about ("lệ phí bao nhiêu?", "làm online được không?").

use crate::text::folded_words;

/// One part of a procedure card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Documents,
    Fee,
    Time,
    Place,
    Authority,
    Online,
    Postal,
    Legal,
    Steps,
    Result,
}

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
        ],
    ),
    (
        Facet::Fee,
        &[
            "le phi",
            "phi",
            "bao nhieu tien",
            "chi phi",
            "ton tien",
            "mat tien",
            "tien",
        ],
    ),
    (
        Facet::Time,
        &[
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
        &["o dau", "noi nop", "nop o", "cho nao", "dia chi", "nop tai"],
    ),
    (
        Facet::Authority,
        &[
            "co quan nao",
            "ai giai quyet",
            "tham quyen",
            "co quan thuc hien",
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
        ],
    ),
    (Facet::Result, &["ket qua", "nhan duoc gi"]),
];

impl Facet {
    /// Facets the question asks about, in the order of [`CUES`].
    pub fn detect(question: &str) -> Vec<Facet> {
        let words = folded_words(question);
        let padded = format!(" {} ", words.join(" "));
        CUES.iter()
            .filter(|(_, cues)| cues.iter().any(|c| padded.contains(&format!(" {c} "))))
            .map(|(f, _)| *f)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_facets_with_or_without_diacritics() {
        assert_eq!(Facet::detect("lệ phí bao nhiêu?"), vec![Facet::Fee]);
        assert_eq!(Facet::detect("lam online duoc khong"), vec![Facet::Online]);
        assert!(Facet::detect("cần những giấy tờ gì").contains(&Facet::Documents));
        assert!(Facet::detect("đăng ký khai sinh").is_empty());
    }
}
