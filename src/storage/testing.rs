//! Databases for tests, on both backends. The test command (`scripts/test.sh`) starts a
//! throwaway PostgreSQL and sets [`URL_VAR`] to it and [`REQUIRE_VAR`] to 1; each call of
//! [`fresh_postgres`] then creates an empty database there. Run without it (a plain
//! `cargo test`), the PostgreSQL half of a test is skipped with a note on stderr.

use argon2::password_hash::rand_core::{OsRng, RngCore};

use super::postgres::Pg;
use super::{Backend, Storage};

/// URL of the test server's maintenance database (`postgres://user@host:port/postgres`).
pub const URL_VAR: &str = "TTHC_TEST_DATABASE_URL";
/// When 1, a missing test server fails the test instead of skipping its PostgreSQL half.
pub const REQUIRE_VAR: &str = "TTHC_REQUIRE_POSTGRES";

/// The URL of a new, empty database on the test server, or None (skipped) when there
/// is no test server.
pub fn fresh_postgres_url() -> Option<String> {
    let Ok(admin) = std::env::var(URL_VAR) else {
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!("{URL_VAR} is not set but {REQUIRE_VAR}=1: start the test PostgreSQL");
        }
        eprintln!("note: {URL_VAR} not set, the PostgreSQL half of this test is skipped");
        return None;
    };
    let name = format!("tthc_test_{:016x}", OsRng.next_u64());
    let pg = Pg::pool(&admin).expect("test PostgreSQL reachable");
    let client = pg.client().expect("test PostgreSQL connection");
    futures_executor::block_on(client.batch_execute(&format!("CREATE DATABASE {name}")))
        .expect("create a test database");
    let (server, _) = admin.rsplit_once('/').expect("URL ends with /database");
    Some(format!("{server}/{name}"))
}

/// A new, empty PostgreSQL storage (migrated), or None (skipped).
pub fn fresh_postgres() -> Option<Storage> {
    let url = fresh_postgres_url()?;
    Some(Storage::open_with(&Backend::Postgres(url), std::path::Path::new("")).expect("open"))
}

/// A throwaway sled storage, then a fresh PostgreSQL one when there is a test server:
/// run a store's test on each.
pub fn backends() -> Vec<(&'static str, Storage)> {
    let mut all = vec![("sled", Storage::temporary().expect("temporary sled"))];
    all.extend(fresh_postgres().map(|s| ("postgres", s)));
    all
}
