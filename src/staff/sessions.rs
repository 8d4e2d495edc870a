//! Staff sessions: random tokens in an HttpOnly, SameSite=Strict cookie, each with its
//! own CSRF token for POST forms. Kept in a [`SessionStore`] (sled: [`SledSessions`]) so a
//! restart does not log staff out.
//! Reading them from a request is [`super::extract`]'s job.

use std::sync::Arc;

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

/// Where sessions are kept, by token.
pub trait SessionStore: Send + Sync {
    fn insert(&self, token: &str, session: &Session) -> Result<(), sled::Error>;
    fn get(&self, token: &str) -> Option<Session>;
    fn remove(&self, token: &str);
}

/// Sessions in sled, as JSON by token.
pub struct SledSessions {
    tree: sled::Tree,
}

impl SledSessions {
    pub fn new(storage: &Storage) -> Result<SledSessions, sled::Error> {
        Ok(SledSessions {
            tree: storage.tree(Tree::StaffSessions)?,
        })
    }
}

impl SessionStore for SledSessions {
    fn insert(&self, token: &str, session: &Session) -> Result<(), sled::Error> {
        let bytes = serde_json::to_vec(session).expect("session serializes");
        self.tree.insert(token.as_bytes(), bytes).map(|_| ())
    }

    fn get(&self, token: &str) -> Option<Session> {
        let bytes = self.tree.get(token.as_bytes()).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    fn remove(&self, token: &str) {
        let _ = self.tree.remove(token.as_bytes());
    }
}

/// Staff sessions: created at login, expired after [`SESSION_SECS`].
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
}

impl Sessions {
    /// The sessions of the sled database.
    pub fn new(storage: &Storage) -> Result<Sessions, sled::Error> {
        Ok(Sessions::with_store(Arc::new(SledSessions::new(storage)?)))
    }

    pub fn with_store(store: Arc<dyn SessionStore>) -> Sessions {
        Sessions { store }
    }

    pub fn create(&self, staff: &str) -> Result<(String, Session), sled::Error> {
        let token = random_token();
        let session = Session {
            staff: staff.to_owned(),
            csrf: random_token(),
            expires: now_secs() + SESSION_SECS,
        };
        self.store.insert(&token, &session)?;
        Ok((token, session))
    }

    /// The session of a token, unless it expired (then it is removed).
    pub fn get(&self, token: &str) -> Option<Session> {
        let s = self.store.get(token)?;
        if s.expires < now_secs() {
            self.store.remove(token);
            return None;
        }
        Some(s)
    }

    pub fn remove(&self, token: &str) {
        self.store.remove(token);
    }
}
