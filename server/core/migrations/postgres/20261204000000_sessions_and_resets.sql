-- Sessions a person can see and end one by one: each gets an id to name it by (never its
-- token's hash) and where it was started from. The table is made again, so everyone signs
-- in once more after this upgrade.
DROP TABLE sessions;
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client_addr  TEXT,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Password-reset links: issued by HR (for a hire) or an administrator (for staff), or
-- asked for by email (created_by NULL). Only a SHA-256 of the link's secret is stored;
-- a link works once, before it expires, and a newer one for the same person replaces it
-- (one open link per person, kept by the unique index: issuing is an upsert on it).
CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE UNIQUE INDEX password_resets_one_open ON password_resets (user_id) WHERE used_at IS NULL;
