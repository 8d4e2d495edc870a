//! The staff side: accounts (argon2) with the login lockout, sessions with CSRF tokens,
//! and the server-rendered ticket pages under `/staff`.
//!
//! [`routes`] assembles the router; [`auth`] logs in and out; [`ticket_pages`] shows
//! the list and one ticket and applies staff actions through
//! [`crate::tickets::Workflow`]; [`dossier_pages`] the dossier dashboard `/staff/ho-so`;
//! [`export`] serves CSV and JSON. [`extract`] holds the
//! session and CSRF extractors, [`html`] the askama page types, [`filter`] the list's
//! filter form, [`client`] what a request's origin can be trusted for, [`lockout`] the
//! login limits, [`manage`] `POST /admin/staff` (accounts managed while serving),
//! [`roles`] what an account may see (admin, province, unit officer), [`team`] the
//! admins' page of staff accounts `/staff/can-bo`, [`stats_page`] the dashboard
//! `/staff/thong-ke` with its reports.

pub mod accounts;
pub mod auth;
pub mod client;
pub mod dossier_pages;
pub mod export;
pub mod extract;
pub mod filter;
pub mod html;
pub mod listing;
pub mod lockout;
pub mod manage;
pub mod replies;
pub mod roles;
pub mod routes;
pub mod sessions;
pub mod stats_page;
pub mod team;
pub mod ticket_pages;

pub use accounts::{Accounts, StaffError};
pub use roles::{Role, Scope};
pub use routes::{router, StaffState};
