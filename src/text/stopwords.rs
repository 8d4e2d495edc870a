//! Filler words of Vietnamese questions ("cần những gì", "ở đâu", "được không").
//!
//! They carry no topic: the searcher gives them little weight and leaves them out of
//! the confidence decision. All entries are folded.

const STOPWORDS: &[&str] = &[
    "a", "ai", "anh", "ban", "bao", "biet", "bo", "cac", "cach", "can", "chi", "cho", "co", "con",
    "cua", "da", "dau", "de", "di", "duoc", "em", "gi", "gium", "giup", "hay", "hoi", "khi",
    "khong", "la", "lam", "lau", "len", "ma", "minh", "mot", "muon", "nao", "nay", "nhe", "nhu",
    "nhung", "nua", "o", "oi", "phai", "qua", "ra", "roi", "sao", "se", "the", "thi", "thu", "toi",
    "tuc", "va", "vay", "ve", "voi", "vui", "xem", "xin",
];

/// True for a folded word that only carries the question's form, not its topic.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("gi"));
        assert!(!is_stopword("sinh"));
    }
}
