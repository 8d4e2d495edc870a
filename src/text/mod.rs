//! Vietnamese text analysis, used identically at index time and at query time.
//!
//! The pipeline is: [`normalize`] (NFC, lowercase, one tone-mark placement) →
//! [`words`] (Unicode word split) → [`fold`] (no diacritics, đ→d) → [`bigrams`]
//! (syllable pairs, so "khai sinh" scores as a unit). Synonym expansion, opposite
//! sides, stop words and typo correction work on folded words.

mod actions;
mod background;
mod intent;
mod normalize;
mod opposites;
mod request;
mod stopwords;
mod synonyms;
mod typo;

pub use actions::{accented_mark, marked_in, marked_leads, names_action, repeats};
pub use background::words_and_background;
pub use intent::asks_about_law;
pub use normalize::{fold, i_y_variant, normalize};
pub use opposites::{OppositeSet, Opposites, SidesNamed};
pub use request::request_flags;
pub use stopwords::{is_filler, is_stopword};
pub use synonyms::{SynonymGroup, Synonyms};
pub use typo::edits1;

use unicode_segmentation::UnicodeSegmentation;

/// Separator joining the two syllables of a bigram token.
pub const BIGRAM_JOIN: char = '_';

/// Splits normalized text into words (letters and digits), keeping diacritics.
pub fn words(text: &str) -> Vec<String> {
    normalize(text).unicode_words().map(str::to_owned).collect()
}

/// Words of `text`, normalized and folded (no diacritics).
pub fn folded_words(text: &str) -> Vec<String> {
    words(text).iter().map(|w| fold(w)).collect()
}

/// True when the folded `words` open with the words of `phrase` ("thu", "tuc").
pub fn opens_with(words: &[String], phrase: &[&str]) -> bool {
    words.len() >= phrase.len() && phrase.iter().zip(words).all(|(p, w)| p == w)
}

/// `text` with its first letter upper-case ("đảm bảo …" → "Đảm bảo …").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Adjacent pairs of words, joined with [`BIGRAM_JOIN`].
pub fn bigrams(words: &[String]) -> Vec<String> {
    words
        .windows(2)
        .map(|pair| format!("{}{}{}", pair[0], BIGRAM_JOIN, pair[1]))
        .collect()
}

/// The three token streams a text is indexed as.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Analyzed {
    /// Normalized words with diacritics.
    pub accented: Vec<String>,
    /// The same words folded.
    pub folded: Vec<String>,
    /// Folded syllable bigrams.
    pub bigrams: Vec<String>,
}

impl Analyzed {
    /// Analyzes one run of text; bigrams never cross into another run.
    pub fn of(text: &str) -> Self {
        let accented = words(text);
        let folded: Vec<String> = accented.iter().map(|w| fold(w)).collect();
        let bigrams = bigrams(&folded);
        Analyzed {
            accented,
            folded,
            bigrams,
        }
    }

    /// Analyzes several runs (e.g. a name and its aliases) without bigrams across runs.
    pub fn of_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut all = Analyzed::default();
        for text in texts {
            let one = Analyzed::of(text);
            all.accented.extend(one.accented);
            all.folded.extend(one.folded);
            all.bigrams.extend(one.bigrams);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzes_accented_folded_and_bigrams() {
        let a = Analyzed::of("Đăng ký KHAI SINH");
        assert_eq!(a.accented, ["đăng", "ký", "khai", "sinh"]);
        assert_eq!(a.folded, ["dang", "ky", "khai", "sinh"]);
        assert_eq!(a.bigrams, ["dang_ky", "ky_khai", "khai_sinh"]);
    }

    #[test]
    fn bigrams_do_not_cross_runs() {
        let a = Analyzed::of_all(["khai sinh", "hộ tịch"]);
        assert_eq!(a.bigrams, ["khai_sinh", "ho_tich"]);
    }

    #[test]
    fn keeps_codes_and_numbers() {
        assert_eq!(
            folded_words("mã 1.001193, năm 2025"),
            ["ma", "1.001193", "nam", "2025"]
        );
    }
}
