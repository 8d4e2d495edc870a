//! The reply log for staff reports: one JSON line per reply, no personal data.
//!
//! User ids are hashed (SHA-256, truncated) and digit runs that look like phone numbers
//! are masked before the question is written.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::channel::Channel;
use crate::time::now_secs;

#[derive(Debug, Serialize)]
pub struct ReplyRecord<'a> {
    pub ts: u64,
    pub channel: Channel,
    pub user: String,
    pub question: String,
    pub top_hit: Option<&'a str>,
    pub answered: bool,
}

/// Appends reply records to `replies.jsonl`.
pub struct ReplyLog {
    file: Mutex<File>,
}

impl ReplyLog {
    pub fn open(data_dir: &Path) -> std::io::Result<ReplyLog> {
        std::fs::create_dir_all(data_dir)?;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join("replies.jsonl"))?;
        Ok(ReplyLog {
            file: Mutex::new(file),
        })
    }

    pub fn record(
        &self,
        channel: Channel,
        user: &str,
        question: &str,
        top_hit: Option<&str>,
        answered: bool,
    ) {
        let record = ReplyRecord {
            ts: now_secs(),
            channel,
            user: hash_user(channel.as_str(), user),
            question: mask_phones(question),
            top_hit,
            answered,
        };
        let mut line = serde_json::to_string(&record).expect("record serializes");
        line.push('\n');
        let mut file = self.file.lock().expect("reply log lock poisoned");
        if let Err(e) = file.write_all(line.as_bytes()) {
            tracing::warn!(error = %e, "cannot append to the reply log");
        }
    }
}

/// A stable pseudonym for a user: first 16 hex digits of SHA-256(channel:user).
pub fn hash_user(channel: &str, user: &str) -> String {
    let digest = Sha256::digest(format!("{channel}:{user}").as_bytes());
    hex::encode(&digest[..8])
}

/// Replaces runs of 9 or more digits (phone numbers, with spaces or dots) by "***".
pub fn mask_phones(text: &str) -> String {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    let re = PHONE.get_or_init(|| Regex::new(r"\+?\d(?:[\s.\-]?\d){8,}").expect("valid regex"));
    re.replace_all(text, "***").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phone_numbers_and_hashes_users() {
        assert_eq!(mask_phones("gọi 0912 345 678 giúp"), "gọi *** giúp");
        assert_eq!(mask_phones("số +84912345678"), "số ***");
        assert_eq!(mask_phones("năm 2025"), "năm 2025");
        assert_eq!(hash_user("web", "a"), hash_user("web", "a"));
        assert_ne!(hash_user("web", "a"), hash_user("zalo", "a"));
    }
}
