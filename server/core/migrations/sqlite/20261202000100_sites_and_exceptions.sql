-- The sites of managers, the device and media exceptions they decide, and the door
-- systems' site limits.

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
