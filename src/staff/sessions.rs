//! Staff sessions: random tokens in an HttpOnly, SameSite=Strict cookie, each with its
//! own CSRF token for POST forms. Kept in a [`SessionStore`] (sled: [`StoredSessions`]) so a
//! restart does not log staff out; the store knows only the SHA-256 of each token, so a
//! copy of the database opens no session.
//! A session ends after [`SESSION_SECS`], or sooner when unused for the idle time.
//! Reading them from a request (and checking the account) is [`super::extract`]'s job.

use std::sync::Arc;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::storage::{Storage, Table, Tree};
use crate::time::now_secs;

/// Sessions last a working day at most.
pub const SESSION_SECS: u64 = 12 * 3600;
/// A session unused this long ends (unless configured otherwise).
pub const DEFAULT_IDLE_SECS: u64 = 30 * 60;
pub const COOKIE: &str = "tthc_staff";
pub const LOGIN_CSRF_COOKIE: &str = "tthc_login_csrf";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub staff: String,
    pub csrf: String,
    pub expires: u64,
    /// When the session was last used.
    #[serde(default)]
    pub last_seen: u64,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The key a session is stored under: the hex SHA-256 of its token.
pub fn token_key(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Where sessions are kept, by [`token_key`].
pub trait SessionStore: Send + Sync {
    fn insert(&self, key: &str, session: &Session) -> Result<(), crate::storage::StorageError>;
    fn get(&self, key: &str) -> Option<Session>;
    fn remove(&self, key: &str);
}

/// Sessions in the database, as JSON by token hash.
pub struct StoredSessions {
    tree: Table,
}

impl StoredSessions {
    pub fn new(storage: &Storage) -> Result<StoredSessions, crate::storage::StorageError> {
        Ok(StoredSessions {
            tree: storage.tree(Tree::StaffSessions)?,
        })
    }
}

impl SessionStore for StoredSessions {
    fn insert(&self, key: &str, session: &Session) -> Result<(), crate::storage::StorageError> {
        let bytes = serde_json::to_vec(session).expect("session serializes");
        self.tree.insert(key.as_bytes(), bytes).map(|_| ())
    }

    fn get(&self, key: &str) -> Option<Session> {
        let bytes = self.tree.get(key.as_bytes()).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    fn remove(&self, key: &str) {
        let _ = self.tree.remove(key.as_bytes());
    }
}

/// The clock sessions read (seconds since the epoch); tests inject their own.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// Staff sessions: created at login, ended after [`SESSION_SECS`] or the idle time.
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    idle_secs: u64,
    clock: Clock,
}

impl Sessions {
    /// The sessions of the database.
    pub fn new(storage: &Storage) -> Result<Sessions, crate::storage::StorageError> {
        Ok(Sessions::with_store(Arc::new(StoredSessions::new(
            storage,
        )?)))
    }

    pub fn with_store(store: Arc<dyn SessionStore>) -> Sessions {
        Sessions {
            store,
            idle_secs: DEFAULT_IDLE_SECS,
            clock: Arc::new(now_secs),
        }
    }

    /// The same sessions ending after `secs` unused (at least a minute).
    pub fn idle_after(mut self, secs: u64) -> Sessions {
        self.idle_secs = secs.max(60);
        self
    }

    /// The same sessions on another clock.
    pub fn with_clock(mut self, clock: Clock) -> Sessions {
        self.clock = clock;
        self
    }

    pub fn create(&self, staff: &str) -> Result<(String, Session), crate::storage::StorageError> {
        let token = random_token();
        let now = (self.clock)();
        let session = Session {
            staff: staff.to_owned(),
            csrf: random_token(),
            expires: now + SESSION_SECS,
            last_seen: now,
        };
        self.store.insert(&token_key(&token), &session)?;
        Ok((token, session))
    }

    /// The session of a token, unless it expired or sat idle (then it is removed); using
    /// it moves its last use to now.
    pub fn get(&self, token: &str) -> Option<Session> {
        let key = token_key(token);
        let mut s = self.store.get(&key)?;
        let now = (self.clock)();
        if s.expires < now || s.last_seen.saturating_add(self.idle_secs) < now {
            self.store.remove(&key);
            return None;
        }
        if s.last_seen != now {
            s.last_seen = now;
            if let Err(e) = self.store.insert(&key, &s) {
                tracing::warn!(error = %e, "cannot update a staff session");
            }
        }
        Some(s)
    }

    pub fn remove(&self, token: &str) {
        self.store.remove(&token_key(token));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    fn sessions_at(now: &Arc<AtomicU64>, storage: &Storage) -> Sessions {
        let clock = now.clone();
        Sessions::new(storage)
            .unwrap()
            .idle_after(30 * 60)
            .with_clock(Arc::new(move || clock.load(Ordering::SeqCst)))
    }

    #[test]
    fn an_unused_session_ends_after_the_idle_time() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let now = Arc::new(AtomicU64::new(1_000_000));
            let sessions = sessions_at(&now, &storage);
            let (token, _) = sessions.create("lan").unwrap();
            now.fetch_add(29 * 60, Ordering::SeqCst);
            assert!(sessions.get(&token).is_some(), "used within the idle time");
            now.fetch_add(29 * 60, Ordering::SeqCst);
            assert!(
                sessions.get(&token).is_some(),
                "each use moves the last use"
            );
            now.fetch_add(31 * 60, Ordering::SeqCst);
            assert!(sessions.get(&token).is_none(), "idle too long");
            now.fetch_sub(31 * 60, Ordering::SeqCst);
            assert!(sessions.get(&token).is_none(), "and removed");
        }
    }

    #[test]
    fn a_used_session_still_ends_after_twelve_hours() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let now = Arc::new(AtomicU64::new(1_000_000));
            let sessions = sessions_at(&now, &storage);
            let (token, _) = sessions.create("lan").unwrap();
            for _ in 0..(SESSION_SECS / 600) {
                now.fetch_add(600, Ordering::SeqCst);
                assert!(sessions.get(&token).is_some());
            }
            now.fetch_add(1, Ordering::SeqCst);
            assert!(sessions.get(&token).is_none());
        }
    }

    #[test]
    fn the_store_keeps_only_a_hash_of_the_token() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let db = storage.clone();
            let sessions = Sessions::new(&db).unwrap();
            let (token, _) = sessions.create("lan").unwrap();
            let tree = db.tree(Tree::StaffSessions).unwrap();
            assert!(tree.get(token.as_bytes()).unwrap().is_none());
            assert!(tree.get(token_key(&token).as_bytes()).unwrap().is_some());
            assert_eq!(sessions.get(&token).unwrap().staff, "lan");
            // A stored key used as a cookie opens nothing.
            assert!(sessions.get(&token_key(&token)).is_none());
        }
    }
}
