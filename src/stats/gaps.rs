//! Content gaps: the questions the bot declined or answered with a 👎, grouped by what
//! they ask. A question's topic words are its folded words without fillers; a question
//! joins the group whose first question shares at least half of the topic words of the
//! shorter of the two, and a
//! group is named by its most frequent words. Biggest group first, each with examples,
//! the count and the procedure nearest to it (the one most often ranked first for them).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::events::{Asked, Vote, VoteRecord};
use crate::search::Outcome;
use crate::text::{fold, is_stopword};

/// Examples kept per group.
pub const EXAMPLES: usize = 5;
/// Groups shown.
pub const GROUPS: usize = 30;
/// Shortest topic word.
const MIN_WORD: usize = 2;
/// Part of the shorter question's topic words two questions share to fall together.
const SHARED: f64 = 0.5;
/// Most words in a group's name.
const NAME_WORDS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The group's name and key: its shared topic words ("the tam tru").
    pub key: String,
    pub count: usize,
    pub declined: usize,
    pub voted_down: usize,
    /// Masked question texts, the first ones asked.
    pub examples: Vec<String>,
    /// The procedure most often ranked first for these questions (id, title).
    pub nearest: Option<(String, String)>,
    /// Staff marked it handled (an alias or a new procedure was added).
    pub handled: bool,
}

/// The folded words of `text` without fillers, numbers and one-letter words, each
/// once. Folding removes the tone marks, so their placement needs no normalising first.
fn topic_words(text: &str) -> Vec<String> {
    let folded = fold(&text.to_lowercase());
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        let keep = w.chars().count() >= MIN_WORD
            && !is_stopword(w)
            && !w.chars().all(|c| c.is_ascii_digit())
            && !words.iter().any(|seen| seen == w);
        if keep {
            words.push(w.to_owned());
        }
    }
    words
}

/// The gap questions: declined ones, and those with a 👎 (each once).
fn gap_questions<'a>(questions: &[&'a Asked], votes: &[VoteRecord]) -> Vec<(&'a Asked, bool)> {
    let down: HashSet<(u64, u64)> = votes
        .iter()
        .filter(|v| v.vote == Vote::Down)
        .map(|v| (v.asked.at, v.asked.id))
        .collect();
    questions
        .iter()
        .copied()
        .filter(|q| q.text.is_some())
        .filter_map(|q| {
            let voted_down = down.contains(&(q.at, q.id));
            (q.outcome == Outcome::Decline || voted_down).then_some((q, voted_down))
        })
        .collect()
}

/// The groups of the period's gap questions, biggest first; groups whose key is in
/// `handled` are marked so.
pub fn content_gaps(
    questions: &[&Asked],
    votes: &[VoteRecord],
    handled: &[String],
    titles: &dyn Fn(&str) -> Option<String>,
) -> Vec<Gap> {
    let gaps = gap_questions(questions, votes);
    let words: Vec<Vec<String>> = gaps
        .iter()
        .map(|(q, _)| topic_words(q.text.as_deref().unwrap_or_default()))
        .collect();
    let mut out: Vec<Gap> = cluster(&words)
        .into_iter()
        .map(|members| gap(name(&members, &words), &members, &gaps, handled, titles))
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    out.truncate(GROUPS);
    out
}

/// Groups of question indices. Each question joins the group whose first question
/// shares the largest part of the shorter one's topic words, at least [`SHARED`];
/// otherwise it starts a group. Candidates come from a word index, so a question is
/// compared only with groups it shares a word with.
fn cluster(words: &[Vec<String>]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, list) in words.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in list {
            for &g in by_word.get(w.as_str()).into_iter().flatten() {
                *shared.entry(g).or_default() += 1;
            }
        }
        let best = shared
            .into_iter()
            .map(|(g, n)| {
                let seed = words[groups[g][0]].len();
                (g, n as f64 / list.len().min(seed).max(1) as f64)
            })
            .filter(|(_, part)| *part >= SHARED)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((g, _)) => groups[g].push(i),
            None => {
                for w in list {
                    by_word.entry(w).or_default().push(groups.len());
                }
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// A group's name: its most frequent topic words (ties alphabetical), at most
/// [`NAME_WORDS`].
fn name(members: &[usize], words: &[Vec<String>]) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &i in members {
        for w in &words[i] {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut named: Vec<&str> = ranked.iter().take(NAME_WORDS).map(|(w, _)| *w).collect();
    named.sort_unstable();
    if named.is_empty() {
        "(không rõ)".to_owned()
    } else {
        named.join(" ")
    }
}

fn gap(
    key: String,
    members: &[usize],
    gaps: &[(&Asked, bool)],
    handled: &[String],
    titles: &dyn Fn(&str) -> Option<String>,
) -> Gap {
    let mut nearest: HashMap<&str, usize> = HashMap::new();
    for &i in members {
        if let Some(p) = gaps[i].0.procedure.as_deref() {
            *nearest.entry(p).or_default() += 1;
        }
    }
    let nearest = nearest
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| (id.to_owned(), titles(id).unwrap_or_else(|| id.to_owned())));
    Gap {
        handled: handled.contains(&key),
        count: members.len(),
        declined: members
            .iter()
            .filter(|&&i| gaps[i].0.outcome == Outcome::Decline)
            .count(),
        voted_down: members.iter().filter(|&&i| gaps[i].1).count(),
        examples: members
            .iter()
            .take(EXAMPLES)
            .filter_map(|&i| gaps[i].0.text.clone())
            .collect(),
        nearest,
        key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| topic_words(t)).collect()
    }

    #[test]
    fn questions_sharing_their_main_words_fall_together() {
        let words = lists(&[
            "đăng ký tạm trú cho người nước ngoài thuê nhà",
            "làm giấy khai sinh",
            "người nước ngoài đăng ký tạm trú ở đâu",
            "khai báo tạm trú người nước ngoài online",
            "giấy khai sinh bản sao",
        ]);
        let groups = cluster(&words);
        assert_eq!(groups, vec![vec![0, 2, 3], vec![1, 4]]);
        assert_eq!(name(&groups[1], &words), "giay khai sinh");
        assert_eq!(name(&groups[0], &words), "ngoai nguoi nuoc tam tru");
    }
}
