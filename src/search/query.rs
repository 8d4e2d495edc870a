//! From a citizen's question to weighted query slots and a tantivy query.
//!
//! A slot is one concept of the question: a word, or a span matched by a synonym group
//! together with its alternatives ("cccd" → "thẻ căn cước"). Unknown words of five or
//! more letters are corrected to the most frequent known word one edit away.

use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::schema::Fields;
use super::vocab::Vocab;
use crate::text::{self, edits1, is_filler, is_stopword, Synonyms, BIGRAM_JOIN};

/// Shortest folded word that typo correction touches.
const MIN_TYPO_LEN: usize = 4;
/// Weight of a synonym alternative relative to the words the citizen typed.
const ALTERNATIVE_BOOST: f32 = 0.8;
/// Share of a slot's other forms' scores added to its best form's (a disjunction max).
/// Fitted on the labelled questions: 0.1 (cross-validated top-1 0.805), 0 (0.805), 0.2
/// (0.800), 0.3 (0.795); a plain sum of every form's terms gave 0.798.
const FORM_TIE_BREAKER: f32 = 0.1;

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
        let accented = text::words(question);
        let mut folded: Vec<String> = accented.iter().map(|w| text::fold(w)).collect();
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
            let (len, alternatives) = match next_match.peek() {
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
            let mut slot = Slot {
                accented: kept[i..i + len].to_vec(),
                words,
                alternatives,
                stop,
                weight: 0.0,
            };
            slot.weight = if stop { 0.0 } else { slot_weight(&slot, vocab) };
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
    /// slots.
    pub fn to_query(&self, f: &Fields) -> BooleanQuery {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for slot in self.slots.iter().filter(|s| !s.stop) {
            clauses.push(slot_query(slot, f));
            for acc in slot.accented.iter().flatten() {
                clauses.push(term_query(f.name_acc, acc, BOOST_NAME_ACC));
                clauses.push(term_query(f.body_acc, acc, BOOST_BODY_ACC));
            }
        }
        // Bigrams across slots ("đăng ký" + "khai sinh" → "ky_khai").
        for pair in self.slots.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.stop || b.stop {
                continue;
            }
            if let (Some(last), Some(first)) = (a.words.last(), b.words.first()) {
                let bi = format!("{last}{BIGRAM_JOIN}{first}");
                clauses.push(term_query(f.name_bi, &bi, BOOST_NAME_BI));
                clauses.push(term_query(f.body_bi, &bi, BOOST_BODY_BI));
            }
        }
        should(clauses)
    }
}

/// One slot: the best-scoring of its forms; the others add [`FORM_TIE_BREAKER`] of theirs.
fn slot_query(slot: &Slot, f: &Fields) -> Box<dyn Query> {
    let forms = slot
        .forms()
        .enumerate()
        .map(|(n, form)| {
            let factor = if n == 0 { 1.0 } else { ALTERNATIVE_BOOST };
            Box::new(form_query(form, factor, f)) as Box<dyn Query>
        })
        .collect();
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        forms,
        FORM_TIE_BREAKER,
    ))
}

/// One way to say a slot: its folded words and bigrams, in names and bodies.
fn form_query(form: &[String], factor: f32, f: &Fields) -> BooleanQuery {
    let mut clauses = Vec::new();
    for w in form {
        clauses.push(term_query(f.name_fold, w, BOOST_NAME_FOLD * factor));
        clauses.push(term_query(f.body_fold, w, BOOST_BODY_FOLD * factor));
    }
    for bi in text::bigrams(form) {
        clauses.push(term_query(f.name_bi, &bi, BOOST_NAME_BI * factor));
        clauses.push(term_query(f.body_bi, &bi, BOOST_BODY_BI * factor));
    }
    should(clauses)
}

fn should(clauses: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(clauses.into_iter().map(|q| (Occur::Should, q)).collect())
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(q), boost))
}

/// Marks the positions covered by a synonym term, which typo correction leaves alone.
fn synonym_positions(synonyms: &Synonyms, folded: &[String]) -> Vec<bool> {
    let mut protected = vec![false; folded.len()];
    for m in synonyms.find(folded) {
        protected[m.start..m.start + m.len].fill(true);
    }
    protected
}

/// Share of a question's words written with diacritics from which it counts as typed
/// with them (most Vietnamese syllables carry one).
const DIACRITICS_TYPED_SHARE: f32 = 0.5;

/// True when the citizen typed diacritics: then a word written without any is meant so.
fn diacritics_typed(accented: &[String], folded: &[String]) -> bool {
    let marked = accented.iter().zip(folded).filter(|(a, f)| a != f).count();
    marked as f32 >= DIACRITICS_TYPED_SHARE * accented.len().max(1) as f32
}

/// A correction is kept when the word has no topic neighbour, or when it forms a known
/// phrase with one ("khai sihn" → "khai sinh"); otherwise an unknown word of another
/// domain ("bóng đá") would be bent into a known one.
fn confirmed_by_context(words: &[String], i: usize, fixed: &str, vocab: &Vocab) -> bool {
    let topic = |j: usize| !is_stopword(&words[j]);
    let before = (i > 0 && topic(i - 1)).then(|| format!("{}{BIGRAM_JOIN}{fixed}", words[i - 1]));
    let after = (i + 1 < words.len() && topic(i + 1))
        .then(|| format!("{fixed}{BIGRAM_JOIN}{}", words[i + 1]));
    let neighbours: Vec<String> = before.into_iter().chain(after).collect();
    neighbours.is_empty() || neighbours.iter().any(|b| vocab.contains(b))
}

/// The most frequent known word one edit away from an unknown word, if any.
fn correct_typo(word: &str, vocab: &Vocab) -> Option<String> {
    let letters = word.chars().all(|c| c.is_ascii_lowercase());
    if vocab.contains(word) || !letters || word.chars().count() < MIN_TYPO_LEN || is_stopword(word)
    {
        return None;
    }
    edits1(word)
        .into_iter()
        .filter(|c| vocab.contains(c))
        .max_by_key(|c| (vocab.df(c), std::cmp::Reverse(c.clone())))
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
