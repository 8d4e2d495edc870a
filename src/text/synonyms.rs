//! Abbreviations and synonyms from `knowledge/synonyms.toml`, matched on folded words.
//!
//! A group lists terms that stand for each other ("cccd", "căn cước công dân",
//! "thẻ căn cước"). [`Synonyms::find`] spots every term of a question and returns the
//! alternatives the searcher adds to the query.

use serde::{Deserialize, Serialize};

use super::folded_words;

/// One group of interchangeable terms, as written in the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SynonymGroup {
    pub terms: Vec<String>,
}

/// A match of a synonym term inside a question.
#[derive(Debug, Clone, PartialEq)]
pub struct SynonymMatch {
    /// Index of the first matched folded word.
    pub start: usize,
    /// Number of matched words.
    pub len: usize,
    /// The other terms of the group, as folded words.
    pub alternatives: Vec<Vec<String>>,
}

/// All synonym groups, with their terms pre-folded for matching.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
}

impl Synonyms {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let groups = groups
            .iter()
            .map(|g| {
                g.terms
                    .iter()
                    .map(|t| folded_words(t))
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .collect();
        Synonyms { groups }
    }

    /// Finds synonym terms in `words` (folded), longest match first, without overlaps.
    pub fn find(&self, words: &[String]) -> Vec<SynonymMatch> {
        let mut matches = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.longest_at(words, i) {
                Some(m) => {
                    i += m.len;
                    matches.push(m);
                }
                None => i += 1,
            }
        }
        matches
    }

    fn longest_at(&self, words: &[String], start: usize) -> Option<SynonymMatch> {
        let mut best: Option<SynonymMatch> = None;
        for group in &self.groups {
            for (t, term) in group.iter().enumerate() {
                let fits = words[start..].starts_with(term);
                if fits && best.as_ref().is_none_or(|b| term.len() > b.len) {
                    let alternatives = group
                        .iter()
                        .enumerate()
                        .filter(|(o, other)| *o != t && *other != term)
                        .map(|(_, other)| other.clone())
                        .collect();
                    best = Some(SynonymMatch {
                        start,
                        len: term.len(),
                        alternatives,
                    });
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms() -> Synonyms {
        Synonyms::new(&[
            SynonymGroup {
                terms: vec!["cccd".into(), "thẻ căn cước".into()],
            },
            SynonymGroup {
                terms: vec!["đk".into(), "đăng ký".into()],
            },
        ])
    }

    #[test]
    fn finds_abbreviations_with_or_without_diacritics() {
        let words: Vec<String> = ["lam", "lai", "cccd"].map(String::from).to_vec();
        let found = synonyms().find(&words);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start, 2);
        assert_eq!(found[0].alternatives, vec![vec!["the", "can", "cuoc"]]);
        let dk: Vec<String> = ["dk", "khai", "sinh"].map(String::from).to_vec();
        assert_eq!(
            synonyms().find(&dk)[0].alternatives,
            vec![vec!["dang", "ky"]]
        );
    }
}
