-- no-transaction
-- Managers (責任者): the role CHECK of users and invites gains 'manager'. SQLite cannot
-- change a CHECK, so both tables are rebuilt (SQLite's documented 12-step procedure): foreign keys must be
-- off while the referenced table is replaced, and that pragma works only outside a
-- transaction, hence `no-transaction` above and the explicit one below. The script only
-- rebuilds, so re-running it after a crash between its COMMIT and sqlx's bookkeeping does
-- the same again; the new tables are in the next, ordinary migration.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE users_new (
    id               TEXT PRIMARY KEY,
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager', 'hire')),
    password_hash    TEXT NOT NULL,
    disabled_at      BIGINT,
    created_at       BIGINT NOT NULL,
    round_started_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO users_new (id, email, name, role, password_hash, disabled_at, created_at, round_started_at)
SELECT id, email, name, role, password_hash, disabled_at, created_at, round_started_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE invites_new (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager', 'hire')),
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    user_id    TEXT REFERENCES users (id)
);
INSERT INTO invites_new (id, token_hash, email, name, role, created_by, created_at, expires_at, used_at, user_id)
SELECT id, token_hash, email, name, role, created_by, created_at, expires_at, used_at, user_id FROM invites;
DROP TABLE invites;
ALTER TABLE invites_new RENAME TO invites;
CREATE INDEX invites_by_email ON invites (email);
CREATE INDEX invites_by_role ON invites (role, created_at);

COMMIT;
PRAGMA foreign_keys = ON;
