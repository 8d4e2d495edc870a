//! Building a new index generation from the knowledge base.
//!
//! Validation happens before anything is written: a broken knowledge file never produces
//! a generation, and the serving one stays untouched.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};
use tantivy::{Index, TantivyDocument};

use super::entry::Entry;
use super::error::SearchError;
use super::generation::{self, Manifest, ENTRIES, MANIFEST, OPPOSITES, SYNONYMS, TANTIVY_DIR};
use super::schema::{register_tokenizer, schema, Fields};
use super::vocab::{EntryText, EntryWords, Vocab, WORDS_FILE};
use crate::files::files_below;
use crate::knowledge::{self, Knowledge};

/// Memory budget of the tantivy writer.
const WRITER_MEMORY: usize = 50_000_000;

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub manifest: Manifest,
    pub generation_dir: std::path::PathBuf,
}

/// Validates `knowledge_dir`, writes a new generation under `index_dir`, switches to it.
pub fn build(knowledge_dir: &Path, index_dir: &Path) -> Result<BuildReport, SearchError> {
    build_with_progress(knowledge_dir, index_dir, &mut |_, _| {})
}

/// [`build`], reporting (documents indexed, total) as it goes.
pub fn build_with_progress(
    knowledge_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport, SearchError> {
    let knowledge = knowledge::load(knowledge_dir)?;
    let checksum = checksum(knowledge_dir);
    build_knowledge(&knowledge, checksum, index_dir, progress)
}

/// Writes a generation for an already loaded knowledge base (benchmarks build synthetic
/// ones this way) and switches to it.
pub fn build_knowledge(
    knowledge: &Knowledge,
    checksum: String,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport, SearchError> {
    fs::create_dir_all(index_dir).map_err(SearchError::io(index_dir))?;
    // Claimed by creating it: a failed build then deletes only its own folder.
    let (name, gen_dir) = generation::claim_generation(index_dir)?;
    let result = write_generation(knowledge, &gen_dir, &name, checksum, progress);
    match result {
        Ok(manifest) => {
            generation::switch_pointer(index_dir, &name)?;
            generation::prune(index_dir);
            Ok(BuildReport {
                manifest,
                generation_dir: gen_dir,
            })
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&gen_dir);
            Err(e)
        }
    }
}

fn write_generation(
    knowledge: &Knowledge,
    gen_dir: &Path,
    name: &str,
    knowledge_checksum: String,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Manifest, SearchError> {
    let tantivy_dir = gen_dir.join(TANTIVY_DIR);
    fs::create_dir_all(&tantivy_dir).map_err(SearchError::io(&tantivy_dir))?;
    let entries = Entry::all(knowledge);
    let (vocab, words) = write_tantivy(&tantivy_dir, &entries, progress)?;
    generation::write_synced(&gen_dir.join(WORDS_FILE), &vocab.to_bytes(&words))?;
    let entries_json = serde_json::to_vec(&entries).expect("entries serialize");
    generation::write_synced(&gen_dir.join(ENTRIES), &entries_json)?;
    let synonyms_json = serde_json::to_vec(&knowledge.synonyms).expect("synonyms serialize");
    generation::write_synced(&gen_dir.join(SYNONYMS), &synonyms_json)?;
    let opposites_json = serde_json::to_vec(&knowledge.opposites).expect("opposites serialize");
    generation::write_synced(&gen_dir.join(OPPOSITES), &opposites_json)?;
    let manifest = Manifest {
        generation: name.to_owned(),
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        knowledge_checksum,
        procedures: knowledge.procedures.len(),
        plan_sections: knowledge.plan_sections.len(),
        synonym_groups: knowledge.synonyms.len(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
    generation::write_synced(&gen_dir.join(MANIFEST), &manifest_json)?;
    Ok(manifest)
}

/// Indexes every entry; the same analysis builds the generation's vocabulary.
fn write_tantivy(
    dir: &Path,
    entries: &[Entry],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vocab, Vec<EntryWords>), SearchError> {
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    register_tokenizer(&index);
    let mut writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    let mut vocab = Vocab::default();
    let mut words = Vec::with_capacity(entries.len());
    for (ord, entry) in entries.iter().enumerate() {
        let text = EntryText::of(entry);
        writer.add_document(document(&fields, ord as u64, entry, &text))?;
        words.push(vocab.add(&text));
        if ord % 100 == 99 {
            progress(ord + 1, entries.len());
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    progress(entries.len(), entries.len());
    Ok((vocab, words))
}

fn document(fields: &Fields, ord: u64, entry: &Entry, text: &EntryText) -> TantivyDocument {
    let (name, body) = (&text.name, &text.body);
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.ord, ord);
    doc.add_text(fields.kind, entry.kind().as_str());
    doc.add_text(fields.name_acc, name.accented.join(" "));
    doc.add_text(fields.name_fold, name.folded.join(" "));
    doc.add_text(fields.name_bi, name.bigrams.join(" "));
    doc.add_text(fields.body_acc, body.accented.join(" "));
    doc.add_text(fields.body_fold, body.folded.join(" "));
    doc.add_text(fields.body_bi, body.bigrams.join(" "));
    doc
}

/// SHA-256 over every file's relative path and content, in path order.
pub(super) fn checksum(root: &Path) -> String {
    let mut h = Sha256::new();
    for f in files_below(root) {
        let rel = f.strip_prefix(root).unwrap_or(&f).to_string_lossy();
        add_file(&mut h, &rel, &fs::read(&f).unwrap_or_default());
    }
    hex::encode(h.finalize())
}

fn add_file(h: &mut Sha256, rel: &str, content: &[u8]) {
    h.update(rel.as_bytes());
    h.update(content);
}

/// The knowledge checksum of files already read: (path relative to the knowledge
/// folder, content), in path order; the same as a build of those files records.
pub fn checksum_of(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (rel, content) in files {
        add_file(&mut h, rel, content);
    }
    hex::encode(h.finalize())
}
