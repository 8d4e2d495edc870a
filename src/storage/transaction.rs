//! Transactions over several [`Table`]s: all their writes happen or none, and what they
//! read is not changed by anyone else before they commit. On sled a conflicting
//! transaction is run again by sled; on PostgreSQL it runs at SERIALIZABLE isolation
//! and is run again after a serialization failure. Either way the closure may run more
//! than once, so it must not have effects outside the transaction.

use sled::transaction::{
    ConflictableTransactionError, TransactionError, TransactionalTree, UnabortableTransactionError,
};
use sled::Transactional;

use super::postgres_tx::PgTx;
use super::table::Table;
use super::StorageError;

/// Why a transaction did not commit: the closure's own reason, or the database.
#[derive(Debug)]
pub enum TxError<E> {
    Abort(E),
    Storage(StorageError),
    /// A sled conflict inside the closure (sled runs the closure again; never returned
    /// by [`transaction`]).
    #[doc(hidden)]
    SledConflict(UnabortableTransactionError),
}

impl<E> From<StorageError> for TxError<E> {
    fn from(e: StorageError) -> Self {
        TxError::Storage(e)
    }
}

impl<E> From<UnabortableTransactionError> for TxError<E> {
    fn from(e: UnabortableTransactionError) -> Self {
        TxError::SledConflict(e)
    }
}

/// The tables of a running transaction, by their position in the slice given to
/// [`transaction`].
pub struct Tx<'a> {
    inner: TxInner<'a>,
}

enum TxInner<'a> {
    Sled(&'a [TransactionalTree]),
    Postgres(&'a PgTx<'a>),
}

/// A failure inside one operation of a transaction.
pub struct TxOpError(TxOpInner);

enum TxOpInner {
    Sled(UnabortableTransactionError),
    Storage(StorageError),
}

impl<E> From<TxOpError> for TxError<E> {
    fn from(e: TxOpError) -> Self {
        match e.0 {
            TxOpInner::Sled(s) => TxError::SledConflict(s),
            TxOpInner::Storage(s) => TxError::Storage(s),
        }
    }
}

impl From<UnabortableTransactionError> for TxOpError {
    fn from(e: UnabortableTransactionError) -> Self {
        TxOpError(TxOpInner::Sled(e))
    }
}

impl From<StorageError> for TxOpError {
    fn from(e: StorageError) -> Self {
        TxOpError(TxOpInner::Storage(e))
    }
}

impl Tx<'_> {
    pub fn get(&self, table: usize, key: impl AsRef<[u8]>) -> Result<Option<Vec<u8>>, TxOpError> {
        match &self.inner {
            TxInner::Sled(trees) => Ok(trees[table].get(key.as_ref())?.map(|v| v.to_vec())),
            TxInner::Postgres(tx) => Ok(tx.get(table, key.as_ref())?),
        }
    }

    pub fn insert(
        &self,
        table: usize,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), TxOpError> {
        match &self.inner {
            TxInner::Sled(trees) => trees[table]
                .insert(key.as_ref(), value.as_ref())
                .map(drop)
                .map_err(TxOpError::from),
            TxInner::Postgres(tx) => Ok(tx.insert(table, key.as_ref(), value.as_ref())?),
        }
    }

    pub fn remove(&self, table: usize, key: impl AsRef<[u8]>) -> Result<(), TxOpError> {
        match &self.inner {
            TxInner::Sled(trees) => trees[table]
                .remove(key.as_ref())
                .map(drop)
                .map_err(TxOpError::from),
            TxInner::Postgres(tx) => Ok(tx.remove(table, key.as_ref())?),
        }
    }
}

/// Runs `body` as one transaction over `tables` (all of one database).
pub fn transaction<R, E>(
    tables: &[&Table],
    body: impl Fn(&Tx) -> Result<R, TxError<E>>,
) -> Result<R, TxError<E>> {
    let sled: Option<Vec<&sled::Tree>> = tables.iter().map(|t| t.as_sled()).collect();
    if let Some(trees) = sled {
        return sled_transaction(&trees, body);
    }
    let pg: Option<Vec<_>> = tables.iter().map(|t| t.as_postgres()).collect();
    match pg {
        Some(pg) if !pg.is_empty() => super::postgres_tx::transaction(&pg, |tx| {
            body(&Tx {
                inner: TxInner::Postgres(tx),
            })
        }),
        _ => Err(TxError::Storage(StorageError::Mixed)),
    }
}

fn sled_transaction<R, E>(
    trees: &[&sled::Tree],
    body: impl Fn(&Tx) -> Result<R, TxError<E>>,
) -> Result<R, TxError<E>> {
    let outcome = trees.transaction(|views: &Vec<TransactionalTree>| {
        let tx = Tx {
            inner: TxInner::Sled(views),
        };
        body(&tx).map_err(|e| match e {
            TxError::SledConflict(c) => ConflictableTransactionError::from(c),
            other => ConflictableTransactionError::Abort(other),
        })
    });
    match outcome {
        Ok(r) => Ok(r),
        Err(TransactionError::Abort(e)) => Err(e),
        Err(TransactionError::Storage(e)) => Err(TxError::Storage(e.into())),
    }
}
