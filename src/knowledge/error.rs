//! Validation problems, reported as `path:line: field: message` (a missing knowledge
//! folder as a plain sentence).

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

    /// The knowledge folder itself is missing.
    pub fn missing_folder(root: &Path) -> Self {
        let message = format!("knowledge folder {} not found", root.display());
        Problem::new(root, 0, "", message)
    }

    /// A problem of the whole base rather than of a file's field (shown as its message).
    pub fn is_whole_base(&self) -> bool {
        self.line == 0 && self.field.is_empty()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole_base() {
            return f.write_str(&self.message);
        }
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
        if let [only] = self.0.as_slice() {
            if only.is_whole_base() {
                return write!(f, "{only}");
            }
        }
        writeln!(f, "knowledge base has {} problem(s):", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}
