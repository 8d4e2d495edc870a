//! Integration tests, one module per capability, in one binary (one link of the crate).

mod common;
mod knowledge_errors;
mod ocr_plans;
mod search_quality;
