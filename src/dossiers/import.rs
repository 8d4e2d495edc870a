//! Importing an export (`tthc-bot dossiers import`, `POST /admin/dossiers`): every record
//! upserted by code, a report of what happened line by line, and a notice queued for each
//! subscriber of a dossier whose status changed (once per change: an unchanged record
//! writes and sends nothing).

use std::sync::Arc;

use serde::Serialize;

use super::input::{read, Line};
use super::record::Dossier;
use super::store::{DossierError, DossierStore, Upserted};
use crate::tickets::{Outbox, Subject};
use crate::time::now_secs;

/// Subscriptions end after this long even if the dossier never finishes.
pub const SUBSCRIPTION_SECS: u64 = 90 * 24 * 3600;

/// The text a subscriber receives when a dossier's status changes (no name or phone).
pub type StatusNotice = Arc<dyn Fn(&Dossier) -> String + Send + Sync>;

/// A record that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub line: usize,
    pub reason: String,
}

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub read: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<Rejected>,
    /// Status-change notices queued for subscribers.
    pub notified: usize,
}

impl ImportReport {
    /// One line for the admin CLI and logs.
    pub fn summary(&self) -> String {
        format!(
            "read {}, inserted {}, updated {}, unchanged {}, rejected {}, notified {}",
            self.read,
            self.inserted,
            self.updated,
            self.unchanged,
            self.rejected.len(),
            self.notified
        )
    }
}

/// Stores exports and tells subscribers about status changes.
pub struct Importer {
    pub store: Arc<dyn DossierStore>,
    pub outbox: Arc<dyn Outbox>,
    pub notice: StatusNotice,
}

impl Importer {
    /// Reads `text` (JSON Lines or CSV), upserts every readable record and reports.
    pub fn import(&self, text: &str) -> Result<ImportReport, DossierError> {
        self.import_lines(read(text))
    }

    /// Upserts every readable record of an export already read, in order, and reports.
    pub fn import_lines(&self, lines: Vec<Line>) -> Result<ImportReport, DossierError> {
        let mut report = ImportReport::default();
        for line in lines {
            report.read += 1;
            match line.record {
                Ok(record) => self.store_one(&record, &mut report)?,
                Err(reason) => report.rejected.push(Rejected {
                    line: line.line,
                    reason,
                }),
            }
        }
        self.store.flush()?;
        Ok(report)
    }

    fn store_one(&self, record: &Dossier, report: &mut ImportReport) -> Result<(), DossierError> {
        match self.store.upsert(record)? {
            Upserted::Inserted => report.inserted += 1,
            Upserted::Unchanged => report.unchanged += 1,
            Upserted::Updated { previous } => {
                report.updated += 1;
                if previous != record.trang_thai {
                    report.notified += self.notify(record)?;
                }
            }
        }
        Ok(())
    }

    /// Queues the new status for every live subscriber; ends subscriptions that expired
    /// or whose dossier is finished.
    fn notify(&self, record: &Dossier) -> Result<usize, DossierError> {
        let now = now_secs();
        let mut sent = 0;
        let subscriptions = self.store.subscriptions(&record.ma_ho_so)?;
        let text = if subscriptions.is_empty() {
            String::new()
        } else {
            (self.notice)(record)
        };
        for s in subscriptions {
            let expired = now.saturating_sub(s.since) > SUBSCRIPTION_SECS;
            if !expired {
                self.outbox
                    .enqueue_for(Subject::Dossier, &s.code, s.channel, &s.user_id, &text)?;
                sent += 1;
            }
            if expired || record.trang_thai.is_finished() {
                self.store.unsubscribe(&s.code, s.channel, &s.user_id)?;
            }
        }
        Ok(sent)
    }
}
