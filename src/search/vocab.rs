//! Folded-word vocabulary of a generation and each entry's word sets.
//!
//! Built when a generation is opened. It gives document frequencies (for word weights
//! and typo correction) and lets the searcher check which query words an entry covers.

use std::collections::HashMap;

use super::entry::Entry;
use crate::text::{bigrams, folded_words, is_stopword};

/// Sorted, de-duplicated word ids of one entry.
#[derive(Debug, Default)]
pub struct EntryWords {
    /// Words of the official title (without stop words).
    pub title: Vec<u32>,
    /// Words of the name runs (title, aliases, field).
    pub name: Vec<u32>,
    /// Every word of the entry.
    pub all: Vec<u32>,
    /// Bigrams of the name runs.
    pub name_bigrams: Vec<u32>,
    /// Every bigram of the entry.
    pub all_bigrams: Vec<u32>,
}

/// Interned folded words with their document frequencies.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    /// Entries whose name runs (title, aliases, field) hold the word.
    name_df: Vec<u32>,
    docs: usize,
}

impl Vocab {
    /// Interns every entry's words; returns the vocabulary and per-entry word sets.
    pub fn build(entries: &[Entry]) -> (Vocab, Vec<EntryWords>) {
        let mut vocab = Vocab {
            docs: entries.len(),
            ..Vocab::default()
        };
        let words = entries.iter().map(|e| vocab.entry_words(e)).collect();
        (vocab, words)
    }

    fn entry_words(&mut self, entry: &Entry) -> EntryWords {
        let title = self.intern_words(entry.title_runs(), true);
        let name = self.intern_words(entry.name_runs(), false);
        let body = self.intern_words(entry.body_runs(), false);
        let name_bigrams = self.intern_bigrams(entry.name_runs());
        let body_bigrams = self.intern_bigrams(entry.body_runs());
        let all = union(&name, &body);
        for &id in &all {
            self.df[id as usize] += 1;
        }
        for &id in &name {
            self.name_df[id as usize] += 1;
        }
        EntryWords {
            title,
            name,
            all,
            all_bigrams: union(&name_bigrams, &body_bigrams),
            name_bigrams,
        }
    }

    fn intern_words(&mut self, runs: Vec<&str>, skip_stopwords: bool) -> Vec<u32> {
        let words = runs
            .into_iter()
            .flat_map(folded_words)
            .filter(|w| !(skip_stopwords && is_stopword(w)));
        self.intern_set(words)
    }

    fn intern_bigrams(&mut self, runs: Vec<&str>) -> Vec<u32> {
        let bigrams = runs.into_iter().flat_map(|r| bigrams(&folded_words(r)));
        self.intern_set(bigrams)
    }

    fn intern_set(&mut self, tokens: impl Iterator<Item = String>) -> Vec<u32> {
        let mut ids: Vec<u32> = tokens.map(|t| self.intern(t)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn intern(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(word, id);
        self.df.push(0);
        self.name_df.push(0);
        id
    }

    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub fn df(&self, word: &str) -> u32 {
        self.id(word).map_or(0, |id| self.df[id as usize])
    }

    pub fn contains(&self, word: &str) -> bool {
        self.ids.contains_key(word)
    }

    /// BM25-style inverse document frequency over the names (a question names its
    /// procedure; legal boilerplate in bodies would make "lao động" look common). A word
    /// in no name weighs by its body frequency; unknown words weigh the most.
    pub fn idf(&self, word: &str) -> f32 {
        let n = self.docs as f32;
        let df = match self.id(word) {
            Some(id) if self.name_df[id as usize] > 0 => self.name_df[id as usize],
            Some(id) => self.df[id as usize],
            None => 0,
        } as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut all: Vec<u32> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}
