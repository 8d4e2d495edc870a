//! What the searcher works out once per generation from every entry's title and names:
//! title bigrams, leading actions, specificity, opposite sides, and the folded names to
//! look a run of words up in.

use super::entry::Entry;
#[cfg(doc)]
use super::matching::TitleIds;
use super::matching::{mark_ids, SPECIFIC_SHARE_OF_MEDIAN};
use super::vocab::Vocab;
use crate::text::{
    bigrams, folded_words, is_stopword, marked_in, marked_leads, repeats, Opposites, SidesNamed,
    BIGRAM_JOIN,
};

/// Every entry's name runs (title, aliases, field), folded, each between spaces on a line
/// of its own.
pub struct NameText(String);

impl NameText {
    pub fn of(entries: &[Entry]) -> NameText {
        let mut text = String::new();
        for run in entries.iter().flat_map(Entry::name_runs) {
            text.push(' ');
            text.push_str(&folded_words(run).join(" "));
            text.push_str(" \n");
        }
        NameText(text)
    }

    /// True when some name holds the folded `words` next to each other, in order.
    pub fn holds(&self, words: &[String]) -> bool {
        !words.is_empty() && self.0.contains(&format!(" {} ", words.join(" ")))
    }
}

/// [`TitleIds::specificity`] of every title (by weight), computed once per generation.
pub fn specificities(weights: Vec<f32>) -> Vec<f32> {
    let mut sorted = weights.clone();
    sorted.sort_by(f32::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let specific = (median * SPECIFIC_SHARE_OF_MEDIAN).max(f32::EPSILON);
    weights
        .into_iter()
        .map(|w| (w / specific).min(1.0))
        .collect()
}

/// Ids of the marked actions an entry's title opens with: the pairs of each, or its one
/// word; each action as one group.
pub fn title_lead_ids(entry: &Entry, vocab: &Vocab) -> Vec<Vec<u32>> {
    let Some(title) = entry.title_runs().into_iter().next() else {
        return Vec::new();
    };
    marked_leads(&title)
        .into_iter()
        .map(|lead| mark_ids(lead, vocab))
        .collect()
}

/// The entry's title names doing something again, anywhere ([`TitleIds::again`]).
pub fn title_names_again(entry: &Entry) -> bool {
    entry
        .title_runs()
        .iter()
        .any(|run| marked_in(&folded_words(run)).into_iter().any(repeats))
}

/// The opposite sides an entry's title runs name.
pub fn title_sides(entry: &Entry, opposites: &Opposites) -> SidesNamed {
    let mut named = opposites.named(&[]);
    for run in entry.title_runs() {
        for (all, one) in named.iter_mut().zip(opposites.named(&folded_words(&run))) {
            *all |= one;
        }
    }
    named
}

/// Bigram ids of an entry's title runs, sorted and de-duplicated: all of them
/// ([`TitleIds::bigrams`]), and those without a filler ("Thủ tục", "cho") in them
/// ([`TitleIds::deciding`]). The title is folded once for both.
pub fn title_bigram_ids(entry: &Entry, vocab: &Vocab) -> (Vec<u32>, Vec<u32>) {
    let pairs: Vec<String> = entry
        .title_runs()
        .iter()
        .flat_map(|run| bigrams(&folded_words(run)))
        .collect();
    let has_filler = |bi: &&String| bi.split(BIGRAM_JOIN).any(is_stopword);
    let all = sorted_ids(pairs.iter(), vocab);
    let deciding = sorted_ids(pairs.iter().filter(|bi| !has_filler(bi)), vocab);
    (all, deciding)
}

/// Vocabulary ids of `pairs`, sorted and de-duplicated (pairs the corpus never writes are
/// left out).
fn sorted_ids<'a>(pairs: impl Iterator<Item = &'a String>, vocab: &Vocab) -> Vec<u32> {
    let mut ids: Vec<u32> = pairs.filter_map(|bi| vocab.id(bi)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
