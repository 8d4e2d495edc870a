//! The staff side: accounts (argon2), sessions with CSRF tokens, and the server-rendered
//! ticket pages under `/staff`.

pub mod accounts;
pub mod html;
pub mod routes;
pub mod sessions;

pub use accounts::{Accounts, StaffError};
pub use routes::{router, StaffState};
