//! What replicas on one PostgreSQL database share besides the stores: the knowledge
//! generation they all serve (its checksum, and its files so that any replica can build
//! it), each replica's last report of what it serves, and request counts of the limits.

use sha2::{Digest, Sha256};

use super::postgres::{execute, query, Pg};
use super::StorageError;

/// One replica's last report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReplicaReport {
    pub name: String,
    /// Knowledge checksum of the generation it serves.
    pub generation: String,
    /// Seconds since the report.
    pub seen_secs_ago: u64,
}

/// A file of the knowledge base: path relative to its folder, and content.
pub type KnowledgeFile = (String, Vec<u8>);

impl Pg {
    /// The knowledge checksum every replica should serve, if one was recorded.
    pub fn recorded_generation(&self) -> Result<Option<String>, StorageError> {
        let client = self.client()?;
        let rows = query(&client, "SELECT checksum FROM knowledge_generation", &[])?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    /// Records `checksum` (built from `files`) as the generation to serve, keeping the
    /// files that are new; `only_if_none` leaves an earlier record in place.
    pub fn record_generation(
        &self,
        checksum: &str,
        files: &[KnowledgeFile],
        by: &str,
        only_if_none: bool,
    ) -> Result<(), StorageError> {
        let client = self.client()?;
        for (path, content) in files {
            let sha = hex::encode(Sha256::digest(content));
            execute(
                &client,
                "INSERT INTO knowledge_blobs (sha256, content) VALUES ($1, $2) \
                 ON CONFLICT (sha256) DO NOTHING",
                &[&sha, content],
            )?;
            execute(
                &client,
                "INSERT INTO knowledge_files (checksum, path, sha256) VALUES ($1, $2, $3) \
                 ON CONFLICT (checksum, path) DO NOTHING",
                &[&checksum, path, &sha],
            )?;
        }
        let conflict = if only_if_none {
            "DO NOTHING"
        } else {
            "DO UPDATE SET checksum = EXCLUDED.checksum, set_by = EXCLUDED.set_by, set_at = now()"
        };
        let sql = format!(
            "INSERT INTO knowledge_generation (checksum, set_by) VALUES ($1, $2) \
             ON CONFLICT (id) {conflict}"
        );
        execute(&client, &sql, &[&checksum, &by]).map(drop)
    }

    /// The files of generation `checksum`, in path order.
    pub fn generation_files(&self, checksum: &str) -> Result<Vec<KnowledgeFile>, StorageError> {
        let client = self.client()?;
        let rows = query(
            &client,
            "SELECT f.path, b.content FROM knowledge_files f \
             JOIN knowledge_blobs b ON b.sha256 = f.sha256 \
             WHERE f.checksum = $1 ORDER BY f.path",
            &[&checksum],
        )?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Counts one event of `key` in the window starting at `window_start` (seconds) and
    /// returns the window's count.
    pub fn count_hit(&self, key: &str, window_start: u64) -> Result<u64, StorageError> {
        let client = self.client()?;
        let row = super::postgres::query_one(
            &client,
            "INSERT INTO rate_counts (key, window_start, n) VALUES ($1, $2, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET n = rate_counts.n + 1 RETURNING n",
            &[&key, &(window_start as i64)],
        )?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Deletes the counts of windows that started before `before` (seconds).
    pub fn forget_counts_before(&self, before: u64) -> Result<(), StorageError> {
        let client = self.client()?;
        let sql = "DELETE FROM rate_counts WHERE window_start < $1";
        execute(&client, sql, &[&(before as i64)]).map(drop)
    }

    /// Records that replica `name` serves `generation` now.
    pub fn report_replica(&self, name: &str, generation: &str) -> Result<(), StorageError> {
        let client = self.client()?;
        execute(
            &client,
            "INSERT INTO replicas (name, generation) VALUES ($1, $2) ON CONFLICT (name) \
             DO UPDATE SET generation = EXCLUDED.generation, seen_at = now()",
            &[&name, &generation],
        )
        .map(drop)
    }

    /// The replicas heard from in the last `within_secs` seconds, by name.
    pub fn replicas(&self, within_secs: u64) -> Result<Vec<ReplicaReport>, StorageError> {
        let client = self.client()?;
        let rows = query(
            &client,
            "SELECT name, generation, extract(epoch FROM now() - seen_at)::bigint FROM replicas \
             WHERE seen_at > now() - make_interval(secs => $1) ORDER BY name",
            &[&(within_secs as f64)],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| ReplicaReport {
                name: r.get(0),
                generation: r.get(1),
                seen_secs_ago: r.get::<_, i64>(2).max(0) as u64,
            })
            .collect())
    }
}
