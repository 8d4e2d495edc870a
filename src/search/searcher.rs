//! Answering a question from one opened generation: retrieval, re-ranking, confidence.
//!
//! Tantivy's BM25 finds candidates; they are re-ranked by how much of the question they
//! cover (weighted by word rarity) and how little of their own title the question leaves
//! unnamed, so "làm giấy khai sinh" prefers the general procedure over "... lưu động".
//! Confidence comes from coverage, which does not drift with corpus size as raw BM25 does.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::entry::Entry;
use super::error::SearchError;
use super::generation::{self, Manifest, ENTRIES, SYNONYMS, TANTIVY_DIR};
use super::query::{QueryPlan, Slot};
use super::schema::{fields_of, register_tokenizer, Fields};
use super::vocab::{EntryWords, Vocab};
use crate::text::{is_stopword, SynonymGroup, Synonyms, BIGRAM_JOIN};

/// Candidates taken from BM25 for re-ranking.
const CANDIDATES: usize = 60;
/// Hits returned to the caller.
const MAX_HITS: usize = 10;
/// Credit for a question word found only in an entry's body, not its name.
const BODY_CREDIT: f32 = 0.5;
/// Credit kept by a word of a known compound whose syllables an entry has only apart.
const SPLIT_COMPOUND_CREDIT: f32 = 0.5;
/// Re-ranking mix: BM25 (relative to the best), coverage, title precision.
const MIX_BM25: f32 = 0.35;
const MIX_COVERAGE: f32 = 0.5;
const MIX_PRECISION: f32 = 0.15;
/// Tie-break among entries with the same name (sections of one plan): how much of what the
/// name leaves unmatched the body covers ("giao ai chủ trì" → the section on who leads).
const MIX_RESIDUAL: f32 = 0.1;
/// Phrases of the question found whole in the name ("kinh phí" in "IV. KINH PHÍ").
const MIX_PHRASE: f32 = 0.1;
/// Coverage at or above which the top hit is a confident answer.
const ANSWER_COVERAGE: f32 = 0.62;
/// A hit whose name matches at least this share of the question as whole phrases
/// (two or more syllables in a row) is answered with less overall coverage: the
/// question names the procedure and adds details ("... cho vợ", "... nhà 3 tầng").
const ANSWER_PHRASE: f32 = 0.45;
const ANSWER_COVERAGE_WITH_PHRASE: f32 = 0.35;
/// Choices are offered only when some phrase of the question is in a hit's name.
const SUGGEST_PHRASE: f32 = 0.25;
const SUGGEST_COVERAGE: f32 = 0.3;
/// Share of the question's topic words (counted alike) an answer's name must hold:
/// more than half.
const MIN_NAMED_SHARE: f32 = 0.55;

/// How sure the searcher is about its top hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// The top hit answers the question.
    Answer,
    /// Related hits exist; let the citizen choose.
    Unsure,
    /// Nothing in the knowledge base fits.
    NoMatch,
}

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub ord: usize,
    pub score: f32,
    pub coverage: f32,
    /// Share of the question's topic words (each counted once) found in the name.
    pub named_share: f32,
    /// Share of the question's topic weight matched as whole phrases in the name.
    pub phrase: f32,
}

/// The ranked hits of one question and the decision on them.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub confidence: Confidence,
}

/// An opened, immutable index generation.
pub struct Searcher {
    /// A generation never changes once written: one tantivy searcher serves its lifetime.
    index_searcher: tantivy::Searcher,
    /// The `ord` fast field of each segment, opened once.
    ord_columns: Vec<tantivy::columnar::Column<u64>>,
    fields: Fields,
    entries: Vec<Entry>,
    words: Vec<EntryWords>,
    vocab: Vocab,
    synonyms: Synonyms,
    by_id: HashMap<String, usize>,
    manifest: Manifest,
    dir: PathBuf,
}

impl Searcher {
    /// Opens the generation `CURRENT` points at.
    pub fn open(index_dir: &Path) -> Result<Searcher, SearchError> {
        let dir = generation::current_generation(index_dir)?;
        Searcher::open_generation(&dir)
    }

    /// Opens one generation folder.
    pub fn open_generation(dir: &Path) -> Result<Searcher, SearchError> {
        let manifest = generation::read_manifest(dir)?;
        let entries: Vec<Entry> = read_json(&dir.join(ENTRIES))?;
        let groups: Vec<SynonymGroup> = read_json(&dir.join(SYNONYMS))?;
        let index = Index::open_in_dir(dir.join(TANTIVY_DIR))?;
        register_tokenizer(&index);
        let fields = fields_of(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let index_searcher = reader.searcher();
        let ord_columns = index_searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("ord"))
            .collect::<Result<Vec<_>, _>>()?;
        let (vocab, words) = Vocab::build(&entries);
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(ord, e)| (e.id().to_owned(), ord))
            .collect();
        Ok(Searcher {
            by_id,
            index_searcher,
            ord_columns,
            fields,
            entries,
            words,
            vocab,
            synonyms: Synonyms::new(&groups),
            manifest,
            dir: dir.to_path_buf(),
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, ord: usize) -> &Entry {
        &self.entries[ord]
    }

    /// The entry with this id, if the generation has it.
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&ord| &self.entries[ord])
    }

    /// True when the question names any topic (not only filler words).
    pub fn has_topic(&self, question: &str) -> bool {
        QueryPlan::analyze(question, &self.vocab, &self.synonyms).has_topic()
    }

    /// Ranks the knowledge base for `question` and decides whether to answer.
    pub fn search(&self, question: &str) -> Result<SearchResult, SearchError> {
        let plan = QueryPlan::analyze(question, &self.vocab, &self.synonyms);
        if !plan.has_topic() {
            return Ok(SearchResult {
                hits: Vec::new(),
                confidence: Confidence::NoMatch,
            });
        }
        let candidates = self.retrieve(&plan)?;
        let hits = self.rerank(&plan, candidates);
        // Scattered single syllables are weak evidence: a question of several topic
        // words needs at least one of its phrases in the answer's name.
        let topics = plan.slots.iter().filter(|s| !s.stop).count();
        // Rarity weights let one rare phrase ("bóng đá") outweigh the rest of a question
        // ("lịch thi đấu"); an answer's name must also hold enough of its topic words.
        let named = |h: &Hit| {
            topics <= 1
                || (h.phrase >= SUGGEST_PHRASE && h.named_share >= MIN_NAMED_SHARE)
        };
        let confidence = match hits.first() {
            Some(h) if h.coverage >= ANSWER_COVERAGE && named(h) => Confidence::Answer,
            Some(h)
                if h.phrase >= ANSWER_PHRASE
                    && h.coverage >= ANSWER_COVERAGE_WITH_PHRASE
                    && h.named_share >= MIN_NAMED_SHARE =>
            {
                Confidence::Answer
            }
            Some(h) if h.phrase >= SUGGEST_PHRASE && h.coverage >= SUGGEST_COVERAGE => {
                Confidence::Unsure
            }
            _ => Confidence::NoMatch,
        };
        Ok(SearchResult { hits, confidence })
    }

    /// BM25 candidates as (entry ord, score).
    fn retrieve(&self, plan: &QueryPlan) -> Result<Vec<(usize, f32)>, SearchError> {
        let query = plan.to_query(&self.fields);
        let top = self
            .index_searcher
            .search(&query, &TopDocs::with_limit(CANDIDATES))?;
        Ok(top
            .into_iter()
            .filter_map(|(score, addr)| {
                let column = self.ord_columns.get(addr.segment_ord as usize)?;
                column.first(addr.doc_id).map(|ord| (ord as usize, score))
            })
            .collect())
    }

    fn rerank(&self, plan: &QueryPlan, candidates: Vec<(usize, f32)>) -> Vec<Hit> {
        let best = candidates.first().map_or(1.0, |c| c.1).max(f32::EPSILON);
        let named: Vec<u32> = plan.all_words().filter_map(|w| self.vocab.id(w)).collect();
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .map(|(ord, bm25)| {
                let words = &self.words[ord];
                let coverage = coverage(plan, words, &self.vocab);
                let phrase = phrase_share(plan, words, &self.vocab);
                let precision = title_precision(words, &named);
                let residual = residual_coverage(plan, words, &self.vocab);
                let named_share = named_share(plan, words, &self.vocab);
                let score = MIX_BM25 * bm25 / best
                    + MIX_COVERAGE * coverage
                    + MIX_PRECISION * precision
                    + MIX_RESIDUAL * residual
                    + MIX_PHRASE * phrase;
                Hit {
                    ord,
                    score,
                    coverage,
                    named_share,
                    phrase,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.ord.cmp(&b.ord)));
        hits.truncate(MAX_HITS);
        hits
    }
}

/// Share of the question's topic weight that an entry covers: each topic word and each
/// pair of adjacent topic words counts (in the name 1, only in the body [`BODY_CREDIT`]).
fn coverage(plan: &QueryPlan, words: &EntryWords, vocab: &Vocab) -> f32 {
    let mut credits: Vec<f32> = plan
        .slots
        .iter()
        .map(|s| {
            if s.stop {
                0.0
            } else {
                slot_credit(s, words, vocab)
            }
        })
        .collect();
    // A known compound of the question ("liên minh") found only as scattered syllables
    // ("liên quan", "minh bạch") is weak evidence for each of them.
    let (mut known, mut found) = (vec![false; credits.len()], vec![false; credits.len()]);
    for (i, pair) in plan.slots.windows(2).enumerate() {
        if let Some(bigram) = joining_bigram(&pair[0], &pair[1]) {
            let is_known = vocab.id(&bigram).is_some();
            let is_found = bigram_credit(&bigram, words, vocab) > 0.0;
            for j in [i, i + 1] {
                known[j] |= is_known;
                found[j] |= is_found;
            }
        }
    }
    for (j, credit) in credits.iter_mut().enumerate() {
        if known[j] && !found[j] {
            *credit *= SPLIT_COMPOUND_CREDIT;
        }
    }
    let mut total: f32 = plan.slots.iter().map(|s| s.weight).sum();
    let mut covered: f32 = plan
        .slots
        .iter()
        .zip(&credits)
        .map(|(s, c)| s.weight * c)
        .sum();
    for (i, pair) in plan.slots.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        let Some(bigram) = joining_bigram(a, b) else {
            continue;
        };
        let weight = a.weight.min(b.weight);
        total += weight;
        covered +=
            weight * bigram_credit(&bigram, words, vocab).min(credits[i].min(credits[i + 1]));
    }
    if total <= 0.0 {
        0.0
    } else {
        covered / total
    }
}

/// The bigram joining two adjacent topic slots ("ky" + "khai" → "ky_khai").
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

/// Share of the question's topic slots, each counted once, that the entry's name covers.
fn named_share(plan: &QueryPlan, words: &EntryWords, vocab: &Vocab) -> f32 {
    let topics: Vec<&Slot> = plan.slots.iter().filter(|s| !s.stop).collect();
    if topics.is_empty() {
        return 0.0;
    }
    let named = topics
        .iter()
        .filter(|s| slot_credit(s, words, vocab) >= 1.0)
        .count();
    named as f32 / topics.len() as f32
}

/// Of the topic weight the entry's name does not cover, the share its body covers.
fn residual_coverage(plan: &QueryPlan, words: &EntryWords, vocab: &Vocab) -> f32 {
    let (mut total, mut covered) = (0.0f32, 0.0f32);
    for slot in plan.slots.iter().filter(|s| !s.stop) {
        let credit = slot_credit(slot, words, vocab);
        if credit < 1.0 {
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

/// Share of the topic weight in slots matched as phrases in the entry's name: a
/// multi-word slot (or synonym) found whole, or two adjacent slots whose joining
/// bigram is in the name.
fn phrase_share(plan: &QueryPlan, words: &EntryWords, vocab: &Vocab) -> f32 {
    let in_name = |bi: &str| {
        vocab
            .id(bi)
            .is_some_and(|id| words.name_bigrams.binary_search(&id).is_ok())
    };
    let mut matched = vec![false; plan.slots.len()];
    for (i, slot) in plan.slots.iter().enumerate() {
        if slot.stop {
            continue;
        }
        let whole = slot
            .forms()
            .any(|form| form.len() >= 2 && crate::text::bigrams(form).iter().all(|bi| in_name(bi)));
        matched[i] |= whole;
        if let Some(next) = plan.slots.get(i + 1).filter(|n| !n.stop) {
            if let (Some(last), Some(first)) = (slot.words.last(), next.words.first()) {
                if in_name(&format!("{last}{BIGRAM_JOIN}{first}")) {
                    matched[i] = true;
                    matched[i + 1] = true;
                }
            }
        }
    }
    let total: f32 = plan.slots.iter().map(|s| s.weight).sum();
    let hit: f32 = plan
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

fn bigram_credit(bigram: &str, words: &EntryWords, vocab: &Vocab) -> f32 {
    match vocab.id(bigram) {
        Some(id) if words.name_bigrams.binary_search(&id).is_ok() => 1.0,
        Some(id) if words.all_bigrams.binary_search(&id).is_ok() => BODY_CREDIT,
        _ => 0.0,
    }
}

fn slot_credit(slot: &Slot, words: &EntryWords, vocab: &Vocab) -> f32 {
    let has = |set: &[u32], form: &[String]| {
        form.iter()
            .filter(|w| !is_stopword(w) || form.len() == 1)
            .all(|w| vocab.id(w).is_some_and(|id| set.binary_search(&id).is_ok()))
    };
    let has_bigrams = |set: &[u32], form: &[String]| {
        crate::text::bigrams(form).iter().all(|bi| {
            vocab
                .id(bi)
                .is_some_and(|id| set.binary_search(&id).is_ok())
        })
    };
    slot.forms()
        .map(|form| {
            if has(&words.name, form) && has_bigrams(&words.name_bigrams, form) {
                1.0
            } else if has(&words.all, form) && has_bigrams(&words.all_bigrams, form) {
                BODY_CREDIT
            } else {
                0.0
            }
        })
        .fold(0.0, f32::max)
}

/// Share of an entry's title words that the question names (1 when it names them all).
fn title_precision(words: &EntryWords, named: &[u32]) -> f32 {
    if words.title.is_empty() {
        return 0.0;
    }
    let hit = words.title.iter().filter(|id| named.contains(id)).count();
    hit as f32 / words.title.len() as f32
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SearchError> {
    let bytes = fs::read(path).map_err(SearchError::io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| SearchError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
