//! From a citizen's question to weighted query slots and a tantivy query.
//!
//! A slot is one concept of the question: a word, or a span matched by a synonym group
//! together with its alternatives ("cccd" → "thẻ căn cước"). Unknown words of five or
//! more letters are corrected to the most frequent known word one edit away.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::schema::Fields;
use super::spelling::{
    confirmed_by_context, correct_typo, diacritics_typed, spelling_variant, synonym_positions,
};
use super::vocab::Vocab;
use crate::text::{self, is_filler, is_stopword, Synonyms, BIGRAM_JOIN};

/// Weight of a synonym alternative relative to the words the citizen typed.
const ALTERNATIVE_BOOST: f32 = 0.8;
/// Share of a slot's other forms' scores added to its best form's (a disjunction max).
/// Fitted on the labelled questions: 0.1 (cross-validated top-1 0.805), 0 (0.805), 0.2
/// (0.800), 0.3 (0.795); a plain sum of every form's terms gave 0.798.
const FORM_TIE_BREAKER: f32 = 0.1;

/// Weight kept by a slot in a background clause ("giấy khai sinh đã được cải chính, …"),
/// see [`text::words_and_background`]. Cross-validated on 734 questions, against 1.0: direct
/// +0.003 / +0.009 / +0.016 at 4 / 5 / 10 folds, false answers equal or 0.003 fewer; 0.1,
/// 0.35 and 0 did no better.
const BACKGROUND_WEIGHT: f32 = 0.25;
/// Weight factor of a slot in the request ("muốn làm hộ chiếu", [`text::request_flags`]).
/// On 1,382 questions (5 folds) 1, 2 and 3 give the same figures (top-1 0.817–0.818,
/// direct 0.353–0.360); held out (`fresh.jsonl`) top-1 rose from 0.579 to 0.592 and 0.599.
const REQUEST_WEIGHT: f32 = 2.0;

/// Field boosts: names count more than bodies, exact accents break ties.
const BOOST_NAME_FOLD: f32 = 3.0;
const BOOST_NAME_ACC: f32 = 2.0;
const BOOST_NAME_BI: f32 = 3.0;
const BOOST_BODY_FOLD: f32 = 0.6;
const BOOST_BODY_ACC: f32 = 0.2;
const BOOST_BODY_BI: f32 = 0.8;

/// One concept of the question.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Folded words as typed (after typo correction).
    pub words: Vec<String>,
    /// Accented words as typed, when the citizen's spelling was kept.
    pub accented: Vec<Option<String>>,
    /// Other ways to say the same (folded words), from synonym groups.
    pub alternatives: Vec<Vec<String>>,
    /// Filler word that carries no topic ("cần", "gì").
    pub stop: bool,
    /// How much the slot counts in the confidence decision.
    pub weight: f32,
}

impl Slot {
    /// The typed form followed by the alternatives.
    pub fn forms(&self) -> impl Iterator<Item = &Vec<String>> {
        std::iter::once(&self.words).chain(&self.alternatives)
    }
}

/// The analyzed question.
#[derive(Debug, Clone, Default)]
pub struct QueryPlan {
    pub slots: Vec<Slot>,
    /// The citizen typed diacritics (most words carry one).
    pub diacritics_typed: bool,
}

impl QueryPlan {
    pub fn analyze(question: &str, vocab: &Vocab, synonyms: &Synonyms) -> QueryPlan {
        let (accented, background) = text::words_and_background(question);
        let mut folded: Vec<String> = accented.iter().map(|w| text::fold(w)).collect();
        let request = text::request_flags(&accented, &folded);
        let diacritics_typed = diacritics_typed(&accented, &folded);
        let mut kept: Vec<Option<String>> = accented.into_iter().map(Some).collect();
        let protected = synonym_positions(synonyms, &folded);
        let original = folded.clone();
        for i in 0..folded.len() {
            if protected[i] {
                continue;
            }
            if let Some(fixed) = correct_typo(&original[i], vocab) {
                if confirmed_by_context(&original, i, &fixed, vocab) {
                    folded[i] = fixed;
                    kept[i] = None;
                }
            }
        }
        let matches = synonyms.find(&folded);
        let mut slots = Vec::new();
        let mut i = 0;
        let mut next_match = matches.iter().peekable();
        while i < folded.len() {
            let (len, mut alternatives) = match next_match.peek() {
                Some(m) if m.start == i => {
                    let m = next_match.next().expect("peeked");
                    (m.len, m.alternatives.clone())
                }
                _ => (1, Vec::new()),
            };
            let words = folded[i..i + len].to_vec();
            let stop = alternatives.is_empty()
                && len == 1
                && is_filler(kept[i].as_deref(), &words[0], diacritics_typed);
            if !stop && len == 1 {
                alternatives.extend(spelling_variant(&words[0], vocab));
            }
            let mut slot = Slot {
                accented: kept[i..i + len].to_vec(),
                words,
                alternatives,
                stop,
                weight: 0.0,
            };
            slot.weight = if stop { 0.0 } else { slot_weight(&slot, vocab) };
            slot.weight *= match (background.get(i), request[i]) {
                (Some(true), _) => BACKGROUND_WEIGHT,
                (_, true) => REQUEST_WEIGHT,
                _ => 1.0,
            };
            slots.push(slot);
            i += len;
        }
        QueryPlan {
            slots,
            diacritics_typed,
        }
    }

    /// True when the question has at least one topic word.
    pub fn has_topic(&self) -> bool {
        self.slots.iter().any(|s| !s.stop)
    }

    /// Share of the topic weight in slots none of whose forms the corpus writes
    /// ("giá vàng", "thời tiết"): a sign the question is about something else.
    pub fn unknown_share(&self, vocab: &Vocab) -> f32 {
        let topics = || self.slots.iter().filter(|s| !s.stop);
        let total: f32 = topics().map(|s| s.weight).sum();
        let unknown: f32 = topics()
            .filter(|s| !s.forms().any(|f| f.iter().all(|w| vocab.contains(w))))
            .map(|s| s.weight)
            .sum();
        if total <= 0.0 {
            0.0
        } else {
            unknown / total
        }
    }

    /// All folded words of every form, for checking which title words the question names.
    pub fn all_words(&self) -> impl Iterator<Item = &String> {
        self.slots.iter().flat_map(|s| s.forms()).flatten()
    }

    /// The tantivy query: each topic slot once, by the best of its forms ("bị mất" said
    /// eight ways is one match, not eight), its accented words, and the bigrams across
    /// slots. A word most entries hold is searched in names only (see
    /// [`Vocab::common_in_bodies`]). Two rewrites keep every score and save work on long
    /// questions: a term the corpus lacks is left out (it matches nothing), and a clause
    /// the question repeats ("người lao động … người lao động") is evaluated once,
    /// boosted by its count.
    pub fn to_query(&self, f: &Fields, vocab: &Vocab) -> BooleanQuery {
        let mut clauses = Clauses::new(f, vocab);
        for slot in self.slots.iter().filter(|s| !s.stop) {
            if slot.alternatives.is_empty() {
                clauses.add_form(&slot.words, 1.0);
            } else {
                clauses.add_slot(slot);
            }
            for (word, acc) in slot.words.iter().zip(&slot.accented) {
                if let Some(acc) = acc.as_ref().filter(|_| vocab.contains(word)) {
                    clauses.add_term(f.name_acc, acc, BOOST_NAME_ACC);
                    if !vocab.common_in_bodies(word) {
                        clauses.add_term(f.body_acc, acc, BOOST_BODY_ACC);
                    }
                }
            }
        }
        // Bigrams across slots ("đăng ký" + "khai sinh" → "ky_khai").
        for pair in self.slots.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.stop || b.stop {
                continue;
            }
            if let (Some(last), Some(first)) = (a.words.last(), b.words.first()) {
                clauses.add_bigram(&format!("{last}{BIGRAM_JOIN}{first}"), 1.0);
            }
        }
        clauses.into_query()
    }
}

/// Clauses of one boolean query, each kept once with the sum of its boosts (a sum of
/// equal scores is their count times one), and none for a term the corpus lacks.
struct Clauses<'a> {
    fields: &'a Fields,
    vocab: &'a Vocab,
    positions: HashMap<String, usize>,
    items: Vec<(Box<dyn Query>, f32)>,
}

impl<'a> Clauses<'a> {
    fn new(fields: &'a Fields, vocab: &'a Vocab) -> Self {
        Clauses {
            fields,
            vocab,
            positions: HashMap::new(),
            items: Vec::new(),
        }
    }

    fn add(&mut self, key: String, boost: f32, make: impl FnOnce() -> Box<dyn Query>) {
        match self.positions.get(&key) {
            Some(&i) => self.items[i].1 += boost,
            None => {
                self.positions.insert(key, self.items.len());
                self.items.push((make(), boost));
            }
        }
    }

    fn add_term(&mut self, field: Field, text: &str, boost: f32) {
        let key = format!("{}:{text}", field.field_id());
        self.add(key, boost, || term_query(field, text));
    }

    /// One way to say a slot: its folded words and bigrams, in names and bodies.
    fn add_form(&mut self, form: &[String], factor: f32) {
        let f = self.fields;
        for w in form {
            if self.vocab.in_names(w) {
                self.add_term(f.name_fold, w, BOOST_NAME_FOLD * factor);
            }
            if self.vocab.contains(w) && !self.vocab.common_in_bodies(w) {
                self.add_term(f.body_fold, w, BOOST_BODY_FOLD * factor);
            }
        }
        for bi in text::bigrams(form) {
            self.add_bigram(&bi, factor);
        }
    }

    fn add_bigram(&mut self, bigram: &str, factor: f32) {
        if self.vocab.contains(bigram) {
            let f = self.fields;
            self.add_term(f.name_bi, bigram, BOOST_NAME_BI * factor);
            self.add_term(f.body_bi, bigram, BOOST_BODY_BI * factor);
        }
    }

    /// A slot said several ways: the best-scoring of its forms, the others adding
    /// [`FORM_TIE_BREAKER`] of theirs.
    fn add_slot(&mut self, slot: &Slot) {
        let (f, vocab) = (self.fields, self.vocab);
        let key = format!("{:?}", slot.forms().collect::<Vec<_>>());
        self.add(key, 1.0, || {
            let forms = slot
                .forms()
                .enumerate()
                .map(|(n, form)| {
                    let factor = if n == 0 { 1.0 } else { ALTERNATIVE_BOOST };
                    let mut terms = Clauses::new(f, vocab);
                    terms.add_form(form, factor);
                    Box::new(terms.into_query()) as Box<dyn Query>
                })
                .collect();
            Box::new(DisjunctionMaxQuery::with_tie_breaker(
                forms,
                FORM_TIE_BREAKER,
            ))
        });
    }

    fn into_query(self) -> BooleanQuery {
        should(
            self.items
                .into_iter()
                .map(|(q, boost)| Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>)
                .collect(),
        )
    }
}

fn should(clauses: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(clauses.into_iter().map(|q| (Occur::Should, q)).collect())
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// Weight of a number ("3 tầng", "lớp 8"): a detail, rarely what the question is about.
const NUMBER_WEIGHT: f32 = 1.0;

/// Weight of a slot: the rarest word of its best-known form.
fn slot_weight(slot: &Slot, vocab: &Vocab) -> f32 {
    if slot
        .words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return NUMBER_WEIGHT;
    }
    let form_weight = |form: &Vec<String>| {
        form.iter()
            .filter(|w| !is_stopword(w))
            .map(|w| vocab.idf(w))
            .fold(0.0f32, f32::max)
    };
    let known = slot
        .forms()
        .filter(|form| form.iter().all(|w| vocab.contains(w)))
        .map(form_weight)
        .fold(None, |acc: Option<f32>, w| {
            Some(acc.map_or(w, |a| a.max(w)))
        });
    known.unwrap_or_else(|| form_weight(&slot.words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PlanSection;
    use crate::search::entry::Entry;
    use crate::search::schema::schema;

    fn vocab() -> Vocab {
        let section = |id: &str, heading: &str, text: &str| {
            Entry::Plan(PlanSection {
                id: id.into(),
                plan_title: "Kế hoạch".into(),
                issuer: None,
                year: None,
                context: String::new(),
                source: "k.md".into(),
                heading: heading.into(),
                text: text.into(),
            })
        };
        let entries = [
            section("a", "Đăng ký khai sinh", "hồ sơ nộp tại xã"),
            section("b", "Đăng ký kết hôn", "hồ sơ nộp tại xã"),
            section("c", "Cấp hộ chiếu", "hồ sơ nộp tại công an"),
            section("d", "Lao động", "hồ sơ bảo hiểm"),
        ];
        Vocab::build(&entries).0
    }

    fn clauses(question: &str) -> Vec<String> {
        let vocab = vocab();
        let plan = QueryPlan::analyze(question, &vocab, &Synonyms::default());
        let query = plan.to_query(&schema().1, &vocab);
        query
            .clauses()
            .iter()
            .map(|(_, q)| format!("{q:?}"))
            .collect()
    }

    #[test]
    fn a_repeated_word_is_one_clause_boosted_by_its_count() {
        let once = clauses("lao động khai sinh");
        let twice = clauses("lao động khai sinh lao động");
        let unique: std::collections::HashSet<&String> = twice.iter().collect();
        assert_eq!(unique.len(), twice.len(), "{twice:#?}");
        let khai = |c: &[String]| c.iter().find(|q| q.contains("\"khai\"")).cloned();
        assert_eq!(khai(&once), khai(&twice));
        let lao = |c: &[String]| c.iter().find(|q| q.contains("\"lao\"")).cloned().unwrap();
        assert_ne!(lao(&once), lao(&twice));
        assert!(lao(&twice).contains(&format!("{}", 2.0 * BOOST_NAME_FOLD)));
    }

    #[test]
    fn words_the_corpus_lacks_or_most_entries_hold_leave_no_body_clause() {
        let f = schema().1;
        let term =
            |field: Field, word: &str| format!("field={}, type=Str, \"{word}\"", field.field_id());
        let found = clauses("khai sinh bóng đá hồ sơ");
        let has = |field: Field, word: &str| found.iter().any(|q| q.contains(&term(field, word)));
        assert!(has(f.name_fold, "khai") && has(f.body_fold, "khai"));
        assert!(!has(f.name_fold, "bong") && !has(f.body_fold, "bong"));
        assert!(!has(f.body_acc, "bóng"));
        // "hồ sơ" is in every body: searched in the names only.
        assert!(
            has(f.name_fold, "ho") && !has(f.body_fold, "ho"),
            "{found:#?}"
        );
        assert!(!has(f.body_fold, "so") && !has(f.body_acc, "hồ"));
    }
}
