//! Helpers shared by the integration tests, each in one place:
//!
//! - [`fixtures`]: paths, the bundled index built once, engines, procedure files;
//! - [`binary`]: the `tthc-bot` binary, one-shot ([`binary::run_cli`]) or a running
//!   `serve` ([`binary::ServeProcess`]);
//! - [`server`]: the `serve` assembly in-process, and any router on a free port;
//! - [`http`]: `POST /api/chat` and its reply;
//! - [`wait`]: [`wait::eventually`], polling until something holds or a timeout.

pub mod binary;
pub mod fixtures;
pub mod http;
pub mod server;
pub mod wait;
