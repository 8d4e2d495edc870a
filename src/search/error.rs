//! Errors of building and opening the index.

use std::path::PathBuf;

use crate::knowledge::Problems;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Knowledge(#[from] Problems),
    #[error("no index generation in {0} (run `tthc-bot index build`)")]
    NoIndex(PathBuf),
    #[error("index generation {path} is unreadable: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("index i/o on {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("shared generation: {0}")]
    Shared(Box<crate::storage::StorageError>),
}

impl SearchError {
    pub fn shared(e: crate::storage::StorageError) -> SearchError {
        SearchError::Shared(Box::new(e))
    }

    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> SearchError {
        let path = path.into();
        move |source| SearchError::Io { path, source }
    }
}
