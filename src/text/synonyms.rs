//! Abbreviations and synonyms from `knowledge/synonyms.toml`, matched on folded words.
//!
//! A group lists terms that stand for each other ("cccd", "căn cước công dân",
//! "thẻ căn cước"). [`Synonyms::find`] spots every term of a question and returns the
//! alternatives the searcher adds to the query.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::folded_words;

/// One group of interchangeable terms, as written in the knowledge base.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SynonymGroup {
    pub terms: Vec<String>,
    /// One way: what each term also means, without the meanings standing for the terms
    /// ("thất lạc" means "cấp lại" when asked about a card; "cấp lại" does not mean
    /// "thất lạc").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub means: Vec<String>,
    /// The group holds only when the question also says one of these, anywhere else
    /// ("giấy khai sinh … bị mất … xin cấp lại": a lost birth certificate is registered
    /// again). Such a group is preferred to a plain one matching as many words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<String>,
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

/// One group's terms and one-way meanings, folded.
#[derive(Debug, Clone, Default)]
struct FoldedGroup {
    terms: Vec<Vec<String>>,
    means: Vec<Vec<String>>,
    when: Vec<Vec<String>>,
}

/// All synonym groups, with their terms pre-folded for matching.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<FoldedGroup>,
    /// (group, term) positions of every term, by the term's first word, in group order.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let fold_all = |terms: &[String]| -> Vec<Vec<String>> {
            terms
                .iter()
                .map(|t| folded_words(t))
                .filter(|w| !w.is_empty())
                .collect()
        };
        let groups: Vec<FoldedGroup> = groups
            .iter()
            .map(|g| FoldedGroup {
                terms: fold_all(&g.terms),
                means: fold_all(&g.means),
                when: fold_all(&g.when),
            })
            .collect();
        let mut by_first_word: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            for (t, term) in group.terms.iter().enumerate() {
                by_first_word
                    .entry(term[0].clone())
                    .or_default()
                    .push((g, t));
            }
        }
        Synonyms {
            groups,
            by_first_word,
        }
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
        let candidates = self.by_first_word.get(&words[start])?;
        // Longest term first; at equal length, a group that depends on its context.
        let rank = |g: usize, t: usize| {
            let group = &self.groups[g];
            (group.terms[t].len(), !group.when.is_empty())
        };
        let mut best: Option<(usize, usize)> = None;
        for &(g, t) in candidates {
            let term = &self.groups[g].terms[t];
            let better = best.is_none_or(|(bg, bt)| rank(g, t) > rank(bg, bt));
            if better
                && words[start..].starts_with(term)
                && self.holds(g, words, start..start + term.len())
            {
                best = Some((g, t));
            }
        }
        best.map(|(g, t)| self.match_of(g, t, start))
    }

    /// Group `g` applies to a term at `span`: it has no context, or the question says one
    /// of its context terms outside the span.
    fn holds(&self, g: usize, words: &[String], span: std::ops::Range<usize>) -> bool {
        let when = &self.groups[g].when;
        when.is_empty()
            || when.iter().any(|term| {
                words.windows(term.len()).enumerate().any(|(i, w)| {
                    w == term.as_slice() && (i + term.len() <= span.start || i >= span.end)
                })
            })
    }

    /// The match of term `t` of group `g` at `start`, with the group's other terms.
    fn match_of(&self, g: usize, t: usize, start: usize) -> SynonymMatch {
        let group = &self.groups[g];
        let term = &group.terms[t];
        let alternatives = group
            .terms
            .iter()
            .enumerate()
            .filter(|(o, other)| *o != t && *other != term)
            .map(|(_, other)| other)
            .chain(&group.means)
            .cloned()
            .collect();
        SynonymMatch {
            start,
            len: term.len(),
            alternatives,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms() -> Synonyms {
        Synonyms::new(&[
            SynonymGroup {
                terms: vec!["cccd".into(), "thẻ căn cước".into()],
                ..SynonymGroup::default()
            },
            SynonymGroup {
                terms: vec!["đk".into(), "đăng ký".into()],
                ..SynonymGroup::default()
            },
            SynonymGroup {
                terms: vec!["thất lạc".into()],
                means: vec!["cấp lại".into()],
                ..SynonymGroup::default()
            },
            SynonymGroup {
                terms: vec!["khai sinh".into(), "giấy khai sinh".into()],
                ..SynonymGroup::default()
            },
            SynonymGroup {
                terms: vec!["giấy khai sinh".into(), "khai sinh".into()],
                means: vec!["đăng ký lại khai sinh".into()],
                when: vec!["bị mất".into(), "cấp lại".into()],
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

    #[test]
    fn one_way_meanings_do_not_stand_for_their_terms() {
        let lost: Vec<String> = ["the", "that", "lac"].map(String::from).to_vec();
        assert_eq!(
            synonyms().find(&lost)[0].alternatives,
            vec![vec!["cap", "lai"]]
        );
        let reissue: Vec<String> = ["cap", "lai", "the"].map(String::from).to_vec();
        assert!(synonyms().find(&reissue).is_empty());
    }

    #[test]
    fn a_group_with_a_context_holds_only_with_it() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let again = words("giay khai sinh cua con bi mat xin cap lai");
        let found = synonyms().find(&again);
        assert_eq!((found[0].start, found[0].len), (0, 3));
        let lost_again = vec![words("khai sinh"), words("dang ky lai khai sinh")];
        assert_eq!(found[0].alternatives, lost_again);
        let first = synonyms().find(&words("lam giay khai sinh cho con"));
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].alternatives, vec![words("khai sinh")]);
        let lost_before = synonyms().find(&words("bi mat khai sinh"));
        assert_eq!(
            lost_before[0].alternatives.len(),
            2,
            "context before the term"
        );
    }
}
