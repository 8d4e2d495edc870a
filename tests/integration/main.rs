//! Integration tests, one module per capability, in one binary (one link of the crate).

mod abuse_limits;
mod browser;
mod conversation;
mod decision;
mod dossiers;
mod dvc_import;
mod dvc_markdown;
mod fake_telegram;
mod forms;
mod knowledge_content;
mod knowledge_errors;
mod ocr_plans;
mod privacy;
mod ratings;
mod reindex_live;
mod search_quality;
mod staff_dossiers;
mod staff_security;
mod support;
mod telegram_e2e;
mod ticket_safety;
mod tickets;
mod tickets_durability;
mod unit_scopes;
mod webdriver;
mod zalo_webhook;
