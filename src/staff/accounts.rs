//! Staff accounts: passwords hashed with argon2id, and the login lockout (too many failed
//! passwords for one account name within a window refuse every login to it). The
//! accounts are kept in an [`AccountStore`]; [`SledAccounts`] keeps them in sled.

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use crate::limiter::RateLimiter;
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

/// Where accounts are kept, by name.
pub trait AccountStore: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<Account>, StaffError>;
    /// Stores a new account; false when the name is taken. On disk before it returns.
    fn insert_new(&self, account: &Account) -> Result<bool, StaffError>;
    /// Replaces an account. On disk before it returns.
    fn put(&self, account: &Account) -> Result<(), StaffError>;
    fn list(&self) -> Vec<Account>;
}

/// Accounts in sled, as JSON by name.
pub struct SledAccounts {
    tree: sled::Tree,
    storage: Storage,
}

impl SledAccounts {
    pub fn new(storage: &Storage) -> Result<SledAccounts, StaffError> {
        Ok(SledAccounts {
            tree: storage.tree(Tree::StaffAccounts)?,
            storage: storage.clone(),
        })
    }
}

impl AccountStore for SledAccounts {
    fn get(&self, name: &str) -> Result<Option<Account>, StaffError> {
        Ok(self
            .tree
            .get(name)?
            .and_then(|b| serde_json::from_slice(&b).ok()))
    }

    fn insert_new(&self, account: &Account) -> Result<bool, StaffError> {
        let bytes = serde_json::to_vec(account).expect("account serializes");
        let swapped = self.tree.compare_and_swap(
            account.name.as_str(),
            None as Option<&[u8]>,
            Some(bytes),
        )?;
        self.storage.flush()?;
        Ok(swapped.is_ok())
    }

    fn put(&self, account: &Account) -> Result<(), StaffError> {
        let bytes = serde_json::to_vec(account).expect("account serializes");
        self.tree.insert(account.name.as_str(), bytes)?;
        self.storage.flush()?;
        Ok(())
    }

    fn list(&self) -> Vec<Account> {
        self.tree
            .iter()
            .values()
            .flatten()
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect()
    }
}

/// Staff accounts and their logins.
pub struct Accounts {
    records: Arc<dyn AccountStore>,
    /// Failed logins per account name.
    failures: RateLimiter,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

impl Accounts {
    /// The accounts of the sled database.
    pub fn new(storage: &Storage) -> Result<Accounts, StaffError> {
        Ok(Accounts::with_store(Arc::new(SledAccounts::new(storage)?)))
    }

    pub fn with_store(records: Arc<dyn AccountStore>) -> Accounts {
        Accounts {
            records,
            failures: RateLimiter::with_window(MAX_FAILURES, LOCK_WINDOW),
        }
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
        if self.records.insert_new(&account)? {
            Ok(())
        } else {
            Err(StaffError::Exists(name.to_owned()))
        }
    }

    pub fn get(&self, name: &str) -> Result<Option<Account>, StaffError> {
        self.records.get(name)
    }

    pub fn list(&self) -> Vec<Account> {
        self.records.list()
    }

    pub fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), StaffError> {
        let mut account = self
            .get(name)?
            .ok_or_else(|| StaffError::NotFound(name.to_owned()))?;
        account.disabled = disabled;
        self.records.put(&account)
    }

    /// Checks a password; too many recent failures lock the account name for a while.
    pub fn login(&self, name: &str, password: &str) -> Result<Account, LoginError> {
        if self.failures.is_limited(name) {
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
                self.failures.clear(name);
                Ok(a)
            }
            _ => {
                self.failures.record(name);
                Err(LoginError::WrongCredentials)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts() -> Accounts {
        let accounts = Accounts::new(&Storage::temporary().unwrap()).unwrap();
        accounts.add("lan", "mat-khau-123").unwrap();
        accounts
    }

    fn fail(accounts: &Accounts, name: &str, times: usize) {
        for _ in 0..times {
            assert_eq!(
                accounts.login(name, "sai-mat-khau").unwrap_err(),
                LoginError::WrongCredentials
            );
        }
    }

    #[test]
    fn five_failures_lock_even_the_right_password() {
        let a = accounts();
        fail(&a, "lan", MAX_FAILURES);
        assert_eq!(
            a.login("lan", "mat-khau-123").unwrap_err(),
            LoginError::TooManyAttempts
        );
        assert_eq!(
            a.login("lan", "sai-mat-khau").unwrap_err(),
            LoginError::TooManyAttempts
        );
    }

    #[test]
    fn a_success_before_the_lock_forgets_the_failures() {
        let a = accounts();
        fail(&a, "lan", MAX_FAILURES - 1);
        assert_eq!(a.login("lan", "mat-khau-123").unwrap().name, "lan");
        fail(&a, "lan", MAX_FAILURES - 1);
        assert!(a.login("lan", "mat-khau-123").is_ok());
    }

    #[test]
    fn the_lock_is_per_account_name_and_covers_unknown_names() {
        let a = accounts();
        a.add("mai", "mat-khau-789").unwrap();
        fail(&a, "mai", MAX_FAILURES);
        fail(&a, "khong-co", MAX_FAILURES);
        assert_eq!(
            a.login("khong-co", "x").unwrap_err(),
            LoginError::TooManyAttempts
        );
        assert!(a.login("lan", "mat-khau-123").is_ok());
    }

    #[test]
    fn a_disabled_account_is_refused_without_counting_a_failure() {
        let a = accounts();
        a.set_disabled("lan", true).unwrap();
        for _ in 0..=MAX_FAILURES {
            assert_eq!(
                a.login("lan", "mat-khau-123").unwrap_err(),
                LoginError::Disabled
            );
        }
        a.set_disabled("lan", false).unwrap();
        assert!(a.login("lan", "mat-khau-123").is_ok());
    }
}
