//! The decision on a ranked list: answer with the top hit, offer choices, or decline.
//!
//! Two logistic models read the same signals of the top hit: one estimates that the top
//! hit is right (answer), the other that the right procedure is among the choices that
//! would be offered (choices). Their weights and thresholds are fitted on labelled
//! questions by `tthc-bot fit` and embedded from `decision.json`. Two rules sit above the
//! models: a top hit contradicted by a near-duplicate rival is never the answer, and a
//! question that settles none of the deciding words between near-duplicates is asked back.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::ranker::Ranker;
use super::rivals::Rivalry;
use super::searcher::Hit;

/// The learned parameters shipped with the binary.
const EMBEDDED_MODEL: &str = include_str!("decision.json");
/// The margin signal when no hit has another title (a clear winner, not a tie).
const NO_RIVAL_MARGIN: f32 = 10.0;
/// Most choices offered.
pub const MAX_CHOICES: usize = 5;
/// A hit is offered as a choice when its ranking score (log-odds of being right) is
/// within this much of the top's.
const CHOICE_MARGIN: f32 = 3.0;
/// A top hit is a plausible topic for choices when it covers at least this share of the
/// question's topic weight, or shares a written phrase with it: "thời tiết ngày mai" shares
/// only the single syllables "thời" and "mai" with "mai táng … thời kỳ", which is nothing
/// to offer.
pub const PLAUSIBLE_COVERAGE: f32 = 0.35;

/// What the bot does with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The top hit's card.
    Answer,
    /// "Bạn muốn hỏi thủ tục nào ạ?" with 2–5 buttons.
    Choices,
    /// Out of scope or nothing plausible: the hotline.
    Decline,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answer => "answer",
            Outcome::Choices => "choices",
            Outcome::Decline => "decline",
        }
    }
}

/// Names of the model inputs, in order (the first is the constant 1).
pub const SIGNAL_NAMES: [&str; 16] = [
    "bias",
    "top_score",
    "top_share",
    "coverage",
    "phrase",
    "named_share",
    "precision",
    "title_recall",
    "title_phrase",
    "margin",
    "second_coverage",
    "unknown_share",
    "topics",
    "unsettled",
    "asks_about_law",
    "diacritics_typed",
];

/// What the decision reads from the question itself.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QuestionSignals {
    /// Share of the topic weight in words the corpus never uses.
    pub unknown_share: f32,
    /// Number of topic slots.
    pub topics: usize,
    /// Penalties, definitions, legality ([`crate::text::asks_about_law`]).
    pub asks_about_law: bool,
    /// The question was typed with diacritics: its words are less ambiguous.
    pub diacritics_typed: bool,
}

/// The inputs of the decision for one question.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Signals {
    pub values: [f32; SIGNAL_NAMES.len()],
    /// Rule inputs, not model inputs.
    pub contradicted: bool,
    pub unsettled: bool,
}

impl Signals {
    /// Signals of the (settled) head of a ranking. The runner-up is the best hit whose
    /// title differs from the top's (the same procedure at another level is no rival).
    pub fn of(hits: &[Hit], rivalry: &Rivalry, question: &QuestionSignals) -> Signals {
        let top = hits.first();
        let second = rivalry.runner_up.and_then(|j| hits.get(j));
        let get = |h: Option<&Hit>, f: fn(&Hit) -> f32| h.map_or(0.0, f);
        let unsettled = !rivalry.unsettled.is_empty();
        Signals {
            values: [
                1.0,
                get(top, |h| h.score),
                top_share(hits, &rivalry.distinct),
                get(top, |h| h.coverage),
                get(top, |h| h.phrase),
                get(top, |h| h.named_share),
                get(top, |h| h.precision),
                get(top, |h| h.title_recall),
                get(top, |h| h.title_phrase),
                match second {
                    Some(s) => (get(top, |h| h.score) - s.score).max(0.0),
                    None => NO_RIVAL_MARGIN,
                },
                get(second, |h| h.coverage),
                question.unknown_share,
                (1.0 + question.topics as f32).ln(),
                f32::from(u8::from(unsettled)),
                f32::from(u8::from(question.asks_about_law)),
                f32::from(u8::from(question.diacritics_typed)),
            ],
            contradicted: rivalry.contradicted,
            unsettled,
        }
    }

    /// The top hit is something the question could be about (see [`PLAUSIBLE_COVERAGE`]).
    pub fn plausible(&self) -> bool {
        self.values[COVERAGE] >= PLAUSIBLE_COVERAGE || self.values[COVERAGE + 1] > 0.0
    }
}

/// Position of the coverage signal (followed by the phrase signal) in [`SIGNAL_NAMES`].
const COVERAGE: usize = 3;

/// The top's share of the ranking's probability mass over distinct titles (a softmax of
/// the ranking scores): near 1 when one procedure stands out, near 1/n in a tie of n.
fn top_share(hits: &[Hit], distinct: &[usize]) -> f32 {
    let Some(top) = hits.first() else {
        return 0.0;
    };
    let mass: f32 = distinct
        .iter()
        .filter_map(|&j| hits.get(j))
        .map(|h| (h.score - top.score).exp())
        .sum();
    1.0 / mass.max(1.0)
}

/// One logistic model: weights per signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    pub weights: Vec<f32>,
    pub threshold: f32,
}

impl Logistic {
    pub fn probability(&self, signals: &Signals) -> f32 {
        let z: f32 = self
            .weights
            .iter()
            .zip(signals.values)
            .map(|(w, x)| w * x)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }

    pub fn accepts(&self, signals: &Signals) -> bool {
        self.probability(signals) >= self.threshold
    }
}

/// The fitted decision: written by `tthc-bot fit`, embedded at build time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionModel {
    /// Ranking weights of the candidates (before the decision).
    #[serde(default)]
    pub ranker: Ranker,
    /// [`SIGNAL_NAMES`] at fitting time (checked when loading).
    pub signals: Vec<String>,
    pub answer: Logistic,
    pub choices: Logistic,
    /// Where the parameters came from (files, question count, folds).
    #[serde(default)]
    pub fitted_on: String,
}

impl DecisionModel {
    /// The embedded model.
    pub fn embedded() -> &'static DecisionModel {
        static MODEL: OnceLock<DecisionModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            DecisionModel::from_json(EMBEDDED_MODEL).expect("embedded decision.json is valid")
        })
    }

    pub fn from_json(text: &str) -> Result<DecisionModel, String> {
        let model: DecisionModel = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let names: Vec<&str> = model.signals.iter().map(String::as_str).collect();
        let fits = |l: &Logistic| l.weights.len() == SIGNAL_NAMES.len();
        if names != SIGNAL_NAMES
            || !fits(&model.answer)
            || !fits(&model.choices)
            || !model.ranker.is_valid()
        {
            return Err(format!(
                "decision model expects signals {SIGNAL_NAMES:?} (file has {names:?}) with one \
                 weight each, and {} ranker weights",
                super::ranker::RANK_FEATURE_NAMES.len()
            ));
        }
        Ok(model)
    }

    /// The outcome for a question with these signals and this many candidate choices
    /// (the hits [`choice_positions`] would offer). Choices need at least two and a
    /// [plausible](Signals::plausible) top hit.
    pub fn decide(&self, signals: &Signals, candidates: usize) -> Outcome {
        if candidates == 0 {
            Outcome::Decline
        } else if !signals.contradicted && !signals.unsettled && self.answer.accepts(signals) {
            Outcome::Answer
        } else if candidates >= 2 && signals.plausible() && self.choices.accepts(signals) {
            Outcome::Choices
        } else {
            Outcome::Decline
        }
    }
}

/// Positions of the hits offered as choices: the top, the rivals the question did not
/// tell apart from it, then close runners-up; two to [`MAX_CHOICES`] when there are two.
/// A procedure is offered once, at its best-ranked level.
pub fn choice_positions(hits: &[Hit], rivalry: &Rivalry) -> Vec<usize> {
    let Some(top) = hits.first() else {
        return Vec::new();
    };
    let mut chosen = vec![0];
    chosen.extend(rivalry.unsettled.iter().copied());
    for &j in rivalry.distinct.iter().skip(1) {
        if chosen.len() >= MAX_CHOICES {
            break;
        }
        let hit = &hits[j];
        let close = hit.score >= top.score - CHOICE_MARGIN;
        if (close || chosen.len() < 2) && !chosen.contains(&j) {
            chosen.push(j);
        }
    }
    chosen.truncate(MAX_CHOICES);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(score: f32) -> Hit {
        Hit {
            ord: 0,
            score,
            coverage: 0.5,
            named_share: 0.5,
            phrase: 0.5,
            precision: 0.5,
            title_recall: 0.5,
            title_phrase: 0.5,
            features: Default::default(),
        }
    }

    #[test]
    fn embedded_model_loads() {
        let model = DecisionModel::embedded();
        assert_eq!(model.answer.weights.len(), SIGNAL_NAMES.len());
    }

    #[test]
    fn rules_override_the_models() {
        let mut model = DecisionModel::embedded().clone();
        model.answer = Logistic {
            weights: vec![0.0; SIGNAL_NAMES.len()],
            threshold: 0.0,
        };
        let mut signals = Signals::default();
        assert_eq!(model.decide(&signals, 3), Outcome::Answer);
        assert_eq!(model.decide(&signals, 0), Outcome::Decline);
        signals.contradicted = true;
        assert_ne!(model.decide(&signals, 3), Outcome::Answer);
        signals.contradicted = false;
        signals.unsettled = true;
        assert_ne!(model.decide(&signals, 3), Outcome::Answer);
        model.choices.threshold = 0.0;
        assert_eq!(
            model.decide(&signals, 2),
            Outcome::Decline,
            "nothing plausible to offer"
        );
        signals.values[COVERAGE] = PLAUSIBLE_COVERAGE;
        assert_eq!(model.decide(&signals, 2), Outcome::Choices);
        assert_eq!(
            model.decide(&signals, 1),
            Outcome::Decline,
            "one choice is no choice"
        );
    }

    #[test]
    fn choices_take_close_hits_and_at_least_two() {
        let all_distinct = |n: usize| Rivalry {
            distinct: (0..n).collect(),
            ..Rivalry::default()
        };
        let hits: Vec<Hit> = [1.0, 0.0, -0.5, -3.0, -4.0].into_iter().map(hit).collect();
        assert_eq!(choice_positions(&hits, &all_distinct(5)), vec![0, 1, 2]);
        let far: Vec<Hit> = [1.0, -3.0, -4.0].into_iter().map(hit).collect();
        assert_eq!(choice_positions(&far, &all_distinct(3)), vec![0, 1]);
        let rivalry = Rivalry {
            unsettled: vec![4],
            ..all_distinct(5)
        };
        assert_eq!(choice_positions(&hits, &rivalry), vec![0, 4, 1, 2]);
        assert!(choice_positions(&[], &rivalry).is_empty());
    }

    #[test]
    fn a_procedure_is_offered_once_whatever_its_levels() {
        // Hit 1 is the top's procedure at another level: not a choice of its own.
        let hits: Vec<Hit> = [1.0, 0.9, 0.0, -0.5].into_iter().map(hit).collect();
        let rivalry = Rivalry {
            distinct: vec![0, 2, 3],
            ..Rivalry::default()
        };
        assert_eq!(choice_positions(&hits, &rivalry), vec![0, 2, 3]);
    }
}
