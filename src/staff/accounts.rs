//! Staff accounts: passwords hashed with argon2id, and the login with its limits (too
//! many failed passwords for one account name, or from one client address, within a
//! window refuse every login to it; see [`super::lockout`]). Names are checked before
//! anything is stored or logged, and an unknown name costs the same hash check as a
//! known one. The accounts are kept in an [`AccountStore`]; [`StoredAccounts`] keeps them
//! in the database.

use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use super::lockout::LoginGate;
use super::roles::{checked_units, Role, Scope, ScopeError};
use crate::storage::{Storage, Table, Tree};
use crate::time::now_secs;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;
/// Longest account name.
pub const MAX_NAME: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("staff store: {0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("staff name must be 1-64 letters, digits, '.', '_' or '-'")]
    BadName,
    #[error("password must have at least {MIN_PASSWORD} characters")]
    WeakPassword,
    #[error("staff account {0:?} already exists")]
    Exists(String),
    #[error("staff account {0:?} not found")]
    NotFound(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("unknown role {0:?}: admin, province or unit")]
    BadRole(String),
    #[error(transparent)]
    Scope(#[from] ScopeError),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: u64,
    /// Accounts stored before roles existed are `province`.
    #[serde(default)]
    pub role: Role,
    /// Unit codes of a `unit` officer.
    #[serde(default)]
    pub units: Vec<String>,
}

impl Account {
    /// The tickets this account sees.
    pub fn scope(&self) -> Scope {
        Scope::of(self.role, &self.units)
    }
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

/// Accounts in the database, as JSON by name.
pub struct StoredAccounts {
    tree: Table,
    storage: Storage,
}

impl StoredAccounts {
    pub fn new(storage: &Storage) -> Result<StoredAccounts, StaffError> {
        Ok(StoredAccounts {
            tree: storage.tree(Tree::StaffAccounts)?,
            storage: storage.clone(),
        })
    }
}

impl AccountStore for StoredAccounts {
    fn get(&self, name: &str) -> Result<Option<Account>, StaffError> {
        Ok(self
            .tree
            .get(name)?
            .and_then(|b| serde_json::from_slice(&b).ok()))
    }

    fn insert_new(&self, account: &Account) -> Result<bool, StaffError> {
        let bytes = serde_json::to_vec(account).expect("account serializes");
        let swapped = self
            .tree
            .compare_and_swap(account.name.as_str(), None, Some(&bytes))?;
        self.storage.flush()?;
        Ok(swapped)
    }

    fn put(&self, account: &Account) -> Result<(), StaffError> {
        let bytes = serde_json::to_vec(account).expect("account serializes");
        self.tree.insert(account.name.as_str(), bytes)?;
        self.storage.flush()?;
        Ok(())
    }

    fn list(&self) -> Vec<Account> {
        self.tree
            .scan_prefix_or_none(b"")
            .iter()
            .filter_map(|(_, b)| serde_json::from_slice(b).ok())
            .collect()
    }
}

/// Staff accounts and their logins.
pub struct Accounts {
    records: Arc<dyn AccountStore>,
    /// Login attempts per account name and client address.
    gate: LoginGate,
}

/// True for a possible account name: 1 to [`MAX_NAME`] ASCII letters, digits, `.`, `_`
/// or `-`. Anything else is refused before it is stored or logged.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// A hash no password matches in practice, checked for unknown names so that they take
/// as long as known ones.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_password(&super::sessions::random_token()).expect("argon2 hashes a random password")
});

fn hash_password(password: &str) -> Result<String, StaffError> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| StaffError::Hash(e.to_string()))?
        .to_string())
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

impl Accounts {
    /// The accounts of the database, with the login limits saved beside them.
    pub fn new(storage: &Storage) -> Result<Accounts, StaffError> {
        let records = Arc::new(StoredAccounts::new(storage)?);
        Ok(Accounts {
            records,
            gate: LoginGate::open(storage)?,
        })
    }

    /// Accounts in `records`, with the login limits in memory only.
    pub fn with_store(records: Arc<dyn AccountStore>) -> Accounts {
        Accounts {
            records,
            gate: LoginGate::in_memory(),
        }
    }

    /// Failed logins counted for `name` in the current window.
    pub fn failures(&self, name: &str) -> usize {
        self.gate.failures(name)
    }

    /// Adds a `province` account.
    pub fn add(&self, name: &str, password: &str) -> Result<(), StaffError> {
        self.add_with_role(name, password, Role::Province, &[])
    }

    /// Adds an account with a role (and the units of a `unit` officer).
    pub fn add_with_role(
        &self,
        name: &str,
        password: &str,
        role: Role,
        units: &[String],
    ) -> Result<(), StaffError> {
        let units = checked_units(role, units)?;
        if !valid_name(name) {
            return Err(StaffError::BadName);
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(StaffError::WeakPassword);
        }
        let account = Account {
            name: name.to_owned(),
            password_hash: hash_password(password)?,
            disabled: false,
            created_at: now_secs(),
            role,
            units,
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
        if !valid_name(name) {
            return Err(StaffError::BadName);
        }
        let mut account = self
            .get(name)?
            .ok_or_else(|| StaffError::NotFound(name.to_owned()))?;
        account.disabled = disabled;
        self.records.put(&account)
    }

    /// Changes an account's role and units.
    pub fn set_role(&self, name: &str, role: Role, units: &[String]) -> Result<(), StaffError> {
        let units = checked_units(role, units)?;
        let mut account = self
            .get(name)?
            .filter(|_| valid_name(name))
            .ok_or_else(|| StaffError::NotFound(name.to_owned()))?;
        account.role = role;
        account.units = units;
        self.records.put(&account)
    }

    /// Checks a password from client `ip`. The attempt is counted before the check, and
    /// refused unchecked when the name or the address has too many recent failures.
    pub fn login(&self, name: &str, password: &str, ip: IpAddr) -> Result<Account, LoginError> {
        if !valid_name(name) {
            if !self.gate.admit(None, ip) {
                return Err(LoginError::TooManyAttempts);
            }
            self.gate.failed(None, ip);
            return Err(LoginError::WrongCredentials);
        }
        if !self.gate.admit(Some(name), ip) {
            return Err(LoginError::TooManyAttempts);
        }
        let account = self.get(name).ok().flatten();
        let hash = account
            .as_ref()
            .map_or(DUMMY_HASH.as_str(), |a| &a.password_hash);
        let ok = password_matches(password, hash);
        match account {
            Some(a) if ok && a.disabled => {
                self.gate.not_counted(name, ip);
                Err(LoginError::Disabled)
            }
            Some(a) if ok => {
                self.gate.succeeded(name, ip);
                Ok(a)
            }
            _ => {
                self.gate.failed(Some(name), ip);
                Err(LoginError::WrongCredentials)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lockout::{ACCOUNT_FAILURES as MAX_FAILURES, ADDRESS_FAILURES};
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    fn accounts(storage: &Storage) -> Accounts {
        let accounts = Accounts::new(storage).unwrap();
        accounts.add("lan", "mat-khau-123").unwrap();
        accounts
    }

    fn fail(accounts: &Accounts, name: &str, times: usize) {
        for _ in 0..times {
            assert_eq!(
                accounts.login(name, "sai-mat-khau", HOME).unwrap_err(),
                LoginError::WrongCredentials
            );
        }
    }

    #[test]
    fn five_failures_lock_even_the_right_password() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = accounts(&storage);
            fail(&a, "lan", MAX_FAILURES);
            assert_eq!(
                a.login("lan", "mat-khau-123", HOME).unwrap_err(),
                LoginError::TooManyAttempts
            );
            assert_eq!(
                a.login("lan", "sai-mat-khau", HOME).unwrap_err(),
                LoginError::TooManyAttempts
            );
        }
    }

    #[test]
    fn a_success_before_the_lock_forgets_the_failures() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = accounts(&storage);
            fail(&a, "lan", MAX_FAILURES - 1);
            assert_eq!(a.login("lan", "mat-khau-123", HOME).unwrap().name, "lan");
            fail(&a, "lan", MAX_FAILURES - 1);
            assert!(a.login("lan", "mat-khau-123", HOME).is_ok());
        }
    }

    #[test]
    fn the_lock_is_per_account_name_and_covers_unknown_names() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = accounts(&storage);
            a.add("mai", "mat-khau-789").unwrap();
            fail(&a, "mai", MAX_FAILURES);
            fail(&a, "khong-co", MAX_FAILURES);
            assert_eq!(
                a.login("khong-co", "x", HOME).unwrap_err(),
                LoginError::TooManyAttempts
            );
            assert!(a.login("lan", "mat-khau-123", HOME).is_ok());
        }
    }

    #[test]
    fn old_accounts_read_as_province_and_roles_change() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let stored = r#"{"name":"cu","password_hash":"x","disabled":false,"created_at":1}"#;
            let old: Account = serde_json::from_str(stored).unwrap();
            assert_eq!((old.role, old.scope().units()), (Role::Province, None));
            let a = accounts(&storage);
            a.set_role("lan", Role::Unit, &["18244".into()]).unwrap();
            let lan = a.get("lan").unwrap().unwrap();
            assert_eq!(lan.scope().units(), Some(&["18244".to_owned()][..]));
            assert!(matches!(
                a.set_role("lan", Role::Unit, &[]),
                Err(StaffError::Scope(ScopeError::UnitCount))
            ));
            assert!(matches!(
                a.set_role("khong-co", Role::Admin, &[]),
                Err(StaffError::NotFound(_))
            ));
        }
    }

    #[test]
    fn a_disabled_account_is_refused_without_counting_a_failure() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = accounts(&storage);
            a.set_disabled("lan", true).unwrap();
            for _ in 0..=MAX_FAILURES {
                assert_eq!(
                    a.login("lan", "mat-khau-123", HOME).unwrap_err(),
                    LoginError::Disabled
                );
            }
            a.set_disabled("lan", false).unwrap();
            assert!(a.login("lan", "mat-khau-123", HOME).is_ok());
        }
    }

    #[test]
    fn bad_names_are_refused_unstored_but_count_against_the_address() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = accounts(&storage);
            let huge = "x".repeat(1 << 20);
            for name in [huge.as_str(), "", "lan lan", "lân"] {
                assert_eq!(
                    a.login(name, "x", HOME).unwrap_err(),
                    LoginError::WrongCredentials
                );
                assert_eq!(a.failures(name), 0);
            }
            for _ in 4..ADDRESS_FAILURES {
                let _ = a.login(&huge, "x", HOME);
            }
            assert_eq!(
                a.login("lan", "mat-khau-123", HOME).unwrap_err(),
                LoginError::TooManyAttempts,
                "the address is locked"
            );
            let elsewhere: IpAddr = "10.0.0.7".parse().unwrap();
            assert!(a.login("lan", "mat-khau-123", elsewhere).is_ok());
        }
    }

    #[test]
    fn parallel_guesses_check_at_most_the_limit() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let a = Arc::new(accounts(&storage));
            let threads: Vec<_> = (0..40)
                .map(|i| {
                    let a = a.clone();
                    let ip = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, i));
                    std::thread::spawn(move || a.login("lan", "sai-mat-khau", ip).unwrap_err())
                })
                .collect();
            let results: Vec<LoginError> = threads.into_iter().map(|t| t.join().unwrap()).collect();
            let checked = results
                .iter()
                .filter(|e| **e == LoginError::WrongCredentials)
                .count();
            assert_eq!(checked, MAX_FAILURES, "{results:?}");
            assert_eq!(a.failures("lan"), MAX_FAILURES);
        }
    }
}
