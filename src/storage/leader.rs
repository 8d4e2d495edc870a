//! One replica among several does a job (Telegram long polling): the one holding a
//! PostgreSQL session advisory lock. The lock lives on a connection taken out of the
//! pool, so it goes when that connection goes: when the process dies (the server sees
//! the socket close at once, or within about 25 s by TCP keepalive when the machine
//! vanishes) another replica's next [`Pg::try_lead`] gets it.

use deadpool_postgres::{ClientWrapper, Object};
use futures_executor::block_on;

use super::postgres::{query_one, Pg};
use super::StorageError;

/// Server-side keepalive of the lock's connection: a vanished holder is noticed after
/// about idle + interval × count seconds.
const KEEPALIVE: &str =
    "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3";

/// The lock of one job, held while this value lives and its connection stays up.
pub struct Leadership {
    client: ClientWrapper,
}

impl Pg {
    /// Takes the lock of job `key` when no other session holds it.
    pub fn try_lead(&self, key: i64) -> Result<Option<Leadership>, StorageError> {
        let client: Object = self.client()?;
        let row = query_one(&client, "SELECT pg_try_advisory_lock($1)", &[&key])?;
        if !row.get::<_, bool>(0) {
            return Ok(None);
        }
        let client = Object::take(client);
        block_on(client.batch_execute(KEEPALIVE))?;
        Ok(Some(Leadership { client }))
    }
}

impl Leadership {
    /// False once the lock's connection is gone (the lock with it).
    pub fn still_held(&self) -> bool {
        !self.client.is_closed() && block_on(self.client.simple_query("SELECT 1")).is_ok()
    }
}
