//! tthc-bot: a Vietnamese public-service assistant for administrative procedures (TTHC).
//!
//! Data flows one way: [`knowledge`] (files) → [`search`] (index generations, ranking)
//! → [`chat`] (replies) → channels. [`text`] is the Vietnamese analysis shared by
//! indexing and querying; [`eval`] scores answer quality on a question file.

pub mod admin;
pub mod channel;
pub mod channels;
pub mod chat;
pub mod config;
pub mod dossiers;
pub mod eval;
pub mod events;
pub mod files;
pub mod html;
pub mod import;
pub mod knowledge;
pub mod limiter;
pub mod search;
pub mod security;
pub mod server;
pub mod staff;
pub mod stats;
pub mod storage;
pub mod text;
pub mod tickets;
pub mod time;
pub mod units;
