-- no-transaction
-- Managers (責任者) of sites, and the device and media exceptions they decide.
--
-- The role CHECK of users and invites gains 'manager'. SQLite cannot change a CHECK, so
-- both tables are rebuilt (SQLite's documented 12-step procedure): foreign keys must be
-- off while the referenced table is replaced, and that pragma works only outside a
-- transaction, hence `no-transaction` above and the explicit one below. Re-running the
-- script after a crash between its COMMIT and sqlx's bookkeeping does the same again.
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

-- The sites a manager answers for; an admin assigns them.
CREATE TABLE manager_sites (
    user_id     TEXT NOT NULL REFERENCES users (id),
    site        TEXT NOT NULL,
    assigned_by TEXT REFERENCES users (id),
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, site)
);
CREATE INDEX manager_sites_by_site ON manager_sites (site);

-- A request to bring a device or medium into a site's operator room, and its decision.
-- Decided once (decision NULL until then); a revocation ends an approval early. Each
-- decision and revocation is sealed (JSON, platform key): the permit and /verify show it.
CREATE TABLE device_exceptions (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    kind              TEXT NOT NULL CHECK (kind IN ('phone', 'camera', 'recorder', 'usb_storage', 'optical_media', 'laptop', 'other')),
    identifier        TEXT NOT NULL,
    reason            TEXT NOT NULL,
    site              TEXT NOT NULL,
    starts_at         BIGINT NOT NULL,
    ends_at           BIGINT NOT NULL CHECK (ends_at > starts_at),
    requested_at      BIGINT NOT NULL,
    decision          TEXT CHECK (decision IN ('approved', 'refused')),
    decided_by        TEXT REFERENCES users (id),
    decided_at        BIGINT,
    decision_reason   TEXT,
    sealed            TEXT,
    verification_code TEXT UNIQUE,
    revoked_at        BIGINT,
    revoked_by        TEXT REFERENCES users (id),
    revoke_reason     TEXT,
    revoke_sealed     TEXT,
    -- When the end of an approval was announced to door systems (see `door`).
    end_logged_at     BIGINT,
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK (revoked_at IS NULL OR decision = 'approved')
);
CREATE INDEX device_exceptions_by_user ON device_exceptions (user_id, requested_at);
CREATE INDEX device_exceptions_by_site ON device_exceptions (site, ends_at);

-- Door systems: a token may be limited to sites (none listed: every site), and a card
-- whose holder's training expired leaves the active list (off_list_at set) until the
-- holder is certified again.
CREATE TABLE api_token_sites (
    token_id TEXT NOT NULL REFERENCES api_tokens (id),
    site     TEXT NOT NULL,
    PRIMARY KEY (token_id, site)
);
ALTER TABLE cards ADD COLUMN off_list_at BIGINT;

COMMIT;
PRAGMA foreign_keys = ON;
