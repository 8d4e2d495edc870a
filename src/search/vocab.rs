//! Folded-word vocabulary of a generation and each entry's word sets.
//!
//! Built with the generation from the same analysis tantivy receives, and written next to
//! it (`words.bin`), so opening a generation reads ids instead of re-analysing every text.
//! It gives document frequencies (for word weights and typo correction) and lets the
//! searcher check which query words an entry covers.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::entry::Entry;
use super::error::SearchError;
use crate::text::{folded_words, is_stopword, Analyzed, BIGRAM_JOIN};

/// File of a generation holding the vocabulary and every entry's word sets.
pub const WORDS_FILE: &str = "words.bin";
const MAGIC: &[u8; 8] = b"TTHCVOC1";
/// Share of the entries above which a word is common (see [`Vocab::common_in_bodies`]).
/// Chosen on the labelled questions: 0.05–0.5 keep the cross-validated figures within a
/// question or two of searching every body word (5, 4 and 10 folds), and 0.25 cuts the
/// p99 search time of the long real questions by about a quarter.
const COMMON_SHARE: f32 = 0.25;

/// Sorted, de-duplicated word ids of one entry.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EntryWords {
    /// Words of the official title (without stop words).
    pub title: Vec<u32>,
    /// Words of the name runs (title, aliases, field).
    pub name: Vec<u32>,
    /// Every word of the entry.
    pub all: Vec<u32>,
    /// Bigrams of the name runs.
    pub name_bigrams: Vec<u32>,
    /// Every bigram of the entry.
    pub all_bigrams: Vec<u32>,
}

/// The analysis of one entry: what tantivy indexes and what the vocabulary counts.
pub struct EntryText {
    /// Folded title words.
    pub title: Vec<String>,
    pub name: Analyzed,
    pub body: Analyzed,
}

impl EntryText {
    pub fn of(entry: &Entry) -> EntryText {
        EntryText {
            title: entry
                .title_runs()
                .iter()
                .flat_map(|run| folded_words(run))
                .collect(),
            name: Analyzed::of_all(entry.name_runs()),
            body: Analyzed::of_all(entry.body_runs()),
        }
    }
}

/// Interned folded words and bigrams with their document frequencies.
#[derive(Debug, Default, PartialEq)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    /// Entries holding the word anywhere.
    df: Vec<u32>,
    /// Entries whose name runs (title, aliases, field) hold the word.
    name_df: Vec<u32>,
    /// Bigrams some entry's name runs hold.
    name_pairs: HashSet<u32>,
    docs: usize,
}

impl Vocab {
    /// Analyses and interns every entry's words.
    pub fn build(entries: &[Entry]) -> (Vocab, Vec<EntryWords>) {
        let mut vocab = Vocab::default();
        let words = entries
            .iter()
            .map(|e| vocab.add(&EntryText::of(e)))
            .collect();
        (vocab, words)
    }

    /// Counts one more entry and returns its word sets.
    pub fn add(&mut self, text: &EntryText) -> EntryWords {
        self.docs += 1;
        let title = self.intern_set(&text.title, true);
        let name = self.intern_set(&text.name.folded, false);
        let body = self.intern_set(&text.body.folded, false);
        let name_bigrams = self.intern_set(&text.name.bigrams, false);
        let body_bigrams = self.intern_set(&text.body.bigrams, false);
        let all = union(&name, &body);
        for &id in &all {
            self.df[id as usize] += 1;
        }
        for &id in &name {
            self.name_df[id as usize] += 1;
        }
        self.name_pairs.extend(&name_bigrams);
        EntryWords {
            title,
            name,
            all,
            all_bigrams: union(&name_bigrams, &body_bigrams),
            name_bigrams,
        }
    }

    fn intern_set(&mut self, tokens: &[String], skip_stopwords: bool) -> Vec<u32> {
        let mut ids: Vec<u32> = tokens
            .iter()
            .filter(|t| !(skip_stopwords && is_stopword(t)))
            .map(|t| self.intern(t))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(word.to_owned(), id);
        self.df.push(0);
        self.name_df.push(0);
        id
    }

    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub fn df(&self, word: &str) -> u32 {
        self.id(word).map_or(0, |id| self.df[id as usize])
    }

    pub fn contains(&self, word: &str) -> bool {
        self.ids.contains_key(word)
    }

    /// True when more than [`COMMON_SHARE`] of the entries hold the word: the body
    /// fields' query leaves it out, since its postings cost the most and separate the
    /// least (the names and the ranking features still count it).
    pub fn common_in_bodies(&self, word: &str) -> bool {
        self.df(word) as f32 > COMMON_SHARE * self.docs as f32
    }

    /// True when some entry's name runs (title, aliases, field) hold the word.
    pub fn in_names(&self, word: &str) -> bool {
        self.id(word)
            .is_some_and(|id| self.name_df[id as usize] > 0)
    }

    /// True when some entry's name runs hold the two folded words next to each other.
    pub fn names_pair(&self, left: &str, right: &str) -> bool {
        self.id(&format!("{left}{BIGRAM_JOIN}{right}"))
            .is_some_and(|id| self.name_pairs.contains(&id))
    }

    /// BM25-style inverse document frequency over the names (a question names its
    /// procedure; legal boilerplate in bodies would make "lao động" look common). A word
    /// in no name weighs by its body frequency; unknown words weigh the most.
    pub fn idf(&self, word: &str) -> f32 {
        self.id(word)
            .map_or_else(|| self.idf_of_df(0), |id| self.idf_id(id))
    }

    /// [`Vocab::idf`] of a known word id.
    pub fn idf_id(&self, id: u32) -> f32 {
        let id = id as usize;
        let df = if self.name_df[id] > 0 {
            self.name_df[id]
        } else {
            self.df[id]
        };
        self.idf_of_df(df)
    }

    fn idf_of_df(&self, df: u32) -> f32 {
        let (n, df) = (self.docs as f32, df as f32);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The file form of the vocabulary and the entries' word sets (little-endian u32s).
    pub fn to_bytes(&self, words: &[EntryWords]) -> Vec<u8> {
        let mut by_id = vec![""; self.df.len()];
        for (w, &id) in &self.ids {
            by_id[id as usize] = w;
        }
        let mut out = MAGIC.to_vec();
        put(&mut out, self.docs as u32);
        put(&mut out, by_id.len() as u32);
        for w in by_id {
            put(&mut out, w.len() as u32);
            out.extend_from_slice(w.as_bytes());
        }
        put_list(&mut out, &self.df);
        put_list(&mut out, &self.name_df);
        put(&mut out, words.len() as u32);
        for e in words {
            for list in [&e.title, &e.name, &e.all, &e.name_bigrams, &e.all_bigrams] {
                put_list(&mut out, list);
            }
        }
        out
    }

    /// Reads what [`Vocab::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<(Vocab, Vec<EntryWords>), String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err("not a vocabulary file".into());
        }
        let docs = r.u32()? as usize;
        let count = r.u32()? as usize;
        let mut ids = HashMap::with_capacity(count);
        for id in 0..count {
            let len = r.u32()? as usize;
            let word = std::str::from_utf8(r.take(len)?).map_err(|e| e.to_string())?;
            ids.insert(word.to_owned(), id as u32);
        }
        let (df, name_df) = (r.list()?, r.list()?);
        if df.len() != count || name_df.len() != count {
            return Err("frequency tables do not match the word list".into());
        }
        let entries = r.u32()? as usize;
        let mut words = Vec::with_capacity(entries);
        for _ in 0..entries {
            words.push(EntryWords {
                title: r.list()?,
                name: r.list()?,
                all: r.list()?,
                name_bigrams: r.list()?,
                all_bigrams: r.list()?,
            });
        }
        let name_pairs = words
            .iter()
            .flat_map(|w| w.name_bigrams.iter().copied())
            .collect();
        let vocab = Vocab {
            ids,
            df,
            name_df,
            name_pairs,
            docs,
        };
        Ok((vocab, words))
    }

    /// Reads a generation's vocabulary file.
    pub fn read(path: &Path) -> Result<(Vocab, Vec<EntryWords>), SearchError> {
        let bytes = std::fs::read(path).map_err(SearchError::io(path))?;
        Vocab::from_bytes(&bytes).map_err(|reason| SearchError::Corrupt {
            path: path.to_path_buf(),
            reason,
        })
    }
}

fn put(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_list(out: &mut Vec<u8>, list: &[u32]) {
    put(out, list.len() as u32);
    for &n in list {
        put(out, n);
    }
}

/// A cursor over a vocabulary file; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("truncated vocabulary file")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn list(&mut self) -> Result<Vec<u32>, String> {
        let len = self.u32()? as usize;
        let b = self.take(len.checked_mul(4).ok_or("bad list length")?)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut all: Vec<u32> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PlanSection;

    #[test]
    fn file_round_trip_keeps_every_id_and_frequency() {
        let section = |id: &str, text: &str| {
            Entry::Plan(PlanSection {
                id: id.into(),
                plan_title: "Kế hoạch tuyên truyền".into(),
                issuer: None,
                year: None,
                context: String::new(),
                source: "k.md".into(),
                heading: "I. MỤC ĐÍCH".into(),
                text: text.into(),
            })
        };
        let entries = [
            section("a", "Đăng ký khai sinh"),
            section("b", "Cải cách hành chính"),
        ];
        let (vocab, words) = Vocab::build(&entries);
        let bytes = vocab.to_bytes(&words);
        let (read, read_words) = Vocab::from_bytes(&bytes).unwrap();
        assert_eq!(read, vocab);
        assert_eq!(read_words, words);
        assert!(Vocab::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        assert!(Vocab::from_bytes(b"nonsense").is_err());
    }
}
