-- Confidentiality agreements and the audit log. Signatures and audit entries are evidence:
-- the database itself refuses to change or delete them.

-- Which agreement versions an admin has published; the highest one is current.
CREATE TABLE agreement_versions (
    version      BIGINT PRIMARY KEY,
    published_at BIGINT NOT NULL,
    published_by TEXT REFERENCES users (id)
);

CREATE TABLE nda_signatures (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    version           BIGINT NOT NULL,
    signed_at         BIGINT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE,
    -- The sealed evidence record (JSON: purpose, key id, canonical payload, signature).
    evidence          TEXT NOT NULL,
    -- The drawn signature (canonical JSON strokes; its SHA-256 is in the evidence).
    drawing           TEXT,
    UNIQUE (user_id, version)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER nda_signatures_append_only BEFORE UPDATE OR DELETE ON nda_signatures
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER nda_signatures_no_truncate BEFORE TRUNCATE ON nda_signatures
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Each entry carries the hash of the one before it; audit_head holds the chain's end so
-- that concurrent writers queue on one row instead of forking the chain.
CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   TEXT,
    action     TEXT NOT NULL,
    subject_id TEXT,
    detail     TEXT NOT NULL,
    ip         TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, seq);

CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
