//! Filler words of Vietnamese questions ("cần những gì", "ở đâu", "được không").
//!
//! They carry no topic: the searcher gives them little weight and leaves them out of
//! the confidence decision. Folding merges fillers with topic words ("đá" and "đã",
//! "thẻ" and "thế"), so a word typed with diacritics is a filler only when its accented
//! form is one; a word typed without diacritics is judged on its folded form.

/// Folded forms of the fillers.
const STOPWORDS: &[&str] = &[
    "a", "ai", "anh", "ban", "bang", "bao", "biet", "cac", "cach", "can", "chi", "cho", "co",
    "con", "cua", "da", "dau", "dc", "de", "di", "duoc", "em", "gi", "gio", "gium", "giup", "hay",
    "hoi", "hok", "k", "khi", "khong", "ko", "la", "lam", "lau", "len", "luon", "ma", "minh",
    "mot", "muon", "nao", "nay", "nhe", "nhi", "nhieu", "nhu", "nhung", "nua", "o", "oi", "phai",
    "qua", "ra", "roi", "sao", "se", "the", "thi", "thu", "toi", "tuc", "va", "vay", "ve", "voi",
    "vs", "vui", "xem", "xin",
];

/// The accented fillers (normalized spelling).
const ACCENTED: &[&str] = &[
    "à", "ạ", "ai", "anh", "bao", "bạn", "bằng", "biết", "các", "cần", "cách", "chị", "chỉ", "cho",
    "có", "còn", "của", "đã", "dạ", "đâu", "để", "đi", "được", "em", "gì", "giờ", "giùm", "giúp",
    "hay", "hỏi", "khi", "không", "là", "làm", "lâu", "lên", "luôn", "mà", "mình", "một", "muốn",
    "nào", "này", "nay", "nhé", "nhỉ", "nhiêu", "đc", "như", "những", "nhưng", "nữa", "ở", "ơi",
    "phải", "qua", "ra", "rồi", "sao", "sẽ", "thế", "thì", "thủ", "tôi", "tục", "và", "vậy", "về",
    "với", "vui", "xin", "xem",
];

/// Fillers only when typed with these diacritics: their folded forms are also common
/// topic syllables ("cũng" and "cung cấp", "đang" and "đăng ký", "bây" and "máy bay").
const ACCENTED_ONLY: &[&str] = &[
    "ấy", "bây", "cả", "chứ", "cũng", "đang", "đây", "hẳn", "lắm", "lúc", "nên", "nếu", "rất",
    "sắp", "vẫn", "vì",
];

/// True for a folded word that only carries the question's form, not its topic.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

/// Like [`is_stopword`], deciding on the accented spelling when the citizen typed one.
/// In a question typed with diacritics (`diacritics_typed`), a word written without any
/// is that word: "di chúc" is not "đi".
pub fn is_filler(accented: Option<&str>, folded: &str, diacritics_typed: bool) -> bool {
    if accented.is_some_and(|a| ACCENTED_ONLY.contains(&a)) {
        return true;
    }
    if !is_stopword(folded) {
        return false;
    }
    match accented {
        Some(a) if a != folded || diacritics_typed => ACCENTED.contains(&a),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("gi"));
        assert!(!is_stopword("sinh"));
    }

    #[test]
    fn accents_decide_between_filler_and_topic() {
        assert!(is_filler(Some("đã"), "da", true));
        assert!(!is_filler(Some("đá"), "da", false));
        assert!(!is_filler(Some("thẻ"), "the", false));
        assert!(is_filler(Some("the"), "the", false));
        assert!(is_filler(None, "gi", true));
        assert!(
            is_filler(Some("di"), "di", false),
            "no diacritics anywhere: maybe đi"
        );
        assert!(
            !is_filler(Some("di"), "di", true),
            "di chúc among accented words"
        );
        assert!(is_filler(Some("đi"), "di", true));
        assert!(is_filler(Some("cũng"), "cung", true));
        assert!(
            !is_filler(Some("cung"), "cung", false),
            "cung cấp typed without diacritics"
        );
        assert!(!is_filler(Some("đăng"), "dang", true));
        assert!(is_filler(Some("giờ"), "gio", true));
        for a in ACCENTED.iter().chain(ACCENTED_ONLY) {
            assert_eq!(normalize(a), *a, "accented list is normalized");
        }
    }
}
