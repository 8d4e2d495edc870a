-- tthc-bot schema 1: one key-value table per store tree (the names of
-- src/storage/mod.rs `Tree`), keys ordered byte by byte as in sled, and the
-- sequence that numbers outbox entries and events.

CREATE TABLE kv_conversations (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_tickets (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_tickets_by_status (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_tickets_by_user (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_tickets_by_draft (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_outbox (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_staff_accounts (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_staff_sessions (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_staff_saved_replies (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_staff_lockouts (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_web_inbox (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_web_history (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_telegram_payloads (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_zalo_seen_msg_ids (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_telegram_seen_update_ids (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_dossiers (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_dossier_subscriptions (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_dossier_lockouts (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_event_questions (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_event_votes (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE kv_event_gaps_handled (key bytea PRIMARY KEY, value bytea NOT NULL);

CREATE SEQUENCE tthc_ids;
