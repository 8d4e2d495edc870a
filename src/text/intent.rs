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
    "la gi",
    "nghia la gi",
    "hieu the nao",
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
    "phap luat",
    "truong hop nao",
    "dieu kien gi de",
];

/// True when the question asks about penalties, definitions or legality.
pub fn asks_about_law(question: &str) -> bool {
    let padded = format!(" {} ", folded_words(question).join(" "));
    LAW_CUES
        .iter()
        .any(|cue| padded.contains(&format!(" {cue} ")))
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
        assert!(!asks_about_law("đăng ký tạm trú cần giấy tờ gì"));
        assert!(!asks_about_law("làm lại giấy phép lái xe"));
    }
}
