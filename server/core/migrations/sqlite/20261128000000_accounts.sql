-- Accounts, sessions, invitations and sign-in throttling.
-- Times are Unix seconds (UTC); ids are random 128-bit hex strings.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'hire')),
    password_hash TEXT NOT NULL,
    disabled_at   BIGINT,
    created_at    BIGINT NOT NULL
);

-- Only a SHA-256 of the session token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE invites (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'hire')),
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    user_id    TEXT REFERENCES users (id)
);
CREATE INDEX invites_by_email ON invites (email);
CREATE INDEX invites_by_role ON invites (role, created_at);

CREATE TABLE sign_in_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
