//! The ranking score of a candidate: a weighted sum of its re-ranking features.
//!
//! The weights are fitted by `tthc-bot fit` (a conditional logit of "the right candidates
//! come first" over the candidates of labelled questions, then a bias that makes a score
//! the log-odds of being right) and shipped in `decision.json`; the default reproduces the
//! hand-set mix used before fitting.

use serde::{Deserialize, Serialize};

use super::matching::Features;

/// Names of the ranking features, in order (the first is the constant 1).
pub const RANK_FEATURE_NAMES: [&str; 11] = [
    "bias",
    "bm25",
    "coverage",
    "precision",
    "residual",
    "phrase",
    "named_share",
    "title_recall",
    "title_phrase",
    "lead_fits",
    "mark_fits",
];

/// Positions of `lead_fits` and `mark_fits` in [`RANK_FEATURE_NAMES`].
const LEAD_FITS: usize = 9;
const MARK_FITS: usize = 10;

/// One candidate's ranking features.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RankFeatures(pub [f32; RANK_FEATURE_NAMES.len()]);

impl RankFeatures {
    /// `bm25` is relative to the best candidate's BM25 score.
    pub fn of(bm25: f32, f: &Features) -> RankFeatures {
        RankFeatures([
            1.0,
            bm25,
            f.coverage,
            f.precision,
            f.residual,
            f.phrase,
            f.named_share,
            f.title_recall,
            f.title_phrase,
            f.lead_fits,
            f.mark_fits,
        ])
    }

    /// The candidate's name fits the action the question asks for: it opens with no
    /// marked action the question leaves out, and holds one of the marked actions the
    /// question names, if any (`lead_fits` and `mark_fits` both 1).
    pub fn action_fits(&self) -> bool {
        self.0[LEAD_FITS] > 0.0 && self.0[MARK_FITS] > 0.0
    }
}

/// Weights of the ranking features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranker {
    pub weights: Vec<f32>,
}

impl Default for Ranker {
    /// BM25 (relative to the best) 0.35, coverage 0.5, title precision 0.15; residual
    /// body coverage and whole phrases in the name 0.1 each.
    fn default() -> Ranker {
        Ranker {
            weights: vec![0.0, 0.35, 0.5, 0.15, 0.1, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0],
        }
    }
}

impl Ranker {
    pub fn score(&self, features: &RankFeatures) -> f32 {
        self.weights
            .iter()
            .zip(features.0)
            .map(|(w, x)| w * x)
            .sum()
    }

    pub fn is_valid(&self) -> bool {
        self.weights.len() == RANK_FEATURE_NAMES.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_positions_name_their_features() {
        assert_eq!(RANK_FEATURE_NAMES[LEAD_FITS], "lead_fits");
        assert_eq!(RANK_FEATURE_NAMES[MARK_FITS], "mark_fits");
    }
}
