//! Answering a question from one opened generation: retrieval, re-ranking, decision.
//!
//! Tantivy's BM25 finds candidates; they are re-ranked by how much of the question they
//! cover (weighted by word rarity) and how little of their own title the question leaves
//! unnamed, so "làm giấy khai sinh" prefers the general procedure over "... lưu động".
//! Near-duplicates are settled by their deciding words ([`super::rivals`]), and the
//! fitted [`super::decision`] model answers, offers choices or declines from coverage
//! and the other signals, which do not drift with corpus size as raw BM25 does.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::decision::{self, DecisionModel, Outcome, QuestionSignals, Signals};
use super::entry::Entry;
use super::error::SearchError;
use super::generation::{self, Manifest, ENTRIES, OPPOSITES, SYNONYMS, TANTIVY_DIR};
use super::matching::{title_weight, Features, QuestionIds, TitleIds};
use super::query::QueryPlan;
use super::ranker::{RankFeatures, Ranker};
use super::rivals;
use super::schema::{fields_of, register_tokenizer, Fields};
use super::titles::{
    specificities, title_bigram_ids, title_lead_ids, title_names_again, title_sides, NameText,
};
use super::vocab::{EntryWords, Vocab, WORDS_FILE};
use crate::text::{
    asks_about_law, folded_words, OppositeSet, Opposites, SidesNamed, SynonymGroup, Synonyms,
};

/// Candidates taken from BM25 for re-ranking. 40 instead of 60 gave the same
/// cross-validated figures (5 and 10 folds: top-1 0.807–0.812, shown 0.886–0.891) with a
/// third less re-ranking work.
const CANDIDATES: usize = 40;
/// Hits returned to the caller.
const MAX_HITS: usize = 10;
/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub ord: usize,
    pub score: f32,
    pub coverage: f32,
    /// Share of the question's topic words and known compounds (the smaller) the name
    /// holds.
    pub named_share: f32,
    /// Share of the question's topic weight matched as whole phrases in the name.
    pub phrase: f32,
    /// Share of the entry's title words the question names.
    pub precision: f32,
    /// Share of the title's weight the question names.
    pub title_recall: f32,
    /// Share of the title's syllable pairs the question writes.
    pub title_phrase: f32,
    /// What the ranker scored.
    pub features: RankFeatures,
}

/// The ranked hits of one question and the decision on them.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub outcome: Outcome,
    /// What the decision read (for fitting and reports).
    pub signals: Signals,
    /// Positions in `hits` the choices would offer, whatever the outcome (for fitting).
    pub candidates: Vec<usize>,
    /// The query named some topic (not only filler words), so it was searched.
    pub has_topic: bool,
}

impl SearchResult {
    /// No hits: declined.
    pub fn empty() -> SearchResult {
        SearchResult {
            hits: Vec::new(),
            outcome: Outcome::Decline,
            signals: Signals::default(),
            candidates: Vec::new(),
            has_topic: false,
        }
    }

    /// The hits offered as choices, in order (none unless the outcome is choices).
    pub fn choice_hits(&self) -> impl Iterator<Item = &Hit> {
        let offered = if self.outcome == Outcome::Choices {
            self.candidates.as_slice()
        } else {
            &[]
        };
        offered.iter().map(|&j| &self.hits[j])
    }
}

/// A query analysed and its candidates ranked, before the decision.
struct Ranked {
    plan: QueryPlan,
    ids: QuestionIds,
    hits: Vec<Hit>,
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
    /// Sorted bigram ids of each entry's official title ([`TitleIds::bigrams`]).
    title_bigrams: Vec<Vec<u32>>,
    /// The same without the pairs holding a filler ([`TitleIds::deciding`]).
    title_deciding: Vec<Vec<u32>>,
    /// Ids of the marked action each title opens with ([`TitleIds::lead`]).
    title_leads: Vec<Vec<Vec<u32>>>,
    /// Whether each title names doing something again ([`TitleIds::again`]).
    title_again: Vec<bool>,
    /// How fully each title can name a procedure ([`TitleIds::specificity`]).
    title_specificity: Vec<f32>,
    vocab: Vocab,
    synonyms: Synonyms,
    opposites: Opposites,
    /// The opposite sides each entry's title names.
    title_sides: Vec<SidesNamed>,
    name_text: NameText,
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
        let opposites_file = dir.join(OPPOSITES);
        let opposites: Vec<OppositeSet> = if opposites_file.exists() {
            read_json(&opposites_file)?
        } else {
            Vec::new()
        };
        let opposites = Opposites::new(&opposites);
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
        // Generations written before the vocabulary file existed are analysed here.
        let words_file = dir.join(WORDS_FILE);
        let (vocab, words) = if words_file.exists() {
            Vocab::read(&words_file)?
        } else {
            Vocab::build(&entries)
        };
        if words.len() != entries.len() {
            return Err(SearchError::Corrupt {
                path: words_file,
                reason: format!("{} word sets for {} entries", words.len(), entries.len()),
            });
        }
        let (title_bigrams, title_deciding) =
            entries.iter().map(|e| title_bigram_ids(e, &vocab)).unzip();
        let title_specificity = specificities(
            words
                .iter()
                .map(|w| title_weight(&w.title, &vocab))
                .collect(),
        );
        let title_leads = entries.iter().map(|e| title_lead_ids(e, &vocab)).collect();
        let title_again = entries.iter().map(title_names_again).collect();
        let title_sides = entries.iter().map(|e| title_sides(e, &opposites)).collect();
        let name_text = NameText::of(&entries);
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
            title_bigrams,
            title_deciding,
            title_leads,
            title_again,
            title_specificity,
            vocab,
            synonyms: Synonyms::new(&groups),
            opposites,
            title_sides,
            name_text,
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

    /// True when some entry's name holds the folded `words` next to each other.
    pub fn names_run(&self, words: &[String]) -> bool {
        words
            .windows(2)
            .all(|p| self.vocab.names_pair(&p[0], &p[1]))
            && self.name_text.holds(words)
    }

    /// Ranks the knowledge base for `question` and decides with the embedded model.
    pub fn search(&self, question: &str) -> Result<SearchResult, SearchError> {
        self.search_with(question, question, DecisionModel::embedded())
    }

    /// Ranks the knowledge base for `query` (the question without its facet cues) and
    /// decides with `model`; what the question asks about (the law or a procedure) is
    /// read from the whole `question`.
    pub fn search_with(
        &self,
        query: &str,
        question: &str,
        model: &DecisionModel,
    ) -> Result<SearchResult, SearchError> {
        let Some(Ranked {
            plan,
            ids,
            mut hits,
        }) = self.rank(query, &model.ranker)?
        else {
            return Ok(SearchResult::empty());
        };
        hits.truncate(MAX_HITS);
        let rivalry = rivals::settle(
            &mut hits,
            &ids.bigrams,
            |ord| self.title(ord),
            |id| self.vocab.idf_id(id),
        );
        let asked = QuestionSignals {
            unknown_share: plan.unknown_share(&self.vocab),
            topics: plan.slots.iter().filter(|s| !s.stop).count(),
            asks_about_law: asks_about_law(question),
            diacritics_typed: plan.diacritics_typed,
        };
        let signals = Signals::of(&hits, &rivalry, &asked);
        let candidates = decision::choice_positions(&hits, &rivalry);
        Ok(SearchResult {
            outcome: model.decide(&signals, candidates.len()),
            hits,
            signals,
            candidates,
            has_topic: true,
        })
    }

    /// Every BM25 candidate of `query` scored by `ranker`, best first (for fitting the
    /// ranker: the decision sees only the head).
    pub fn rank_all(&self, query: &str, ranker: &Ranker) -> Result<Vec<Hit>, SearchError> {
        Ok(self.rank(query, ranker)?.map_or_else(Vec::new, |r| r.hits))
    }

    /// The analysed query and its candidates ranked; `None` when it names no topic.
    fn rank(&self, query: &str, ranker: &Ranker) -> Result<Option<Ranked>, SearchError> {
        let plan = QueryPlan::analyze(query, &self.vocab, &self.synonyms);
        if !plan.has_topic() {
            return Ok(None);
        }
        let ids = QuestionIds::new(&plan, &self.vocab);
        let mut hits = self.rerank(&ids, self.retrieve(&plan)?, ranker);
        self.drop_opposed(query, &mut hits);
        Ok(Some(Ranked { plan, ids, hits }))
    }

    /// Drops the hits whose title names another side of a distinction the question
    /// settles ("dưới 14 tuổi" for "trên 14 tuổi"): they are never answered nor offered.
    fn drop_opposed(&self, query: &str, hits: &mut Vec<Hit>) {
        if self.opposites.is_empty() {
            return;
        }
        let asked = self.opposites.named(&folded_words(query));
        if asked.iter().all(|&sides| sides == 0) {
            return;
        }
        hits.retain(|h| !Opposites::contradicts(&asked, &self.title_sides[h.ord]));
    }

    /// BM25 candidates as (entry ord, score).
    fn retrieve(&self, plan: &QueryPlan) -> Result<Vec<(usize, f32)>, SearchError> {
        let query = plan.to_query(&self.fields, &self.vocab);
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

    fn title(&self, ord: usize) -> TitleIds<'_> {
        TitleIds {
            words: &self.words[ord].title,
            bigrams: &self.title_bigrams[ord],
            deciding: &self.title_deciding[ord],
            lead: &self.title_leads[ord],
            again: self.title_again[ord],
            specificity: self.title_specificity[ord],
        }
    }

    /// Every candidate with its ranking features and the ranker's score, best first.
    fn rerank(
        &self,
        question: &QuestionIds,
        candidates: Vec<(usize, f32)>,
        ranker: &Ranker,
    ) -> Vec<Hit> {
        let best = candidates.first().map_or(1.0, |c| c.1).max(f32::EPSILON);
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .map(|(ord, bm25)| {
                let f = Features::of(question, &self.words[ord], self.title(ord), &self.vocab);
                let features = RankFeatures::of(bm25 / best, &f);
                Hit {
                    ord,
                    score: ranker.score(&features),
                    coverage: f.coverage,
                    named_share: f.named_share,
                    phrase: f.phrase,
                    precision: f.precision,
                    title_recall: f.title_recall,
                    title_phrase: f.title_phrase,
                    features,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.ord.cmp(&b.ord)));
        hits
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SearchError> {
    let bytes = fs::read(path).map_err(SearchError::io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| SearchError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
