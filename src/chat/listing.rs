//! Lists drawn from the whole knowledge base: the fully online procedures (grouped by
//! field, the field named in the question first) and the plans.

use super::message::Message;
use super::render;
use crate::knowledge::{OnlineLevel, Procedure};
use crate::search::{Entry, Searcher};
use crate::text::folded_words;

/// Most procedures listed in the online-services answer.
const MAX_ONLINE_LISTED: usize = 40;
/// Of those, the first ones also offered as buttons (a tap opens the card).
const MAX_ONLINE_BUTTONS: usize = 12;

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
    let listed: Vec<&Procedure> = ordered.into_iter().take(MAX_ONLINE_LISTED).collect();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for p in &listed {
        match groups.iter_mut().find(|(f, _)| *f == p.field) {
            Some((_, names)) => names.push(p.name.clone()),
            None => groups.push((p.field.clone(), vec![p.name.clone()])),
        }
    }
    let offered: Vec<(String, String)> = listed
        .iter()
        .take(MAX_ONLINE_BUTTONS)
        .map(|p| (p.name.clone(), p.id.clone()))
        .collect();
    Message::with_buttons(
        render::online_services(&groups, total),
        render::open_buttons(&offered),
    )
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

/// The plans, each once in knowledge-base order: (title, id of its first section).
pub fn plans(s: &Searcher) -> Vec<(String, String)> {
    let mut plans: Vec<(String, String)> = Vec::new();
    for e in s.entries() {
        if let Entry::Plan(p) = e {
            if !plans.iter().any(|(t, _)| *t == p.plan_title) {
                plans.push((p.plan_title.clone(), p.id.clone()));
            }
        }
    }
    plans
}

/// The plans list, each plan a button that opens its beginning.
pub fn plans_message(s: &Searcher) -> Message {
    let plans = plans(s);
    let titles: Vec<String> = plans.iter().map(|(t, _)| t.clone()).collect();
    Message::with_buttons(render::plan_list(&titles), render::open_buttons(&plans))
}
