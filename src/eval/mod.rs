//! Scoring a question file (`../shared/eval/dev.jsonl` format) against the searcher, and
//! fitting the decision model on such files ([`fit`]).
//!
//! A hit matches when some `expect` string is a substring of its folded title, no `not`
//! string is, and its kind is `kind` when given. `expect: null` means the bot must decline.
//! Figures: top-1 (right procedure ranked first), direct (answer card, right), shown (right
//! procedure answered or among the choices), false answers (answer cards for a wrong
//! procedure or for a question to decline, share of all), declined (questions to decline
//! not answered).

pub mod fit;
mod logistic;
mod softmax;

use serde::Deserialize;

use crate::chat::Answer;
use crate::search::{Entry, Outcome, SearchResult};
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

/// How the bot did on one case.
#[derive(Debug, Clone)]
pub struct Scored {
    pub case: Case,
    pub outcome: Outcome,
    /// The right procedure ranked first.
    pub top1: bool,
    pub top3: bool,
    /// The right procedure among the choices offered.
    pub in_choices: bool,
    pub top_title: Option<String>,
}

impl Scored {
    pub fn answerable(&self) -> bool {
        self.case.expect.is_some()
    }

    pub fn answered(&self) -> bool {
        self.outcome == Outcome::Answer
    }

    /// The answer card, for the right procedure.
    pub fn direct(&self) -> bool {
        self.answered() && self.top1
    }

    /// The right procedure answered or offered as a choice.
    pub fn shown(&self) -> bool {
        self.direct() || (self.outcome == Outcome::Choices && self.in_choices)
    }

    /// An answer card for a wrong procedure, or for a question to decline.
    pub fn false_answer(&self) -> bool {
        self.answered() && !self.top1
    }

    /// Right as a whole: answered right, or not answered when it had to be declined.
    pub fn correct(&self) -> bool {
        if self.answerable() {
            self.direct()
        } else {
            !self.answered()
        }
    }
}

/// Scores the ranked hits and the decision on one case.
pub fn score(case: Case, answer: &Answer, entries: &[Entry]) -> Scored {
    score_result(case, &answer.result, answer.outcome, entries)
}

/// Scores a search result under a given outcome (the fitting tries several).
pub fn score_result(
    case: Case,
    result: &SearchResult,
    outcome: Outcome,
    entries: &[Entry],
) -> Scored {
    let hit_entries: Vec<&Entry> = result.hits.iter().map(|h| &entries[h.ord]).collect();
    let in_choices = result
        .candidates
        .iter()
        .any(|&j| case.matches(hit_entries[j]));
    Scored {
        top1: hit_entries.first().is_some_and(|e| case.matches(e)),
        top3: hit_entries.iter().take(3).any(|e| case.matches(e)),
        in_choices,
        outcome,
        top_title: hit_entries.first().map(|e| e.title()),
        case,
    }
}

/// Totals over a question set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub questions: usize,
    pub answerable: usize,
    pub top1: usize,
    pub top3: usize,
    pub direct: usize,
    pub shown: usize,
    pub false_answers: usize,
    /// Questions to decline that were not answered.
    pub declined: usize,
    /// Questions to decline whose outcome was a decline (no choices either).
    pub declined_outright: usize,
    pub correct: usize,
}

impl Summary {
    pub fn of(scored: &[Scored]) -> Summary {
        let count = |f: &dyn Fn(&Scored) -> bool| scored.iter().filter(|s| f(s)).count();
        Summary {
            questions: scored.len(),
            answerable: count(&|s| s.answerable()),
            top1: count(&|s| s.answerable() && s.top1),
            top3: count(&|s| s.answerable() && s.top3),
            direct: count(&|s| s.answerable() && s.direct()),
            shown: count(&|s| s.answerable() && s.shown()),
            false_answers: count(&|s| s.false_answer()),
            declined: count(&|s| !s.answerable() && !s.answered()),
            declined_outright: count(&|s| !s.answerable() && s.outcome == Outcome::Decline),
            correct: count(&|s| s.correct()),
        }
    }

    fn ratio(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            n as f64 / d as f64
        }
    }

    fn out_of_scope(&self) -> usize {
        self.questions - self.answerable
    }

    pub fn top1_rate(&self) -> f64 {
        Self::ratio(self.top1, self.answerable)
    }

    pub fn top3_rate(&self) -> f64 {
        Self::ratio(self.top3, self.answerable)
    }

    pub fn direct_rate(&self) -> f64 {
        Self::ratio(self.direct, self.answerable)
    }

    pub fn shown_rate(&self) -> f64 {
        Self::ratio(self.shown, self.answerable)
    }

    pub fn false_answer_rate(&self) -> f64 {
        Self::ratio(self.false_answers, self.questions)
    }

    pub fn declined_rate(&self) -> f64 {
        Self::ratio(self.declined, self.out_of_scope())
    }

    pub fn declined_outright_rate(&self) -> f64 {
        Self::ratio(self.declined_outright, self.out_of_scope())
    }

    pub fn accuracy(&self) -> f64 {
        Self::ratio(self.correct, self.questions)
    }

    /// One line with every figure.
    pub fn line(&self) -> String {
        format!(
            "questions: {}  answerable: {}  top-1: {:.3}  top-3: {:.3}  direct: {:.3}  shown: {:.3}  \
             false answers: {:.3}  declined: {:.3} (outright {:.3})  accuracy: {:.3}",
            self.questions,
            self.answerable,
            self.top1_rate(),
            self.top3_rate(),
            self.direct_rate(),
            self.shown_rate(),
            self.false_answer_rate(),
            self.declined_rate(),
            self.declined_outright_rate(),
            self.accuracy()
        )
    }
}
