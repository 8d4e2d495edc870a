//! Dossier status look-up (tra cứu hồ sơ): records imported from a one-stop system's
//! export, verified look-ups by the citizen, and subscriptions that notify a citizen
//! when their dossier's status changes.
//!
//! `status` the ten national statuses; `record` one dossier and its dates; `input`
//! JSON Lines and CSV exports; `store` the `DossierStore` trait and sled; `import`
//! upserts with a report and status-change notices; `verify` the last-digits check and
//! its lock.

pub mod import;
pub mod input;
pub mod record;
pub mod status;
pub mod store;
pub mod verify;

pub use import::{ImportReport, Importer, Rejected, StatusNotice};
pub use record::{canonical_code, Deadline, Dossier};
pub use status::Status;
pub use store::{DossierError, DossierStore, StoredDossiers, Subscription};
pub use verify::Verdict;
