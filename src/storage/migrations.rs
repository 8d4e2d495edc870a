//! The PostgreSQL schema: the ordered SQL files of `migrations/`, compiled in, applied
//! at start in one transaction under an advisory lock (several replicas starting at
//! once apply each file once) and recorded in `schema_migrations`.

use super::postgres::{execute, query, Pg};
use super::StorageError;

/// Every migration, oldest first: (version, file name, SQL). Append only.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "0001_store_tables.sql",
        include_str!("../../migrations/0001_store_tables.sql"),
    ),
    (
        2,
        "0002_replicas.sql",
        include_str!("../../migrations/0002_replicas.sql"),
    ),
    (
        3,
        "0003_knowledge_snapshots.sql",
        include_str!("../../migrations/0003_knowledge_snapshots.sql"),
    ),
    (
        4,
        "0004_rate_counts.sql",
        include_str!("../../migrations/0004_rate_counts.sql"),
    ),
    (
        5,
        "0005_id_blocks.sql",
        include_str!("../../migrations/0005_id_blocks.sql"),
    ),
];

/// Advisory lock key of the migration runner ("tthc-mig").
const LOCK_KEY: i64 = 0x7474_6863_2d6d_6967;

/// Applies the migrations the database lacks; how many it applied.
pub fn apply(pg: &Pg) -> Result<usize, StorageError> {
    let client = pg.client()?;
    let run = |sql: &str| futures_executor::block_on(client.batch_execute(sql));
    run("BEGIN")?;
    let applied = (|| {
        execute(&client, "SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
        run("CREATE TABLE IF NOT EXISTS schema_migrations (\
               version integer PRIMARY KEY, name text NOT NULL, \
               applied_at timestamptz NOT NULL DEFAULT now())")?;
        let done: Vec<i32> = query(&client, "SELECT version FROM schema_migrations", &[])?
            .into_iter()
            .map(|r| r.get(0))
            .collect();
        let mut applied = 0;
        for (version, name, sql) in MIGRATIONS.iter().filter(|m| !done.contains(&m.0)) {
            run(sql).map_err(|e| StorageError::Migration {
                name: name.to_string(),
                reason: e.to_string(),
            })?;
            execute(
                &client,
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &[version, name],
            )?;
            tracing::info!(migration = name, "applied");
            applied += 1;
        }
        Ok::<usize, StorageError>(applied)
    })();
    match applied {
        Ok(n) => {
            run("COMMIT")?;
            Ok(n)
        }
        Err(e) => {
            let _ = run("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Tree;

    #[test]
    fn every_tree_has_its_table_and_versions_ascend() {
        for tree in Tree::ALL {
            let table = format!("CREATE TABLE kv_{} ", tree.name());
            assert!(MIGRATIONS[0].2.contains(&table), "{table}");
        }
        assert!(MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
