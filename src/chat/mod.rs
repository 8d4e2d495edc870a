//! Turning search results into what a citizen reads.
//!
//! [`facet`] spots what the question asks about (fee, documents, online...),
//! [`render`] holds every Vietnamese reply template, [`smalltalk`] tells thanks and
//! greetings from questions, [`place`] reads the citizen's commune or ward, [`input`]
//! readies what the user typed. [`decide`] is the stateless question → decision step that
//! `ask`, `eval` and every channel share; [`answer_question`] renders it as one text.

pub mod dialogue;
pub mod dossier;
pub mod engine;
pub mod facet;
pub mod input;
pub mod intent;
pub mod listing;
pub mod lookup;
pub mod mask;
pub mod message;
pub mod payload;
pub mod place;
pub mod ratings;
pub mod render;
pub mod replylog;
pub mod satisfaction;
pub mod smalltalk;
pub mod state;
pub mod turn;

use crate::config::BotConfig;
use crate::search::decision::PLAUSIBLE_COVERAGE;
use crate::search::{DecisionModel, Entry, Hit, Outcome, SearchError, SearchResult, Searcher};

pub use engine::Engine;
pub use facet::Facet;
pub use message::{Button, Incoming, Message};
pub use payload::Payload;
pub use smalltalk::SmallTalk;

/// The decision on one question, before it is rendered for a channel. `ask`, `eval` and
/// every channel reach it through [`decide`], so they decide alike.
#[derive(Debug, Clone)]
pub struct Decided {
    /// Parts of a procedure the question asks about.
    pub facets: Vec<Facet>,
    /// Set when the message is small talk rather than a question.
    pub small_talk: Option<SmallTalk>,
    /// The question names some topic (not only fillers such as "cho mình hỏi").
    pub has_topic: bool,
    pub result: SearchResult,
}

impl Decided {
    pub fn outcome(&self) -> Outcome {
        self.result.outcome
    }

    /// The answering hit when the outcome is an answer.
    pub fn answer(&self) -> Option<&Hit> {
        (self.outcome() == Outcome::Answer)
            .then(|| self.result.hits.first())
            .flatten()
    }

    /// A declined question that names nothing the knowledge base is about ("giá vàng"):
    /// the reply gives the hotline without pushing a feedback ticket.
    pub fn off_topic(&self) -> bool {
        self.has_topic
            && self.outcome() == Outcome::Decline
            && self
                .result
                .hits
                .first()
                .is_none_or(|h| h.coverage < PLAUSIBLE_COVERAGE)
    }
}

/// Small talk, or the search and decision on a question (facet cues left out of the search
/// when a topic remains).
pub fn decide(searcher: &Searcher, question: &str) -> Result<Decided, SearchError> {
    if let Some(kind) = smalltalk::detect(question) {
        return Ok(Decided {
            facets: Vec::new(),
            small_talk: Some(kind),
            has_topic: false,
            result: SearchResult::empty(),
        });
    }
    let (query, stripped) = topic_query(searcher, question);
    let result = searcher.search_with(&query, question, DecisionModel::embedded())?;
    Ok(Decided {
        facets: Facet::detect_in(question, &|run| searcher.names_run(run)),
        small_talk: None,
        // A question whose cues were stripped kept a topic; otherwise the search of the
        // whole question tells.
        has_topic: stripped || result.has_topic,
        result,
    })
}

/// What is searched for a question: without its facet cues when a topic remains.
pub fn search_query(searcher: &Searcher, question: &str) -> String {
    topic_query(searcher, question).0
}

/// The search query, and whether it is the question without its facet cues (then it
/// names a topic).
fn topic_query(searcher: &Searcher, question: &str) -> (String, bool) {
    let query = Facet::topic_query(question, |q| searcher.has_topic(q), &|run| {
        searcher.names_run(run)
    });
    let stripped = query != question;
    (query, stripped)
}

/// The reply to one question, with the decision behind it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub question: String,
    pub outcome: Outcome,
    /// True exactly when the outcome is an answer.
    pub answered: bool,
    pub reply: String,
    pub result: SearchResult,
}

/// Searches, decides and renders one question without conversation state.
pub fn answer_question(
    searcher: &Searcher,
    bot: &BotConfig,
    question: &str,
) -> Result<Answer, SearchError> {
    let decided = decide(searcher, question)?;
    let reply = reply_text(searcher, bot, &decided);
    Ok(Answer {
        question: question.to_owned(),
        outcome: decided.outcome(),
        answered: decided.outcome() == Outcome::Answer,
        reply,
        result: decided.result,
    })
}

fn reply_text(searcher: &Searcher, bot: &BotConfig, decided: &Decided) -> String {
    if let Some(kind) = decided.small_talk {
        return render::small_talk(kind, bot);
    }
    match decided.answer().map(|top| searcher.entry(top.ord)) {
        Some(Entry::Procedure(p)) => {
            render::procedure_card(p, &decided.facets, bot, &kb_date(searcher))
        }
        Some(Entry::Plan(s)) => render::plan_section(s),
        None => unanswered_message(searcher, bot, decided).text,
    }
}

/// The reply when the decision is not an answer: choices, a question back, or a decline.
pub fn unanswered_message(searcher: &Searcher, bot: &BotConfig, decided: &Decided) -> Message {
    match decided.outcome() {
        Outcome::Choices => {
            let offered: Vec<(String, String)> = decided
                .result
                .choice_hits()
                .map(|h| searcher.entry(h.ord))
                .map(|e| (e.title(), e.id().to_owned()))
                .collect();
            render::choices_message(&offered, bot)
        }
        _ if !decided.has_topic => Message::text(render::ask_for_topic(bot)),
        _ if decided.off_topic() => render::off_topic_message(bot),
        _ => render::no_match_message(bot),
    }
}

/// The knowledge base version shown to citizens: the serving generation's build date.
pub fn kb_date(searcher: &Searcher) -> String {
    crate::time::vn_date(searcher.manifest().built_at)
}
