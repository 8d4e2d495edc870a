//! Proving a dossier is the citizen's own: the last digits of the phone or ID number on
//! it, with [`MAX_TRIES`] wrong answers per user and code before that code is locked for
//! that user for [`LOCK_SECS`]. An unknown code counts and answers exactly like a wrong
//! answer, so codes cannot be enumerated.

use super::record::Dossier;
use super::store::{DossierError, DossierStore, Failures};
use crate::channel::Channel;
use crate::time::now_secs;

pub const MAX_TRIES: u32 = 3;
pub const LOCK_SECS: u64 = 3600;

/// How a verification attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Verified(Box<Dossier>),
    /// Wrong digits or unknown code; tries left before the lock.
    Refused {
        tries_left: u32,
    },
    /// Too many wrong answers: locked until the hour is over.
    Locked,
}

fn key(channel: Channel, user: &str, code: &str) -> String {
    format!("{channel}\u{0}{user}\u{0}{code}")
}

/// The failures still counting (a series older than [`LOCK_SECS`] is forgotten).
fn current(store: &dyn DossierStore, key: &str, now: u64) -> Result<Failures, DossierError> {
    let f = store.failures(key)?;
    Ok(if now.saturating_sub(f.first_at) >= LOCK_SECS {
        Failures::default()
    } else {
        f
    })
}

/// True while this user may not try this code.
pub fn is_locked(
    store: &dyn DossierStore,
    channel: Channel,
    user: &str,
    code: &str,
) -> Result<bool, DossierError> {
    let f = current(store, &key(channel, user, code), now_secs())?;
    Ok(f.count >= MAX_TRIES)
}

/// Checks `answer` for `code`, counting a failure.
pub fn verify(
    store: &dyn DossierStore,
    channel: Channel,
    user: &str,
    code: &str,
    answer: &str,
) -> Result<Verdict, DossierError> {
    let (key, now) = (key(channel, user, code), now_secs());
    let mut f = current(store, &key, now)?;
    if f.count >= MAX_TRIES {
        return Ok(Verdict::Locked);
    }
    if let Some(d) = store.get(code)?.filter(|d| d.verifies(answer)) {
        store.set_failures(&key, None)?;
        return Ok(Verdict::Verified(Box::new(d)));
    }
    if f.count == 0 {
        f.first_at = now;
    }
    f.count += 1;
    store.set_failures(&key, Some(f))?;
    Ok(if f.count >= MAX_TRIES {
        Verdict::Locked
    } else {
        Verdict::Refused {
            tries_left: MAX_TRIES - f.count,
        }
    })
}
