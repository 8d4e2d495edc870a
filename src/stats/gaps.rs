//! Content gaps: the questions the bot declined or answered with a 👎, grouped by what
//! they ask. A question's topic words are its folded words without fillers; its group is
//! named by its two topic words most shared across all gap questions, so questions that
//! share their main words fall together. Biggest group first, each with examples, the
//! count and the procedure nearest to it (the one most often ranked first for them).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::events::{Asked, Vote, VoteRecord};
use crate::search::Outcome;
use crate::text::{folded_words, is_stopword};

/// Examples kept per group.
pub const EXAMPLES: usize = 5;
/// Groups shown.
pub const GROUPS: usize = 30;
/// Shortest topic word.
const MIN_WORD: usize = 2;

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

fn topic_words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    folded_words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= MIN_WORD && !is_stopword(w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// The gap questions: declined ones, and those with a 👎 (each once).
fn gap_questions<'a>(questions: &'a [Asked], votes: &[VoteRecord]) -> Vec<(&'a Asked, bool)> {
    let down: HashSet<(u64, u64)> = votes
        .iter()
        .filter(|v| v.vote == Vote::Down)
        .map(|v| (v.asked.at, v.asked.id))
        .collect();
    questions
        .iter()
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
    questions: &[Asked],
    votes: &[VoteRecord],
    handled: &[String],
    titles: &dyn Fn(&str) -> Option<String>,
) -> Vec<Gap> {
    let gaps = gap_questions(questions, votes);
    let words: Vec<Vec<String>> = gaps
        .iter()
        .map(|(q, _)| topic_words(q.text.as_deref().unwrap_or_default()))
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for list in &words {
        for w in list {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, list) in words.iter().enumerate() {
        let mut ranked: Vec<&String> = list.iter().collect();
        ranked.sort_by(|a, b| df[b.as_str()].cmp(&df[a.as_str()]).then(a.cmp(b)));
        let mut key: Vec<&str> = ranked.iter().take(2).map(|w| w.as_str()).collect();
        key.sort_unstable();
        let key = if key.is_empty() {
            "(không rõ)".to_owned()
        } else {
            key.join(" ")
        };
        groups.entry(key).or_default().push(i);
    }
    let mut out: Vec<Gap> = groups
        .into_iter()
        .map(|(key, members)| gap(key, &members, &gaps, handled, titles))
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    out.truncate(GROUPS);
    out
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
