//! Polling: waiting for something another task or process does, with a timeout, so that
//! a test that waits fails instead of hanging.

use std::time::Duration;

use tokio::time::Instant;

/// Time between two probes.
const POLL: Duration = Duration::from_millis(50);

/// Runs `probe` until it returns `Some`, at least once and then until `timeout` has
/// passed; `None` when it never did.
pub async fn eventually<T>(
    timeout: Duration,
    mut probe: impl AsyncFnMut() -> Option<T>,
) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(found) = probe().await {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// [`eventually`] for a plain condition: true once `holds` returned true in time.
pub async fn until(timeout: Duration, mut holds: impl FnMut() -> bool) -> bool {
    eventually(timeout, async || holds().then_some(()))
        .await
        .is_some()
}
