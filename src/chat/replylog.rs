//! The reply log for staff reports: one JSON line per reply, no personal data.
//!
//! User ids are replaced by a keyed pseudonym (HMAC-SHA256 with the data folder's secret,
//! truncated), so numeric Telegram and Zalo ids cannot be recovered by hashing candidates;
//! phone and ID numbers, e-mail addresses, names and addresses are masked
//! ([`super::mask`]) before the question is written. The file is readable by its owner
//! only (0600).

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::mask::mask_personal;
use crate::channel::Channel;
use crate::storage::{data_secret, open_private_append, StorageError};
use crate::time::now_secs;

/// Name of the log under the data folder.
pub const REPLY_LOG_FILE: &str = "replies.jsonl";

#[derive(Debug, Serialize)]
pub struct ReplyRecord<'a> {
    pub ts: u64,
    pub channel: Channel,
    pub user: String,
    pub question: String,
    pub top_hit: Option<&'a str>,
    pub answered: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReplyLogError {
    #[error("reply log {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Secret(#[from] StorageError),
}

/// Appends reply records to `replies.jsonl`.
pub struct ReplyLog {
    file: Mutex<File>,
    secret: [u8; 32],
}

impl ReplyLog {
    /// Opens (or creates, mode 0600) `data_dir/replies.jsonl`, with the data folder's
    /// secret (generated on first start).
    pub fn open(data_dir: &Path) -> Result<ReplyLog, ReplyLogError> {
        let secret = data_secret(data_dir)?;
        let path = data_dir.join(REPLY_LOG_FILE);
        let file = open_private_append(&path).map_err(|source| ReplyLogError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(ReplyLog {
            file: Mutex::new(file),
            secret,
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
            user: hash_user(&self.secret, channel.as_str(), user),
            question: mask_personal(question),
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

/// A stable pseudonym for a user: the first 16 hex digits of
/// HMAC-SHA256(secret, channel ‖ NUL ‖ user).
pub fn hash_user(secret: &[u8; 32], channel: &str, user: &str) -> String {
    let message = [channel.as_bytes(), b"\0", user.as_bytes()].concat();
    hex::encode(&hmac_sha256(secret, &message)[..8])
}

/// HMAC-SHA256 (RFC 2104) with a key no longer than the 64-byte block.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut padded = [0u8; BLOCK];
    padded[..key.len()].copy_from_slice(key);
    let pad = |byte: u8| padded.map(|k| k ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_pseudonyms_are_keyed_and_stable() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(hash_user(&a, "web", "u"), hash_user(&a, "web", "u"));
        assert_ne!(hash_user(&a, "web", "u"), hash_user(&a, "zalo", "u"));
        assert_ne!(hash_user(&a, "web", "u"), hash_user(&b, "web", "u"));
        assert_eq!(hash_user(&a, "web", "u").len(), 16);
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231, key "Jefe" zero-padded (HMAC pads short keys so).
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            hex::encode(hmac_sha256(&key, b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
