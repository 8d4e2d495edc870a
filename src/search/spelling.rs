//! How the citizen typed a question: typo correction checked against the context, the
//! other spelling of a word ("sỹ"/"sĩ"), and whether diacritics were typed at all.

use super::vocab::Vocab;
use crate::text::{self, edits1, is_stopword, Synonyms, BIGRAM_JOIN};

/// Shortest folded word that typo correction touches.
const MIN_TYPO_LEN: usize = 4;
/// A spelling the corpus writes in fewer than one entry in this many of those with the
/// typed spelling is a stray ("đăng kí" beside "đăng ký"), not worth searching.
const STRAY_SPELLING: u32 = 20;

/// The word spelled the other way ("sỹ" for "sĩ"), when the corpus really writes it so.
pub fn spelling_variant(word: &str, vocab: &Vocab) -> Option<Vec<String>> {
    text::i_y_variant(word)
        .filter(|v| vocab.df(v) > 0 && vocab.df(v) * STRAY_SPELLING >= vocab.df(word))
        .map(|v| vec![v])
}

/// Marks the positions covered by a synonym term, which typo correction leaves alone.
pub fn synonym_positions(synonyms: &Synonyms, folded: &[String]) -> Vec<bool> {
    let mut protected = vec![false; folded.len()];
    for m in synonyms.find(folded) {
        protected[m.start..m.start + m.len].fill(true);
    }
    protected
}

/// Share of a question's words written with diacritics from which it counts as typed
/// with them (most Vietnamese syllables carry one).
const DIACRITICS_TYPED_SHARE: f32 = 0.5;

/// True when the citizen typed diacritics: then a word written without any is meant so.
pub fn diacritics_typed(accented: &[String], folded: &[String]) -> bool {
    let marked = accented.iter().zip(folded).filter(|(a, f)| a != f).count();
    marked as f32 >= DIACRITICS_TYPED_SHARE * accented.len().max(1) as f32
}

/// A correction is kept when the word has no topic neighbour, or when it forms a known
/// phrase with one ("khai sihn" → "khai sinh"); otherwise an unknown word of another
/// domain ("bóng đá") would be bent into a known one.
pub fn confirmed_by_context(words: &[String], i: usize, fixed: &str, vocab: &Vocab) -> bool {
    let topic = |j: usize| !is_stopword(&words[j]);
    let before = (i > 0 && topic(i - 1)).then(|| format!("{}{BIGRAM_JOIN}{fixed}", words[i - 1]));
    let after = (i + 1 < words.len() && topic(i + 1))
        .then(|| format!("{fixed}{BIGRAM_JOIN}{}", words[i + 1]));
    let neighbours: Vec<String> = before.into_iter().chain(after).collect();
    neighbours.is_empty() || neighbours.iter().any(|b| vocab.contains(b))
}

/// The most frequent known word one edit away from an unknown word, if any.
pub fn correct_typo(word: &str, vocab: &Vocab) -> Option<String> {
    let letters = word.chars().all(|c| c.is_ascii_lowercase());
    if vocab.contains(word) || !letters || word.chars().count() < MIN_TYPO_LEN || is_stopword(word)
    {
        return None;
    }
    edits1(word)
        .into_iter()
        .filter(|c| vocab.contains(c))
        .max_by_key(|c| (vocab.df(c), std::cmp::Reverse(c.clone())))
}
