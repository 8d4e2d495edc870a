//! The search index: building generations, the serving pointer, and ranked answers.
//!
//! [`build`] writes a complete new generation under `index/` and then switches the
//! `CURRENT` pointer atomically; [`Searcher`] opens the serving generation and answers a
//! question with ranked [`Hit`]s and a [`decision`]: answer, choices or decline.

mod build;
pub mod decision;
mod entry;
mod error;
mod generation;
mod live;
mod matching;
mod query;
pub mod ranker;
mod rivals;
mod schema;
mod searcher;
mod shared;
mod spelling;
mod titles;
mod vocab;

pub use build::{build, build_knowledge, build_with_progress, checksum_of, BuildReport};
pub use decision::{DecisionModel, Outcome, Signals};
pub use entry::{Entry, EntryKind};
pub use error::SearchError;
pub use generation::{current_generation, list_generations, rollback, Manifest};
pub use live::LiveSearcher;
pub use ranker::{RankFeatures, Ranker, RANK_FEATURE_NAMES};
pub use searcher::{Hit, SearchResult, Searcher};
pub use shared::SharedGeneration;
