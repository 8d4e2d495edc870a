//! Validation problems, reported as `path:line: field: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one knowledge file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: usize, field: &str, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// Every problem found while loading the knowledge base.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "knowledge base has {} problem(s):", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}
