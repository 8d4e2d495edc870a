//! Background clauses of a question: what the citizen says has already happened
//! ("giấy khai sinh đã được cải chính", "tôi đã có căn cước"), before what they ask for.
//!
//! A clause ends at a comma, full stop, semicolon, colon, question or exclamation mark.
//! One that holds a marker of something done ("đã", "vừa", or without diacritics
//! "da duoc", "vua duoc") and comes before the last clause with words of its own tells the
//! circumstances, not the procedure asked for: its words weigh less.

use unicode_segmentation::UnicodeSegmentation;

use super::{fold, normalize};

/// Accented words that mark something already done.
const DONE: [&str; 2] = ["đã", "vừa"];
/// Folded pairs that mark it without diacritics ("da" alone is also "đá", "dạ", "da").
const DONE_FOLDED: [[&str; 2]; 2] = [["da", "duoc"], ["vua", "duoc"]];
const CLAUSE_ENDS: [char; 6] = [',', '.', ';', ':', '?', '!'];

/// The words of `text` (as [`super::words`] splits them) and, for each, whether it lies in
/// a background clause: one normalization and one split for both.
pub fn words_and_background(text: &str) -> (Vec<String>, Vec<bool>) {
    let normalized = normalize(text);
    let mut clauses: Vec<Vec<&str>> = vec![Vec::new()];
    let mut last = 0;
    for (at, word) in normalized.unicode_word_indices() {
        if normalized[last..at].contains(CLAUSE_ENDS) && !clauses.last().is_none_or(Vec::is_empty) {
            clauses.push(Vec::new());
        }
        clauses.last_mut().expect("one clause").push(word);
        last = at + word.len();
    }
    let asked = clauses.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
    let background = clauses
        .iter()
        .enumerate()
        .flat_map(|(i, words)| {
            let background = i < asked && tells_done(words);
            std::iter::repeat_n(background, words.len())
        })
        .collect();
    let words = clauses.concat().into_iter().map(str::to_owned).collect();
    (words, background)
}

fn tells_done(words: &[&str]) -> bool {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    words.iter().any(|w| DONE.contains(w))
        || folded
            .windows(2)
            .any(|pair| DONE_FOLDED.iter().any(|done| pair == done))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(text: &str) -> Vec<bool> {
        let (words, background) = words_and_background(text);
        assert_eq!(words, super::super::words(text));
        background
    }

    #[test]
    fn a_done_clause_before_the_request_is_background() {
        let q = "Giấy khai sinh đã được cải chính, giờ muốn đổi thẻ căn cước";
        let f = flags(q);
        assert!(f[..7].iter().all(|&b| b), "{f:?}");
        assert!(f[7..].iter().all(|&b| !b), "{f:?}");
    }

    #[test]
    fn the_last_clause_and_plain_clauses_are_not() {
        assert!(!flags("Tôi đã nộp hồ sơ đăng ký kết hôn").contains(&true));
        assert!(!flags("Nhà tôi ở xa, muốn làm căn cước").contains(&true));
        assert!(flags("Giay khai sinh da duoc cai chinh, gio muon doi the").contains(&true));
        assert!(!flags("Dạ, cho em hỏi làm căn cước").contains(&true));
        assert!(flags("").is_empty());
    }
}
