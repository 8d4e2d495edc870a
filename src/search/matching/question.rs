//! A question as vocabulary ids, looked up once per search: its slots and their forms,
//! the pairs joining adjacent slots, the words and pairs it names, and the marked actions
//! it asks for.

use crate::search::query::{QueryPlan, Slot};
use crate::search::vocab::Vocab;
use crate::text::{
    accented_mark, bigrams, is_stopword, marked_in, names_action, repeats, BIGRAM_JOIN,
};

/// One way to say a slot, as ids; `None` when a word or bigram is not in the corpus.
#[derive(PartialEq)]
pub(super) struct FormIds {
    pub(super) words: Option<Vec<u32>>,
    pub(super) bigrams: Option<Vec<u32>>,
    /// Two or more words: can be matched as a phrase.
    pub(super) phrase: bool,
}

pub(super) struct SlotIds {
    pub(super) forms: Vec<FormIds>,
    pub(super) stop: bool,
    pub(super) weight: f32,
    /// One word as typed: a joining bigram stands for all of it. A phrase slot
    /// ("giấy khai sinh") is matched only whole, never through the bigram it shares with a
    /// neighbour ("lại giấy").
    pub(super) single: bool,
}

/// The bigram joining two adjacent topic slots ("ky" + "khai" → "ky_khai").
pub(super) enum Join {
    /// A stop word on either side: no pair.
    None,
    /// A pair the corpus never writes.
    Unknown,
    Known(u32),
}

/// A question's slots as vocabulary ids.
pub struct QuestionIds {
    pub(super) slots: Vec<SlotIds>,
    /// For each slot, an earlier slot said the same ways ("lao động" asked twice): its
    /// credit is the same for every entry.
    pub(super) same_as: Vec<Option<usize>>,
    /// One per adjacent pair of slots.
    pub(super) joins: Vec<Join>,
    /// Sorted ids of every folded word of every form (for title precision).
    pub named: Vec<u32>,
    /// Sorted ids of the bigrams the question writes: adjacent typed words and the
    /// bigrams inside each synonym alternative (for deciding words).
    pub bigrams: Vec<u32>,
    /// The question asks for some action ([`crate::text::names_action`]); a bare object
    /// makes no marked action less likely.
    pub asks_action: bool,
    /// The marked actions the question names ("gia hạn", "cấp lại"), typed or as a
    /// synonym's alternative, each as [`mark_ids`].
    pub marks: Vec<Vec<u32>>,
    /// One of the marked actions the question names is doing something again
    /// ([`crate::text::repeats`]).
    pub asks_again: bool,
}

impl QuestionIds {
    pub fn new(plan: &QueryPlan, vocab: &Vocab) -> QuestionIds {
        let all_ids = |items: &[String]| items.iter().map(|w| vocab.id(w)).collect();
        let slots: Vec<SlotIds> = plan
            .slots
            .iter()
            .map(|slot| SlotIds {
                forms: slot
                    .forms()
                    .map(|form| {
                        let counted: Vec<String> = form
                            .iter()
                            .filter(|w| !is_stopword(w) || form.len() == 1)
                            .cloned()
                            .collect();
                        FormIds {
                            words: all_ids(&counted),
                            bigrams: all_ids(&bigrams(form)),
                            phrase: form.len() >= 2,
                        }
                    })
                    .collect(),
                stop: slot.stop,
                weight: slot.weight,
                single: slot.words.len() == 1,
            })
            .collect();
        let same_as = (0..slots.len())
            .map(|i| (0..i).find(|&j| slots[j].forms == slots[i].forms))
            .collect();
        let joins = plan
            .slots
            .windows(2)
            .map(|pair| match joining_bigram(&pair[0], &pair[1]) {
                None => Join::None,
                Some(bi) => vocab.id(&bi).map_or(Join::Unknown, Join::Known),
            })
            .collect();
        let mut named: Vec<u32> = plan.all_words().filter_map(|w| vocab.id(w)).collect();
        named.sort_unstable();
        named.dedup();
        let typed: Vec<String> = plan.slots.iter().flat_map(|s| s.words.clone()).collect();
        let marks = asked_marks(plan, &typed);
        QuestionIds {
            slots,
            same_as,
            joins,
            named,
            bigrams: question_bigrams(plan, &typed, vocab),
            asks_action: asks_action(plan, &typed),
            marks: marks
                .iter()
                .map(|m| mark_ids(m, vocab))
                .filter(|ids| !ids.is_empty())
                .collect(),
            asks_again: marks.iter().any(|m| repeats(m)),
        }
    }
}

fn asks_action(plan: &QueryPlan, typed: &[String]) -> bool {
    names_action(typed)
        || plan
            .slots
            .iter()
            .flat_map(|s| &s.alternatives)
            .any(|form| names_action(form))
}

/// The marked actions the question names, typed or as a synonym's alternative.
fn asked_marks(plan: &QueryPlan, typed: &[String]) -> Vec<&'static str> {
    let alternatives = plan.slots.iter().flat_map(|s| &s.alternatives);
    let accented = plan.slots.iter().flat_map(|s| s.accented.iter().flatten());
    let mut marks: Vec<&str> = std::iter::once(typed)
        .chain(alternatives.map(Vec::as_slice))
        .flat_map(marked_in)
        .chain(accented.filter_map(|w| accented_mark(w)))
        .collect();
    marks.sort_unstable();
    marks.dedup();
    marks
}

/// A marked action as ids: its one word, or its syllable pairs; empty when the corpus
/// never writes some part of it.
pub fn mark_ids(mark: &str, vocab: &Vocab) -> Vec<u32> {
    let words: Vec<String> = mark.split(' ').map(str::to_owned).collect();
    let units = if words.len() == 1 {
        words
    } else {
        bigrams(&words)
    };
    units
        .iter()
        .map(|u| vocab.id(u))
        .collect::<Option<Vec<u32>>>()
        .unwrap_or_default()
}

/// Bigrams of the typed words, inside each synonym alternative, and where an alternative
/// meets its typed neighbours ("gplx quân sự" writes "xe quân" through "giấy phép lái xe").
fn question_bigrams(plan: &QueryPlan, typed: &[String], vocab: &Vocab) -> Vec<u32> {
    let mut pairs = bigrams(typed);
    let slots = &plan.slots;
    for (i, slot) in slots.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| slots[j].words.last());
        let after = slots.get(i + 1).and_then(|s| s.words.first());
        for form in &slot.alternatives {
            pairs.extend(bigrams(form));
            let seams = [(before, form.first()), (form.last(), after)];
            for (left, right) in seams {
                if let (Some(l), Some(r)) = (left, right) {
                    pairs.push(format!("{l}{BIGRAM_JOIN}{r}"));
                }
            }
        }
    }
    let mut ids: Vec<u32> = pairs.iter().filter_map(|bi| vocab.id(bi)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn joining_bigram(a: &Slot, b: &Slot) -> Option<String> {
    if a.stop || b.stop {
        return None;
    }
    Some(format!(
        "{}{BIGRAM_JOIN}{}",
        a.words.last()?,
        b.words.first()?
    ))
}
