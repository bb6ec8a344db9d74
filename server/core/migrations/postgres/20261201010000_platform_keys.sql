-- The platform keys of this center. Every instance sharing the database must seal with
-- the one signing key (retired_at NULL); an instance whose key file holds another key
-- refuses to start instead of sealing with a key of its own. Retired keys stay as
-- verify-only: what they sealed still verifies. `introduced_by` is the key move (sealed
-- JSON, signed by the key before) that made a rotated key the signing one.
CREATE TABLE platform_keys (
    key_id        TEXT PRIMARY KEY,
    public_key    TEXT NOT NULL,
    added_at      BIGINT NOT NULL,
    retired_at    BIGINT,
    introduced_by TEXT
);
-- At most one signing key at a time.
CREATE UNIQUE INDEX platform_keys_one_signing ON platform_keys ((retired_at IS NULL)) WHERE retired_at IS NULL;
