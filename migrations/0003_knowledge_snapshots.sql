-- tthc-bot schema 3: the knowledge base of each recorded generation, so that every
-- replica can build the generation a reindex on any replica recorded. Files are kept
-- by content (one blob per distinct content), listed per knowledge checksum.

CREATE TABLE knowledge_blobs (
    sha256 text PRIMARY KEY,
    content bytea NOT NULL
);

CREATE TABLE knowledge_files (
    checksum text NOT NULL,
    path text NOT NULL,
    sha256 text NOT NULL REFERENCES knowledge_blobs (sha256),
    PRIMARY KEY (checksum, path)
);
