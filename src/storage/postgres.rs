//! The PostgreSQL backend: a connection pool (deadpool-postgres over tokio-postgres)
//! driven by a small runtime of its own, so that the stores keep their synchronous
//! interface whether they run inside `serve`'s runtime, a test's or none. Each
//! [`crate::storage::Tree`] is a table `kv_<name>` (`key bytea primary key, value
//! bytea`); [`PgTable`] runs the [`super::Table`] operations on it (transactions over
//! several are in `postgres_tx`).

use std::future::Future;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{ClientWrapper, Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use futures_executor::{block_on, block_on_stream};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::postgres_tx::TxClient;
use super::StorageError;

/// Connections per process.
const POOL_SIZE: usize = 16;
/// Longest wait for a new connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest wait for a free connection of the pool.
const POOL_WAIT: Duration = Duration::from_secs(10);
/// Idle time before TCP keepalive probes on a connection.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
/// Longest a statement may run (unless the URL sets its own `options`).
const STATEMENT_TIMEOUT: &str = "-c statement_timeout=30000";

/// The runtime that owns the connections; shut down without blocking when the last
/// handle goes (a runtime may not be dropped inside another).
struct Driver(Option<tokio::runtime::Runtime>);

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

struct PgInner {
    driver: Driver,
    pool: Pool,
    /// The ids left of the block this process took: (next, end).
    ids: std::sync::Mutex<(u64, u64)>,
}

/// Ids in a block (the sequence's increment, migration 5).
const ID_BLOCK: u64 = 1000;

/// An open PostgreSQL database. Cheap to clone.
#[derive(Clone)]
pub struct Pg {
    inner: Arc<PgInner>,
}

impl Pg {
    /// Connects to `url` (`postgres://user:password@host:port/db` or `host=… user=…`)
    /// and applies the migrations this build knows.
    pub fn connect(url: &str) -> Result<Pg, StorageError> {
        let pg = Pg::pool(url)?;
        super::migrations::apply(&pg)?;
        Ok(pg)
    }

    /// A pool of connections to `url`, no migration applied.
    pub(crate) fn pool(url: &str) -> Result<Pg, StorageError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| StorageError::Url(e.to_string()))?;
        // A database that stops answering fails calls after a while instead of holding
        // every caller: connects, statements and idle connections are all bounded.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.keepalives_idle(KEEPALIVE_IDLE);
        if config.get_options().is_none() {
            config.options(STATEMENT_TIMEOUT);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(|e| StorageError::Pool(e.to_string()))?;
        // TLS as the URL's sslmode asks (prefer by default). As libpq does for prefer and
        // require, the server's certificate is not verified (Debian's server has a
        // self-signed one): the link is encrypted, not authenticated; see docs/DEPLOY.md.
        let tls = native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map(postgres_native_tls::MakeTlsConnector::new)
            .map_err(|e| StorageError::Pool(format!("TLS: {e}")))?;
        let manager = Manager::from_config(
            config,
            tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| StorageError::Pool(e.to_string()))?;
        Ok(Pg {
            inner: Arc::new(PgInner {
                driver: Driver(Some(runtime)),
                pool,
                ids: std::sync::Mutex::new((0, 0)),
            }),
        })
    }

    /// Runs `future` on the driver's runtime and waits for it, from any thread.
    pub(crate) fn on_driver<T: Send + 'static>(
        &self,
        future: impl Future<Output = T> + Send + 'static,
    ) -> T {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let rt = self.inner.driver.0.as_ref().expect("driver runs");
        rt.spawn(async move {
            let _ = tx.send(future.await);
        });
        rx.recv().expect("the postgres driver stopped")
    }

    /// A connection from the pool (returned to it when dropped).
    pub(crate) fn client(&self) -> Result<Object, StorageError> {
        let pool = self.inner.pool.clone();
        self.on_driver(async move { pool.get().await })
            .map_err(|e| StorageError::Pool(e.to_string()))
    }

    /// The table of one tree.
    pub fn table(&self, tree: &'static str) -> PgTable {
        PgTable {
            pg: self.clone(),
            name: tree,
        }
    }

    /// Makes the ids given from now on at least `next` (ids copied from another database
    /// stay unique).
    pub fn raise_ids_above(&self, next: u64) -> Result<(), StorageError> {
        let client = self.client()?;
        query(
            &client,
            "SELECT setval('tthc_ids', greatest($1, (SELECT last_value FROM tthc_ids)))",
            &[&(next as i64)],
        )
        .map(drop)
    }

    /// A number unique in the database: the next of this process's block of ids, a new
    /// block from sequence `tthc_ids` when it is used up.
    pub fn generate_id(&self) -> Result<u64, StorageError> {
        let mut ids = self.inner.ids.lock().unwrap_or_else(|e| e.into_inner());
        if ids.0 >= ids.1 {
            let client = self.client()?;
            let row = query_one(&client, "SELECT nextval('tthc_ids')", &[])?;
            let start = row.get::<_, i64>(0) as u64;
            *ids = (start, start + ID_BLOCK);
        }
        ids.0 += 1;
        Ok(ids.0 - 1)
    }
}

impl Pg {
    /// The 32-byte secret `name` shared by every replica, made on first use.
    pub fn shared_secret(&self, name: &str) -> Result<[u8; 32], StorageError> {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut fresh = [0u8; 32];
        OsRng.fill_bytes(&mut fresh);
        self.put_secret_once(name, &fresh)
    }

    /// Stores `value` as secret `name` unless there is one; the secret kept.
    pub fn put_secret_once(&self, name: &str, value: &[u8; 32]) -> Result<[u8; 32], StorageError> {
        let client = self.client()?;
        execute(
            &client,
            "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &&value[..]],
        )?;
        let row = query_one(
            &client,
            "SELECT value FROM secrets WHERE name = $1",
            &[&name],
        )?;
        <[u8; 32]>::try_from(row.get::<_, Vec<u8>>(0))
            .map_err(|_| StorageError::Pool(format!("secret {name} is not 32 bytes")))
    }
}

/// Prepares (cached per connection) and runs a statement returning rows.
pub(crate) fn query(
    client: &ClientWrapper,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Row>, StorageError> {
    block_on(async {
        let statement = client.prepare_cached(sql).await?;
        client.query(&statement, params).await
    })
    .map_err(StorageError::from)
}

pub(crate) fn query_one(
    client: &ClientWrapper,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Row, StorageError> {
    query(client, sql, params)?
        .into_iter()
        .next()
        .ok_or_else(|| StorageError::Pool(format!("no row from {sql}")))
}

/// Runs a statement; the number of rows it changed.
pub(crate) fn execute(
    client: &ClientWrapper,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<u64, StorageError> {
    block_on(async {
        let statement = client.prepare_cached(sql).await?;
        client.execute(&statement, params).await
    })
    .map_err(StorageError::from)
}

/// One tree's table.
#[derive(Clone)]
pub struct PgTable {
    pg: Pg,
    name: &'static str,
}

pub(crate) fn value(row: Option<Row>) -> Option<Vec<u8>> {
    row.map(|r| r.get::<_, Vec<u8>>(0))
}

impl PgTable {
    /// A connection of this table's database.
    pub(crate) fn client(&self) -> Result<Object, StorageError> {
        self.pg.client()
    }

    pub(crate) fn sql(&self, template: &str) -> String {
        template.replace("{t}", &format!("kv_{}", self.name))
    }

    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let client = self.pg.client()?;
        let sql = self.sql("SELECT value FROM {t} WHERE key = $1");
        Ok(value(query(&client, &sql, &[&key])?.into_iter().next()))
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        let client = self.pg.client()?;
        let sql = self.sql(
            "INSERT INTO {t} (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        );
        execute(&client, &sql, &[&key, &value]).map(drop)
    }

    pub fn remove(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let client = self.pg.client()?;
        let sql = self.sql("DELETE FROM {t} WHERE key = $1 RETURNING value");
        Ok(value(query(&client, &sql, &[&key])?.into_iter().next()))
    }

    pub fn compare_and_swap(
        &self,
        key: &[u8],
        old: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<bool, StorageError> {
        let client = self.pg.client()?;
        let changed = match (old, new) {
            (None, None) => {
                let sql = self.sql("SELECT 1 FROM {t} WHERE key = $1");
                return Ok(query(&client, &sql, &[&key])?.is_empty());
            }
            (None, Some(new)) => {
                let sql = self.sql(
                    "INSERT INTO {t} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                );
                execute(&client, &sql, &[&key, &new])?
            }
            (Some(old), Some(new)) => {
                let sql = self.sql("UPDATE {t} SET value = $3 WHERE key = $1 AND value = $2");
                execute(&client, &sql, &[&key, &old, &new])?
            }
            (Some(old), None) => {
                let sql = self.sql("DELETE FROM {t} WHERE key = $1 AND value = $2");
                execute(&client, &sql, &[&key, &old])?
            }
        };
        Ok(changed == 1)
    }

    /// `SELECT {columns}` of the rows whose key is in `[from, to)` (to None: no end),
    /// then `tail`, with its parameters.
    fn in_range<'p>(
        &self,
        columns: &str,
        tail: &str,
        from: &'p &'p [u8],
        to: &'p Option<&'p [u8]>,
    ) -> (String, Vec<&'p (dyn ToSql + Sync)>) {
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![from];
        let mut sql = self.sql(&format!("SELECT {columns} FROM {{t}} WHERE key >= $1"));
        if let Some(to) = to {
            sql.push_str(" AND key < $2");
            params.push(to);
        }
        sql.push_str(tail);
        (sql, params)
    }

    /// Streams the rows of `[from, to)` to `visit` in key order.
    pub fn visit(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        mut visit: impl FnMut(&[u8], &[u8]) -> ControlFlow<()>,
    ) -> Result<(), StorageError> {
        let client = self.pg.client()?;
        let (sql, params) = self.in_range("key, value", " ORDER BY key", &from, &to);
        let rows = block_on(async {
            let statement = client.prepare_cached(&sql).await?;
            client.query_raw(&statement, params).await
        })?;
        for row in block_on_stream(Box::pin(rows)) {
            let row = row?;
            if visit(row.get(0), row.get(1)).is_break() {
                break;
            }
        }
        Ok(())
    }

    pub fn keys(&self, from: &[u8], to: Option<&[u8]>) -> Result<Vec<Vec<u8>>, StorageError> {
        let client = self.pg.client()?;
        let (sql, params) = self.in_range("key", " ORDER BY key", &from, &to);
        let rows = query(&client, &sql, &params)?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    pub fn count(&self, from: &[u8], to: Option<&[u8]>) -> Result<usize, StorageError> {
        let client = self.pg.client()?;
        let (sql, params) = self.in_range("count(*)", "", &from, &to);
        Ok(query_one(&client, &sql, &params)?.get::<_, i64>(0) as usize)
    }

    /// See [`super::Table::claim_due`]: one READ COMMITTED transaction that locks the
    /// due rows no other transaction holds, rewrites them and commits.
    pub fn claim_due(
        &self,
        field: &str,
        now: u64,
        limit: usize,
        claimed: impl Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Result<Vec<super::Entry>, StorageError> {
        let client = self.pg.client()?;
        let select = self.sql(
            "SELECT key, value FROM {t} \
             WHERE (convert_from(value, 'UTF8')::jsonb ->> $1)::bigint <= $2 \
             ORDER BY key LIMIT $3 FOR UPDATE SKIP LOCKED",
        );
        let update = self.sql("UPDATE {t} SET value = $2 WHERE key = $1");
        let mut client = TxClient::begin(client, "BEGIN")?;
        let claim = |client: &TxClient| {
            let rows = query(client, &select, &[&field, &(now as i64), &(limit as i64)])?;
            let mut out = Vec::new();
            for row in rows {
                let (key, old): (Vec<u8>, Vec<u8>) = (row.get(0), row.get(1));
                if let Some(new) = claimed(&old) {
                    execute(client, &update, &[&key, &new])?;
                    out.push((key, new));
                }
            }
            Ok(out)
        };
        match claim(&client) {
            Ok(out) => client.run("COMMIT").map(|()| out),
            Err(e) => {
                let _ = client.run("ROLLBACK");
                Err(e)
            }
        }
    }

    pub fn clear(&self) -> Result<(), StorageError> {
        let client = self.pg.client()?;
        execute(&client, &self.sql("DELETE FROM {t}"), &[]).map(drop)
    }
}

pub(crate) fn batch(client: &ClientWrapper, sql: &str) -> Result<(), StorageError> {
    block_on(client.batch_execute(sql)).map_err(StorageError::from)
}
