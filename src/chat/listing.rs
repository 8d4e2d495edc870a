//! Lists drawn from the whole knowledge base: the fully online procedures (grouped by
//! field, the field named in the question first) and the plans.

use super::message::Message;
use super::render;
use crate::knowledge::{OnlineLevel, Procedure};
use crate::search::{Entry, Searcher};
use crate::text::folded_words;

/// Most procedures listed in the online-services answer.
const MAX_ONLINE_LISTED: usize = 40;

/// The fully online procedures, of the field the question names when it names one.
pub fn online_services(s: &Searcher, question: &str) -> Message {
    let full: Vec<&Procedure> = s
        .entries()
        .iter()
        .filter_map(|e| match e {
            Entry::Procedure(p) if p.online.level == OnlineLevel::Full => Some(p.as_ref()),
            _ => None,
        })
        .collect();
    let chosen = of_named_field(&full, question).unwrap_or(full);
    // Curated (hand-written) procedures first, then imported ones.
    let (imported, curated): (Vec<&Procedure>, Vec<&Procedure>) =
        chosen.into_iter().partition(|p| p.is_imported());
    let ordered: Vec<&Procedure> = curated.into_iter().chain(imported).collect();
    let total = ordered.len();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for p in ordered.into_iter().take(MAX_ONLINE_LISTED) {
        match groups.iter_mut().find(|(f, _)| *f == p.field) {
            Some((_, names)) => names.push(p.name.clone()),
            None => groups.push((p.field.clone(), vec![p.name.clone()])),
        }
    }
    Message::text(render::online_services(&groups, total))
}

/// The procedures whose field the question names in full, when there are any.
fn of_named_field<'a>(procedures: &[&'a Procedure], question: &str) -> Option<Vec<&'a Procedure>> {
    let question_words = folded_words(question);
    let named: Vec<&Procedure> = procedures
        .iter()
        .copied()
        .filter(|p| {
            let field = folded_words(&p.field);
            !field.is_empty() && field.iter().all(|w| question_words.contains(w))
        })
        .collect();
    (!named.is_empty()).then_some(named)
}

/// The titles of the plans, each once, in knowledge-base order.
pub fn plan_titles(s: &Searcher) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for e in s.entries() {
        if let Entry::Plan(p) = e {
            if !titles.contains(&p.plan_title) {
                titles.push(p.plan_title.clone());
            }
        }
    }
    titles
}
