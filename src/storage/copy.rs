//! Copying a deployment's data from sled into PostgreSQL (`tthc-bot storage migrate
//! --from sled:DIR --to postgres:URL`): every table, the user-hash secret and the id
//! counter, then a check that every source entry is in the target with the same value.
//! Entries are upserted by key, so running it again copies again and changes nothing
//! else; entries the target has and the source lacks are kept and counted.

use std::ops::ControlFlow;
use std::path::Path;

use super::{data_secret, transaction, Storage, StorageError, Tree, TxError};

/// Rows written per transaction.
const BATCH: usize = 500;

/// What was copied of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: &'static str,
    /// Entries in the source (all copied).
    pub source: usize,
    /// Entries in the target after the copy (more when it had others).
    pub target: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{table}: {missing} source entries are missing or different in the target")]
    Mismatch { table: &'static str, missing: usize },
    #[error(
        "the target already has another user-hash secret: votes and user hashes made \
         with it and with the source's could not be matched; migrate into an empty database"
    )]
    SecretDiffers,
    #[error("only a sled database can be copied, and only into PostgreSQL")]
    Unsupported,
}

impl Storage {
    /// Copies every table of this sled database into the PostgreSQL `target` and checks
    /// the copy; the data folder's secret and the id counter go along.
    pub fn copy_into(
        &self,
        target: &Storage,
        data_dir: &Path,
    ) -> Result<Vec<TableCopy>, CopyError> {
        let (Some(pg), None) = (target.postgres(), self.postgres()) else {
            return Err(CopyError::Unsupported);
        };
        let secret = data_secret(data_dir)?;
        if pg.put_secret_once("user-hash", &secret)? != secret {
            return Err(CopyError::SecretDiffers);
        }
        pg.raise_ids_above(self.generate_id()?)?;
        Tree::ALL
            .iter()
            .map(|&tree| copy_table(self, target, tree))
            .collect()
    }
}

fn copy_table(from: &Storage, to: &Storage, tree: Tree) -> Result<TableCopy, CopyError> {
    let source = from.tree(tree)?;
    let target = to.tree(tree)?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0;
    let mut failed = None;
    source.visit(b"", None, |k, v| {
        batch.push((k.to_vec(), v.to_vec()));
        count += 1;
        if batch.len() == BATCH {
            if let Err(e) = write_batch(&target, &batch) {
                failed = Some(e);
                return ControlFlow::Break(());
            }
            batch.clear();
        }
        ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    write_batch(&target, &batch)?;
    let mut missing = 0;
    source.visit(b"", None, |k, v| {
        if target.get(k).ok().flatten().as_deref() != Some(v) {
            missing += 1;
        }
        ControlFlow::Continue(())
    })?;
    if missing > 0 {
        return Err(CopyError::Mismatch {
            table: tree.name(),
            missing,
        });
    }
    Ok(TableCopy {
        table: tree.name(),
        source: count,
        target: target.len()?,
    })
}

fn write_batch(target: &super::Table, batch: &[(Vec<u8>, Vec<u8>)]) -> Result<(), StorageError> {
    if batch.is_empty() {
        return Ok(());
    }
    let written = transaction(&[target], |tx| {
        for (k, v) in batch {
            tx.insert(0, k, v)?;
        }
        Ok::<_, TxError<StorageError>>(())
    });
    match written {
        Ok(()) => Ok(()),
        Err(TxError::Abort(e) | TxError::Storage(e)) => Err(e),
        Err(TxError::SledConflict(_)) => Err(StorageError::Pool("sled conflict".into())),
    }
}
