//! Turning search results into what a citizen reads.
//!
//! [`facet`] spots what the question asks about (fee, documents, online...),
//! [`render`] holds every Vietnamese reply template, and [`answer_question`] is the
//! stateless question → reply step that `ask`, `eval` and the channels share.

pub mod card;
pub mod dialogue;
pub mod engine;
pub mod facet;
pub mod limiter;
pub mod message;
pub mod render;
pub mod replylog;
pub mod state;

use crate::config::BotConfig;
use crate::search::{Confidence, Entry, SearchError, SearchResult, Searcher};

pub use engine::Engine;
pub use facet::Facet;
pub use message::{Button, Incoming, Message};

/// The reply to one question, with the ranked hits behind it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub question: String,
    pub answered: bool,
    pub reply: String,
    pub result: SearchResult,
}

/// Searches and renders one question without conversation state.
pub fn answer_question(
    searcher: &Searcher,
    bot: &BotConfig,
    question: &str,
) -> Result<Answer, SearchError> {
    let facets = Facet::detect(question);
    let query = Facet::topic_query(question, |q| searcher.has_topic(q));
    let result = searcher.search(&query)?;
    let reply = match (result.confidence, result.hits.first()) {
        (Confidence::Answer, Some(top)) => match searcher.entry(top.ord) {
            Entry::Procedure(p) => render::procedure_card(p, &facets, bot, &kb_date(searcher)),
            Entry::Plan(s) => render::plan_section(s),
        },
        (Confidence::Unsure, _) => {
            let titles: Vec<String> = result
                .hits
                .iter()
                .take(3)
                .map(|h| searcher.entry(h.ord).title())
                .collect();
            render::choices(&titles, bot)
        }
        _ => render::no_match(bot),
    };
    Ok(Answer {
        question: question.to_owned(),
        answered: result.confidence == Confidence::Answer,
        reply,
        result,
    })
}

/// The knowledge base version shown to citizens: the serving generation's build date.
pub fn kb_date(searcher: &Searcher) -> String {
    let (y, m, d, ..) = crate::time::vn_datetime(searcher.manifest().built_at);
    format!("{d:02}/{m:02}/{y}")
}
