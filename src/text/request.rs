//! The request of a question: the few words right after "muốn", "xin" or "thủ tục" name
//! what the citizen asks for ("nay muốn làm hộ chiếu để cháu đi du lịch với gia đình"
//! asks for "hộ chiếu", not for anything about "gia đình"). The search weighs them more.

use std::sync::LazyLock;

use super::{fold, opens_with};

/// Folded words after which the request follows.
const CUES: [&[&str]; 3] = [&["muon"], &["xin"], &["thu", "tuc"]];
/// Folded words after "xin" that make it a courtesy ("xin hỏi", "xin cho biết").
const COURTESY: [&str; 4] = ["hoi", "cho", "chao", "cam"];
/// Words that end a request: connectors to a purpose, a place, a time or a condition,
/// and the words that turn it into a question. A word typed without diacritics ends it
/// when it folds like one of them ("tu" may be "từ"; "tử" is not).
const ENDS: [&str; 24] = [
    "để", "thì", "ở", "tại", "vì", "khi", "nhưng", "mà", "cho", "có", "nào", "gì", "không", "thế",
    "như", "bao", "với", "từ", "sau", "trước", "nếu", "và", "ạ", "vậy",
];
/// [`ENDS`] folded, for words typed without diacritics.
static FOLDED_ENDS: LazyLock<Vec<String>> = LazyLock::new(|| ENDS.map(fold).to_vec());
/// Most words a request runs to, its filler verbs ("làm", "đi") included.
const MAX_WORDS: usize = 6;

/// For each of `words` (normalized, accented, as [`super::words`] splits them; `folded`
/// the same words folded), whether it lies in a request.
pub fn request_flags(words: &[String], folded: &[String]) -> Vec<bool> {
    let mut flags = vec![false; words.len()];
    let mut i = 0;
    while i < folded.len() {
        let Some(cue) = CUES.iter().find(|c| opens_with(&folded[i..], c)) else {
            i += 1;
            continue;
        };
        let start = i + cue.len();
        if cue == &["xin"]
            && folded
                .get(start)
                .is_some_and(|w| COURTESY.contains(&w.as_str()))
        {
            i = start;
            continue;
        }
        let end = (start..folded.len().min(start + MAX_WORDS))
            .find(|&j| ends(&words[j], &folded[j]))
            .unwrap_or(folded.len().min(start + MAX_WORDS));
        flags[start..end].fill(true);
        i = end.max(start);
    }
    flags
}

/// True when the word (accented, and folded) ends a request (see [`ENDS`]).
fn ends(accented: &str, folded: &str) -> bool {
    if accented == folded {
        FOLDED_ENDS.iter().any(|e| e == folded)
    } else {
        ENDS.contains(&accented)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    fn requested(text: &str) -> String {
        let words = words(text);
        let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
        let flags = request_flags(&words, &folded);
        let picked: Vec<&str> = words
            .iter()
            .zip(&flags)
            .filter(|(_, &f)| f)
            .map(|(w, _)| w.as_str())
            .collect();
        picked.join(" ")
    }

    #[test]
    fn the_words_after_a_request_verb_up_to_a_connector() {
        let cases = [
            (
                "Con tôi mới sinh được hai tháng, nay muốn làm hộ chiếu để cháu đi du lịch",
                "làm hộ chiếu",
            ),
            (
                "muon xin cap lai giay phep lai xe thi lam o dau",
                "xin cap lai giay phep lai",
            ),
            ("Làm thủ tục khai tử ở cơ quan nào?", "khai tử"),
            ("Xin hỏi lao động nữ năm nay 45 tuổi", ""),
            ("đăng ký kết hôn cần giấy tờ gì", ""),
            ("", ""),
        ];
        for (question, request) in cases {
            assert_eq!(requested(question), request, "{question}");
        }
    }
}
