//! Staff sessions: random tokens in an HttpOnly, SameSite=Strict cookie, each with its
//! own CSRF token for POST forms. Kept in sled so a restart does not log staff out.
//! Reading them from a request is [`super::extract`]'s job.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};

use crate::storage::{Storage, Tree};
use crate::time::now_secs;

/// Sessions last a working day.
const SESSION_SECS: u64 = 12 * 3600;
pub const COOKIE: &str = "tthc_staff";
pub const LOGIN_CSRF_COOKIE: &str = "tthc_login_csrf";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub staff: String,
    pub csrf: String,
    pub expires: u64,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[derive(Clone)]
pub struct Sessions {
    tree: sled::Tree,
}

impl Sessions {
    pub fn new(storage: &Storage) -> Result<Sessions, sled::Error> {
        Ok(Sessions {
            tree: storage.tree(Tree::StaffSessions)?,
        })
    }

    pub fn create(&self, staff: &str) -> Result<(String, Session), sled::Error> {
        let token = random_token();
        let session = Session {
            staff: staff.to_owned(),
            csrf: random_token(),
            expires: now_secs() + SESSION_SECS,
        };
        self.tree.insert(
            token.as_bytes(),
            serde_json::to_vec(&session).expect("session serializes"),
        )?;
        Ok((token, session))
    }

    pub fn get(&self, token: &str) -> Option<Session> {
        let bytes = self.tree.get(token.as_bytes()).ok()??;
        let s: Session = serde_json::from_slice(&bytes).ok()?;
        if s.expires < now_secs() {
            let _ = self.tree.remove(token.as_bytes());
            return None;
        }
        Some(s)
    }

    pub fn remove(&self, token: &str) {
        let _ = self.tree.remove(token.as_bytes());
    }
}
