//! Tantivy schema: each text indexed accented, folded and as folded bigrams.
//!
//! Texts are analyzed by [`crate::text`] before they reach tantivy, so tantivy only
//! splits on whitespace: index and query analysis are the same code by construction.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::Index;

/// Name of the tokenizer every text field uses.
pub const TOKENIZER: &str = "tthc_pretokenized";

/// Handles on the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub ord: Field,
    pub kind: Field,
    pub name_acc: Field,
    pub name_fold: Field,
    pub name_bi: Field,
    pub body_acc: Field,
    pub body_fold: Field,
    pub body_bi: Field,
}

pub fn schema() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        ord: b.add_u64_field("ord", FAST),
        kind: b.add_text_field("kind", STRING),
        name_acc: b.add_text_field("name_acc", text.clone()),
        name_fold: b.add_text_field("name_fold", text.clone()),
        name_bi: b.add_text_field("name_bi", text.clone()),
        body_acc: b.add_text_field("body_acc", text.clone()),
        body_fold: b.add_text_field("body_fold", text.clone()),
        body_bi: b.add_text_field("body_bi", text),
    };
    (b.build(), fields)
}

/// Registers the tokenizer; needed on every create and open (each index has its own).
pub fn register_tokenizer(index: &Index) {
    index.tokenizers().register(
        TOKENIZER,
        TextAnalyzer::from(WhitespaceTokenizer::default()),
    );
}

/// Looks the fields up in an opened index.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let get = |name: &str| schema.get_field(name);
    Ok(Fields {
        ord: get("ord")?,
        kind: get("kind")?,
        name_acc: get("name_acc")?,
        name_fold: get("name_fold")?,
        name_bi: get("name_bi")?,
        body_acc: get("body_acc")?,
        body_fold: get("body_fold")?,
        body_bi: get("body_bi")?,
    })
}
