//! Scoring a question file (`../shared/eval/dev.jsonl` format) against the searcher.
//!
//! A hit matches when some `expect` string is a substring of its folded title, no `not`
//! string is, and its kind is `kind` when given. `expect: null` means the bot must decline.

use serde::Deserialize;

use crate::chat::Answer;
use crate::search::Entry;
use crate::text::{fold, normalize};

/// One evaluation question.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    pub expect: Option<Vec<String>>,
    #[serde(default)]
    pub not: Vec<String>,
    pub kind: Option<String>,
}

/// Parses JSONL; blank lines are skipped, a bad line is reported with its number.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// The folded form titles are compared in.
pub fn fold_text(s: &str) -> String {
    normalize(s)
        .split(' ')
        .map(fold)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Case {
    /// Whether `entry` is a right answer for this case.
    pub fn matches(&self, entry: &Entry) -> bool {
        let Some(expect) = &self.expect else {
            return false;
        };
        let title = fold_text(&entry.title());
        let kind_ok = self
            .kind
            .as_deref()
            .is_none_or(|k| k == entry.kind().as_str());
        kind_ok
            && expect.iter().any(|e| title.contains(&fold_text(e)))
            && !self.not.iter().any(|n| title.contains(&fold_text(n)))
    }
}

/// Outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub top1: bool,
    pub top3: bool,
    pub answered: bool,
    pub top_title: Option<String>,
}

impl Outcome {
    /// Answered, but wrongly (or answered a question that had to be declined).
    pub fn false_answer(&self) -> bool {
        self.answered && !self.top1
    }

    pub fn correct(&self) -> bool {
        match self.case.expect {
            None => !self.answered,
            Some(_) => self.top1 && self.answered,
        }
    }
}

pub fn score(case: Case, answer: &Answer, entries: &[Entry]) -> Outcome {
    let hit_entries: Vec<&Entry> = answer.result.hits.iter().map(|h| &entries[h.ord]).collect();
    let top1 = hit_entries.first().is_some_and(|e| case.matches(e));
    let top3 = hit_entries.iter().take(3).any(|e| case.matches(e));
    Outcome {
        top1,
        top3,
        answered: answer.answered,
        top_title: hit_entries.first().map(|e| e.title()),
        case,
    }
}

/// Totals over a question set.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub questions: usize,
    pub answerable: usize,
    pub top1: usize,
    pub top3: usize,
    pub false_answers: usize,
    pub correct: usize,
}

impl Summary {
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let answerable: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| o.case.expect.is_some())
            .collect();
        Summary {
            questions: outcomes.len(),
            answerable: answerable.len(),
            top1: answerable.iter().filter(|o| o.top1).count(),
            top3: answerable.iter().filter(|o| o.top3).count(),
            false_answers: outcomes.iter().filter(|o| o.false_answer()).count(),
            correct: outcomes.iter().filter(|o| o.correct()).count(),
        }
    }

    fn ratio(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            n as f64 / d as f64
        }
    }

    pub fn top1_rate(&self) -> f64 {
        Self::ratio(self.top1, self.answerable)
    }

    pub fn top3_rate(&self) -> f64 {
        Self::ratio(self.top3, self.answerable)
    }

    pub fn false_answer_rate(&self) -> f64 {
        Self::ratio(self.false_answers, self.questions)
    }

    pub fn accuracy(&self) -> f64 {
        Self::ratio(self.correct, self.questions)
    }
}
