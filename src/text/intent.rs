//! Questions that ask about the law rather than a procedure: penalties ("bị phạt bao
//! nhiêu"), definitions ("... là gì"), legality ("có hợp pháp không"). A procedure named
//! in such a question ("không đăng ký tạm trú thì bị phạt bao nhiêu") is not what the
//! citizen wants; the decision reads this as one of its signals.

use super::folded_words;

/// Folded phrases of penalty, definition and legality questions.
const LAW_CUES: &[&str] = &[
    "xu phat",
    "bi phat",
    "muc phat",
    "phat bao nhieu",
    "phat tien",
    "nop phat",
    "vi pham",
    "toi gi",
    "bi xu ly",
    "xu ly the nao",
    "truy cuu",
    "hinh su",
    "hop phap",
    "trai phep",
    "co quyen",
    "quy dinh the nao",
    "truong hop nao",
    "dieu kien gi de",
];

/// Procedure names holding a cue: "hợp pháp hóa lãnh sự" asks for a procedure.
const NAMES_WITH_CUES: &[&str] = &["hop phap hoa"];

/// Folded phrases of definition questions ("đầu tư ra nước ngoài là gì").
const DEFINITION_CUES: &[&str] = &["la gi", "nghia la gi", "hieu the nao"];

/// Parts of a procedure: "điều kiện … là gì" asks for a part, not a definition.
const PART_NOUNS: &[&str] = &[
    "dieu kien",
    "tieu chuan",
    "ho so",
    "giay to",
    "thu tuc",
    "le phi",
    "thoi han",
    "trinh tu",
    "quy trinh",
];

/// True when the question asks about penalties, definitions or legality.
pub fn asks_about_law(question: &str) -> bool {
    let mut padded = format!(" {} ", folded_words(question).join(" "));
    for name in NAMES_WITH_CUES {
        padded = padded.replace(&format!(" {name} "), " ");
    }
    let has = |cues: &[&str]| cues.iter().any(|c| padded.contains(&format!(" {c} ")));
    has(LAW_CUES) || (has(DEFINITION_CUES) && !has(PART_NOUNS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalty_and_definition_questions_are_about_law() {
        assert!(asks_about_law(
            "Không đăng ký tạm trú thì bị phạt bao nhiêu?"
        ));
        assert!(asks_about_law("dau tu ra nuoc ngoai la gi"));
        assert!(!asks_about_law(
            "Điều kiện cấp chứng chỉ hành nghề dược là gì?"
        ));
        assert!(!asks_about_law("đăng ký tạm trú cần giấy tờ gì"));
        assert!(!asks_about_law("làm lại giấy phép lái xe"));
        assert!(!asks_about_law("hợp pháp hóa lãnh sự bằng đại học"));
        assert!(!asks_about_law(
            "đăng ký kiểm tra kiến thức pháp luật để phục hồi điểm giấy phép lái xe"
        ));
        assert!(asks_about_law("giấy tờ này có hợp pháp không"));
    }
}
