//! Transactions on PostgreSQL: several tables on one connection at SERIALIZABLE
//! isolation, run again (after a random pause) when PostgreSQL reports a serialization
//! failure, a deadlock or a unique violation from a concurrent insert; and the guard that
//! never lets a connection with a transaction still open back into the pool.

use deadpool_postgres::{ClientWrapper, Object};
use tokio_postgres::error::SqlState;

use super::postgres::{batch, execute, query, value, PgTable};
use super::transaction::TxError;
use super::StorageError;

/// A pooled connection with a transaction open: unless the transaction was ended (COMMIT
/// or ROLLBACK went through), it is closed when dropped, never handed out again with a
/// transaction still open (after an error or a panic in the middle).
pub(crate) struct TxClient {
    client: Option<Object>,
    open: bool,
}

impl TxClient {
    /// Takes a connection of `pg` and runs `begin` on it.
    pub(crate) fn begin(client: Object, begin: &str) -> Result<TxClient, StorageError> {
        let mut tx = TxClient {
            client: Some(client),
            open: true,
        };
        tx.run(begin)?;
        Ok(tx)
    }

    /// Runs `sql` (BEGIN, COMMIT or ROLLBACK): the transaction is open after BEGIN only.
    pub(crate) fn run(&mut self, sql: &str) -> Result<(), StorageError> {
        self.open = true;
        batch(self, sql)?;
        self.open = sql.starts_with("BEGIN");
        Ok(())
    }
}

impl std::ops::Deref for TxClient {
    type Target = ClientWrapper;
    fn deref(&self) -> &ClientWrapper {
        self.client.as_ref().expect("connection held")
    }
}

impl Drop for TxClient {
    fn drop(&mut self) {
        if let (true, Some(client)) = (self.open, self.client.take()) {
            drop(Object::take(client));
        }
    }
}

/// Runs of a transaction before a serialization failure is given up on.
const TX_ATTEMPTS: u32 = 60;
/// Longest pause before running a transaction again, in milliseconds.
const MAX_BACKOFF_MS: u64 = 40;

/// The tables of a PostgreSQL transaction, on its one connection.
pub struct PgTx<'a> {
    client: &'a ClientWrapper,
    tables: &'a [&'a PgTable],
}

impl PgTx<'_> {
    pub fn get(&self, table: usize, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let sql = self.tables[table].sql("SELECT value FROM {t} WHERE key = $1");
        Ok(value(query(self.client, &sql, &[&key])?.into_iter().next()))
    }

    pub fn insert(&self, table: usize, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        let sql = self.tables[table].sql(
            "INSERT INTO {t} (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        );
        execute(self.client, &sql, &[&key, &value]).map(drop)
    }

    pub fn remove(&self, table: usize, key: &[u8]) -> Result<(), StorageError> {
        let sql = self.tables[table].sql("DELETE FROM {t} WHERE key = $1");
        execute(self.client, &sql, &[&key]).map(drop)
    }
}

/// True for the failures after which running the transaction again may succeed.
fn retryable(e: &StorageError) -> bool {
    let StorageError::Postgres(e) = e else {
        return false;
    };
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::UNIQUE_VIOLATION
    )
}

/// Waits a random while, longer after each failed run, so that writers contending for
/// the same rows stop colliding.
fn backoff(attempt: u32) {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let ceiling = (2u64 << attempt.min(5)).min(MAX_BACKOFF_MS);
    let ms = OsRng.next_u64() % (ceiling + 1);
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

/// Runs `body` in a SERIALIZABLE transaction over `tables`, again after a
/// serialization failure.
pub fn transaction<R, E>(
    tables: &[&PgTable],
    body: impl Fn(&PgTx) -> Result<R, TxError<E>>,
) -> Result<R, TxError<E>> {
    const BEGIN: &str = "BEGIN ISOLATION LEVEL SERIALIZABLE";
    let mut client = TxClient::begin(tables[0].client()?, BEGIN)?;
    let mut last = None;
    for attempt in 0..TX_ATTEMPTS {
        if attempt > 0 {
            client.run(BEGIN)?;
        }
        let outcome = body(&PgTx {
            client: &client,
            tables,
        });
        let failure = match outcome {
            Ok(r) => match client.run("COMMIT") {
                Ok(()) => return Ok(r),
                Err(e) => e,
            },
            Err(TxError::Storage(e)) => e,
            Err(other) => {
                client.run("ROLLBACK")?;
                return Err(other);
            }
        };
        client.run("ROLLBACK")?;
        if !retryable(&failure) {
            return Err(TxError::Storage(failure));
        }
        last = Some(failure);
        backoff(attempt);
    }
    Err(TxError::Storage(last.expect("at least one attempt")))
}
