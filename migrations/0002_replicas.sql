-- tthc-bot schema 2: what replicas share besides the stores.
-- The knowledge generation every replica serves (one row: the checksum of the
-- knowledge base reindexed last, on any replica), and each replica's last report.

CREATE TABLE knowledge_generation (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    checksum text NOT NULL,
    set_by text NOT NULL,
    set_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE replicas (
    name text PRIMARY KEY,
    generation text NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now()
);

-- Secrets every replica must share (the key of the user hashes), made by the first
-- replica that needs one.
CREATE TABLE secrets (
    name text PRIMARY KEY,
    value bytea NOT NULL
);
