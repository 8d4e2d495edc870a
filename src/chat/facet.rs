//! What part of a procedure a question asks about ("lệ phí bao nhiêu?", "làm online được không?").

use crate::text::{fold, folded_words, words};

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
            "tai lieu nao",
        ],
    ),
    (
        Facet::Conditions,
        &[
            "dieu kien gi",
            "dieu kien nao",
            "dieu kien la gi",
            "dieu kien the nao",
            "dieu kien nhu the nao",
            "nhung dieu kien",
            "can dieu kien",
            "dieu kien de",
            "dieu kien va",
            "yeu cau gi",
            "tieu chuan gi",
            "doi tuong nao",
            "ai duoc",
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
    /// keeping the citizen's accents.
    pub fn strip_cues(question: &str) -> String {
        let accented = words(question);
        let folded: Vec<String> = accented.iter().map(|w| fold(w)).collect();
        let mut cues: Vec<Vec<&str>> = CUES
            .iter()
            .flat_map(|(_, c)| c.iter().map(|cue| cue.split(' ').collect()))
            .collect();
        cues.sort_by_key(|c| std::cmp::Reverse(c.len()));
        let mut keep = vec![true; folded.len()];
        let mut i = 0;
        while i < folded.len() {
            let hit = cues.iter().find(|cue| {
                folded.len() >= i + cue.len() && cue.iter().zip(&folded[i..]).all(|(c, w)| c == w)
            });
            match hit {
                Some(cue) => {
                    keep[i..i + cue.len()].fill(false);
                    i += cue.len();
                }
                None => i += 1,
            }
        }
        accented
            .into_iter()
            .zip(keep)
            .filter_map(|(w, k)| k.then_some(w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The part of a question to search with: without facet cues when something is left.
    pub fn topic_query(question: &str, has_topic: impl Fn(&str) -> bool) -> String {
        let stripped = Facet::strip_cues(question);
        if stripped != question && has_topic(&stripped) {
            stripped
        } else {
            question.to_owned()
        }
    }

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
        assert_eq!(
            Facet::detect("Điều kiện để được cấp giấy phép kinh doanh karaoke là gì?"),
            vec![Facet::Conditions]
        );
        assert!(
            Facet::detect("cấp giấy chứng nhận đủ điều kiện kinh doanh thuốc").is_empty(),
            "a title's «đủ điều kiện» asks for no part"
        );
        assert_eq!(Facet::strip_cues("Lệ phí bao nhiêu?"), "bao nhiêu");
        assert_eq!(
            Facet::strip_cues("lệ phí đăng ký khai sinh"),
            "đăng ký khai sinh"
        );
        assert_eq!(Facet::from_name("fee"), Some(Facet::Fee));
    }
}
