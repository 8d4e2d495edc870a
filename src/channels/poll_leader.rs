//! Telegram long polling with several replicas on PostgreSQL: Telegram allows one
//! `getUpdates` caller per bot, so the replica holding the polling lock polls and the
//! others serve web chat and webhooks. Every replica tries for the lock every
//! [`TRY_EVERY`]; the holder checks its lock as often and stops polling when it lost it,
//! so when the polling replica dies another one polls within about 30 seconds.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::telegram::Telegram;
use crate::storage::{Leadership, Pg};

/// Advisory lock key of Telegram polling ("tthc-tg").
const POLLING_LOCK: i64 = 0x0074_7468_632d_7467;
/// How often the lock is tried for, and checked by its holder.
pub const TRY_EVERY: Duration = Duration::from_secs(5);

/// Polls Telegram whenever this replica holds the polling lock; `polling` says whether
/// it does now (health). Runs for the life of the process.
pub async fn poll_when_leading(tg: Telegram, pg: Pg, polling: Arc<AtomicBool>) {
    loop {
        let lead = {
            let pg = pg.clone();
            tokio::task::spawn_blocking(move || pg.try_lead(POLLING_LOCK)).await
        };
        match lead {
            Ok(Ok(Some(lead))) => {
                tracing::info!("this replica holds the Telegram polling lock: polling");
                polling.store(true, Ordering::SeqCst);
                tg.clone().run_polling_until(lost(lead)).await;
                polling.store(false, Ordering::SeqCst);
                tracing::warn!("Telegram polling lock lost: polling stopped");
            }
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot try the Telegram polling lock"),
            Err(e) => tracing::warn!(error = %e, "Telegram polling lock task failed"),
        }
        tokio::time::sleep(TRY_EVERY).await;
    }
}

/// Completes when `lead` is no longer held (its connection went).
async fn lost(lead: Leadership) {
    let lead = Arc::new(lead);
    loop {
        tokio::time::sleep(TRY_EVERY).await;
        let check = lead.clone();
        let held = tokio::task::spawn_blocking(move || check.still_held());
        // A check that does not answer in time counts as lost: the server may already
        // have given the lock to another replica.
        if !matches!(tokio::time::timeout(TRY_EVERY, held).await, Ok(Ok(true))) {
            return;
        }
    }
}
