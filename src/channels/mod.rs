//! Channel adapters: each turns its platform's input into [`crate::chat::Incoming`] and
//! renders the engine's messages back. No channel reaches into search directly.

pub mod web;
