//! Staff accounts in sled, passwords hashed with argon2id, a failed-login limiter.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use crate::storage::{Storage, Tree};
use crate::time::now_secs;

/// Failed logins allowed per account within [`LOCK_WINDOW`].
const MAX_FAILURES: usize = 5;
const LOCK_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("staff store: {0}")]
    Sled(#[from] sled::Error),
    #[error("staff name must be 1-64 letters, digits, '.', '_' or '-': {0:?}")]
    BadName(String),
    #[error("password must have at least {MIN_PASSWORD} characters")]
    WeakPassword,
    #[error("staff account {0:?} already exists")]
    Exists(String),
    #[error("staff account {0:?} not found")]
    NotFound(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: u64,
}

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    WrongCredentials,
    Disabled,
    TooManyAttempts,
}

pub struct Accounts {
    tree: sled::Tree,
    storage: Storage,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

impl Accounts {
    pub fn new(storage: &Storage) -> Result<Accounts, StaffError> {
        Ok(Accounts {
            tree: storage.tree(Tree::StaffAccounts)?,
            storage: storage.clone(),
            failures: Mutex::new(HashMap::new()),
        })
    }

    pub fn add(&self, name: &str, password: &str) -> Result<(), StaffError> {
        if !valid_name(name) {
            return Err(StaffError::BadName(name.to_owned()));
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(StaffError::WeakPassword);
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| StaffError::Hash(e.to_string()))?
            .to_string();
        let account = Account {
            name: name.to_owned(),
            password_hash: hash,
            disabled: false,
            created_at: now_secs(),
        };
        let bytes = serde_json::to_vec(&account).expect("account serializes");
        match self
            .tree
            .compare_and_swap(name, None as Option<&[u8]>, Some(bytes))?
        {
            Ok(()) => {
                self.storage.flush()?;
                Ok(())
            }
            Err(_) => Err(StaffError::Exists(name.to_owned())),
        }
    }

    pub fn get(&self, name: &str) -> Result<Option<Account>, StaffError> {
        Ok(self
            .tree
            .get(name)?
            .and_then(|b| serde_json::from_slice(&b).ok()))
    }

    pub fn list(&self) -> Vec<Account> {
        self.tree
            .iter()
            .values()
            .flatten()
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect()
    }

    pub fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), StaffError> {
        let mut account = self
            .get(name)?
            .ok_or_else(|| StaffError::NotFound(name.to_owned()))?;
        account.disabled = disabled;
        self.tree.insert(
            name,
            serde_json::to_vec(&account).expect("account serializes"),
        )?;
        self.storage.flush()?;
        Ok(())
    }

    /// Checks a password; too many recent failures lock the account name for a while.
    pub fn login(&self, name: &str, password: &str) -> Result<Account, LoginError> {
        if self.recent_failures(name) >= MAX_FAILURES {
            return Err(LoginError::TooManyAttempts);
        }
        let account = self.get(name).ok().flatten();
        let ok = account.as_ref().is_some_and(|a| {
            PasswordHash::new(&a.password_hash)
                .map(|h| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &h)
                        .is_ok()
                })
                .unwrap_or(false)
        });
        match account {
            Some(a) if ok && a.disabled => Err(LoginError::Disabled),
            Some(a) if ok => {
                self.failures.lock().expect("failures lock").remove(name);
                Ok(a)
            }
            _ => {
                self.failures
                    .lock()
                    .expect("failures lock")
                    .entry(name.to_owned())
                    .or_default()
                    .push(Instant::now());
                Err(LoginError::WrongCredentials)
            }
        }
    }

    fn recent_failures(&self, name: &str) -> usize {
        let mut map = self.failures.lock().expect("failures lock");
        let list = map.entry(name.to_owned()).or_default();
        list.retain(|t| t.elapsed() < LOCK_WINDOW);
        list.len()
    }
}
