-- tthc-bot schema 4: request counts shared by replicas (chat limits per user and per
-- client address, dossier look-ups), one row per key and fixed window; rows of past
-- windows are deleted as new ones come.

CREATE TABLE rate_counts (
    key text NOT NULL,
    window_start bigint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (key, window_start)
);
