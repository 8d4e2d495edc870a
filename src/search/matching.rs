//! How much of a question one entry covers: the re-ranking features.
//!
//! The question's words and bigrams are looked up in the vocabulary once per search
//! ([`QuestionIds`]); each candidate is then scored with binary searches on its sorted
//! word-id sets, without hashing or allocating per candidate.

mod question;

pub use question::{mark_ids, QuestionIds};
use question::{Join, SlotIds};

use super::vocab::{EntryWords, Vocab};

/// Credit for a question word found only in an entry's body, not its name.
const BODY_CREDIT: f32 = 0.5;
/// Credit kept by a word of a known compound whose syllables an entry has only apart.
const SPLIT_COMPOUND_CREDIT: f32 = 0.5;

/// The re-ranking features of one entry for one question.
pub struct Features {
    /// Share of the topic weight covered (name 1, body only [`BODY_CREDIT`]).
    pub coverage: f32,
    /// Of the weight the name leaves, the share the body covers.
    pub residual: f32,
    /// Share of the topic weight matched as whole phrases in the name.
    pub phrase: f32,
    /// Share of the question's units (known compounds, other topic words) the name holds.
    pub named_share: f32,
    /// Share of the entry's title words the question names. This and the next two are
    /// scaled down for titles too short and common to name a procedure.
    pub precision: f32,
    /// Share of the title's weight (word rarity) the question names.
    pub title_recall: f32,
    /// Share of the title's syllable pairs the question writes.
    pub title_phrase: f32,
    /// 1 when the title opens plainly or with a marked action ("Xóa", "Cấp lại") the
    /// question names; 0 when the question does not ask for the title's marked action.
    pub lead_fits: f32,
    /// 0 when the question names marked actions ("gia hạn tạm trú") and the title holds
    /// none of them ("Đăng ký tạm trú"); 1 otherwise.
    pub mark_fits: f32,
}

/// An entry's official title as ids: its sorted word set and sorted bigram set.
#[derive(Debug, Clone, Copy)]
pub struct TitleIds<'a> {
    pub words: &'a [u32],
    pub bigrams: &'a [u32],
    /// The bigrams without a filler in them ("Thủ tục đăng ký" holds no deciding pair):
    /// what tells near-duplicates apart ([`super::rivals`]).
    pub deciding: &'a [u32],
    /// Ids of the marked actions the title opens with (each as its pairs, or its one
    /// word); empty when it opens plainly ([`crate::text::marked_leads`]).
    pub lead: &'a [Vec<u32>],
    /// The title names doing something again ("Cấp lại", "Công bố lại"), in its opening
    /// or further on ([`crate::text::repeats`]).
    pub again: bool,
    /// How fully the title can name a procedure, at most 1: its weight (summed word
    /// rarity) over the weight from which a title is specific, a share of the median
    /// title weight ([`SPECIFIC_SHARE_OF_MEDIAN`]). A title much lighter than its
    /// neighbours ("KẾ HOẠCH" among whole plan titles) is credited in proportion.
    pub specificity: f32,
}

/// Share of the median title weight from which a title counts as specific.
pub const SPECIFIC_SHARE_OF_MEDIAN: f32 = 0.5;

/// Summed word rarity of a title.
pub fn title_weight(words: &[u32], vocab: &Vocab) -> f32 {
    words.iter().map(|&id| vocab.idf_id(id)).sum()
}

impl Features {
    pub fn of(q: &QuestionIds, words: &EntryWords, title: TitleIds, vocab: &Vocab) -> Features {
        let mut credits: Vec<f32> = Vec::with_capacity(q.slots.len());
        for (slot, same_as) in q.slots.iter().zip(&q.same_as) {
            let credit = match same_as {
                _ if slot.stop => 0.0,
                Some(j) => credits[*j],
                None => slot_credit(slot, words),
            };
            credits.push(credit);
        }
        // A title too light to name a procedure ("KẾ HOẠCH") is credited in proportion.
        let specificity = title.specificity;
        Features {
            coverage: coverage(q, words, &credits),
            residual: residual(q, &credits),
            phrase: phrase_share(q, words),
            named_share: named_share(q, words, &credits),
            precision: title_precision(words, &q.named) * specificity,
            title_recall: title_recall(title.words, &q.named, vocab) * specificity,
            title_phrase: share_in(title.bigrams, &q.bigrams) * specificity,
            lead_fits: f32::from(u8::from(!lead_unnamed(title, q))),
            mark_fits: f32::from(u8::from(!mark_missing(q, title))),
        }
    }
}

/// Asking to get something again ("xin cấp lại") names any "… lại" the title says.
fn again_named(q: &QuestionIds, title: TitleIds) -> bool {
    q.asks_again && title.again
}

/// The title opens with marked actions and the question names none of them
/// ([`again_named`] counts as naming).
fn lead_unnamed(title: TitleIds, q: &QuestionIds) -> bool {
    let lead = title.lead;
    let named = |ids: &Vec<u32>| {
        !ids.is_empty()
            && ids
                .iter()
                .all(|&id| contains(&q.named, id) || contains(&q.bigrams, id))
    };
    q.asks_action && !lead.is_empty() && !again_named(q, title) && !lead.iter().any(named)
}

/// The question names marked actions and the title holds none of them
/// ([`again_named`] counts as holding).
fn mark_missing(q: &QuestionIds, title: TitleIds) -> bool {
    let marks = &q.marks;
    let held = |ids: &Vec<u32>| {
        ids.iter()
            .all(|&id| contains(title.words, id) || contains(title.bigrams, id))
    };
    !(marks.is_empty() || again_named(q, title) || marks.iter().any(held))
}

fn contains(set: &[u32], id: u32) -> bool {
    set.binary_search(&id).is_ok()
}

fn contains_all(set: &[u32], ids: &Option<Vec<u32>>) -> bool {
    ids.as_ref()
        .is_some_and(|ids| ids.iter().all(|&id| contains(set, id)))
}

fn slot_credit(slot: &SlotIds, words: &EntryWords) -> f32 {
    slot.forms
        .iter()
        .map(|form| {
            if contains_all(&words.name, &form.words)
                && contains_all(&words.name_bigrams, &form.bigrams)
            {
                1.0
            } else if contains_all(&words.all, &form.words)
                && contains_all(&words.all_bigrams, &form.bigrams)
            {
                BODY_CREDIT
            } else {
                0.0
            }
        })
        .fold(0.0, f32::max)
}

fn join_credit(join: &Join, words: &EntryWords) -> f32 {
    match *join {
        Join::Known(id) if contains(&words.name_bigrams, id) => 1.0,
        Join::Known(id) if contains(&words.all_bigrams, id) => BODY_CREDIT,
        _ => 0.0,
    }
}

/// Each topic word and each pair of adjacent topic words counts.
fn coverage(q: &QuestionIds, words: &EntryWords, credits: &[f32]) -> f32 {
    let mut credits = credits.to_vec();
    // A known compound of the question ("liên minh") found only as scattered syllables
    // ("liên quan", "minh bạch") is weak evidence for each of them.
    let (mut known, mut found) = (vec![false; credits.len()], vec![false; credits.len()]);
    for (i, join) in q.joins.iter().enumerate() {
        if matches!(join, Join::None) {
            continue;
        }
        let is_known = matches!(join, Join::Known(_));
        let is_found = join_credit(join, words) > 0.0;
        for j in [i, i + 1] {
            known[j] |= is_known;
            found[j] |= is_found;
        }
    }
    for (j, credit) in credits.iter_mut().enumerate() {
        if known[j] && !found[j] {
            *credit *= SPLIT_COMPOUND_CREDIT;
        }
    }
    let mut total: f32 = q.slots.iter().map(|s| s.weight).sum();
    let mut covered: f32 = q
        .slots
        .iter()
        .zip(&credits)
        .map(|(s, c)| s.weight * c)
        .sum();
    for (i, join) in q.joins.iter().enumerate() {
        if matches!(join, Join::None) {
            continue;
        }
        let weight = q.slots[i].weight.min(q.slots[i + 1].weight);
        total += weight;
        covered += weight * join_credit(join, words).min(credits[i].min(credits[i + 1]));
    }
    if total <= 0.0 {
        0.0
    } else {
        covered / total
    }
}

fn residual(q: &QuestionIds, credits: &[f32]) -> f32 {
    let (mut total, mut covered) = (0.0f32, 0.0f32);
    for (slot, &credit) in q.slots.iter().zip(credits) {
        if !slot.stop && credit < 1.0 {
            total += slot.weight;
            if credit > 0.0 {
                covered += slot.weight;
            }
        }
    }
    if total <= 0.0 {
        0.0
    } else {
        covered / total
    }
}

/// A multi-word slot (or synonym) found whole in the name, or two adjacent slots whose
/// joining bigram is in the name.
fn phrase_share(q: &QuestionIds, words: &EntryWords) -> f32 {
    let mut matched = vec![false; q.slots.len()];
    for (i, slot) in q.slots.iter().enumerate() {
        if slot.stop {
            continue;
        }
        matched[i] |= slot
            .forms
            .iter()
            .any(|f| f.phrase && contains_all(&words.name_bigrams, &f.bigrams));
        if let Some(Join::Known(id)) = q.joins.get(i) {
            if contains(&words.name_bigrams, *id) {
                matched[i] |= slot.single;
                matched[i + 1] |= q.slots[i + 1].single;
            }
        }
    }
    let total: f32 = q.slots.iter().map(|s| s.weight).sum();
    let hit: f32 = q
        .slots
        .iter()
        .zip(&matched)
        .filter(|(_, m)| **m)
        .map(|(s, _)| s.weight)
        .sum();
    if total <= 0.0 {
        0.0
    } else {
        hit / total
    }
}

/// The smaller of two shares the name holds: of the topic words, and of the units (see
/// [`unit_share`]).
fn named_share(q: &QuestionIds, words: &EntryWords, credits: &[f32]) -> f32 {
    word_share(q, credits).min(unit_share(q, words, credits))
}

/// Share of the topic words, each counted once, that the name covers.
fn word_share(q: &QuestionIds, credits: &[f32]) -> f32 {
    let topics = q.slots.iter().filter(|s| !s.stop).count();
    if topics == 0 {
        return 0.0;
    }
    let named = q
        .slots
        .iter()
        .zip(credits)
        .filter(|(s, &c)| !s.stop && c >= 1.0)
        .count();
    named as f32 / topics as f32
}

/// Each compound of the question the corpus knows ("khai sinh", "bị mất") is one unit,
/// named when the entry's name writes it; a topic word in no known compound is a unit
/// named when the name covers it. Syllables scattered over other compounds ("khai thác",
/// "phát sinh") do not name "khai sinh".
fn unit_share(q: &QuestionIds, words: &EntryWords, credits: &[f32]) -> f32 {
    let mut in_compound = vec![false; q.slots.len()];
    let (mut units, mut named) = (0usize, 0usize);
    for (i, join) in q.joins.iter().enumerate() {
        if let Join::Known(id) = join {
            in_compound[i] |= q.slots[i].single;
            in_compound[i + 1] |= q.slots[i + 1].single;
            units += 1;
            named += usize::from(contains(&words.name_bigrams, *id));
        }
    }
    for ((slot, &credit), joined) in q.slots.iter().zip(credits).zip(&in_compound) {
        if !slot.stop && !joined {
            units += 1;
            named += usize::from(credit >= 1.0);
        }
    }
    if units == 0 {
        0.0
    } else {
        named as f32 / units as f32
    }
}

fn title_precision(words: &EntryWords, named: &[u32]) -> f32 {
    share_in(&words.title, named)
}

/// Share of the ids of `items` found in the sorted `set`.
fn share_in(items: &[u32], set: &[u32]) -> f32 {
    if items.is_empty() {
        return 0.0;
    }
    let hit = items.iter().filter(|&&id| contains(set, id)).count();
    hit as f32 / items.len() as f32
}

/// Share of the title's weight the question names.
fn title_recall(title: &[u32], named: &[u32], vocab: &Vocab) -> f32 {
    let (mut total, mut hit) = (0.0f32, 0.0f32);
    for &id in title {
        let weight = vocab.idf_id(id);
        total += weight;
        if contains(named, id) {
            hit += weight;
        }
    }
    if total <= 0.0 {
        0.0
    } else {
        hit / total
    }
}

#[cfg(test)]
mod tests;
