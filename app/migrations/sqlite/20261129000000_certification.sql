-- Training and the agreement expire: a completed round of training holds for a set
-- number of days, then the hire starts a new round. Reads, attempts and signatures made
-- before `round_started_at` belong to an earlier round and no longer count.
ALTER TABLE users ADD COLUMN round_started_at BIGINT NOT NULL DEFAULT 0;

-- Until when the hire's completed round holds (NULL while not complete); past it, HR's
-- list shows the hire as expired.
ALTER TABLE hires ADD COLUMN certified_until BIGINT;
CREATE INDEX hires_by_certified_until ON hires (certified_until);

-- A new round signs the same agreement version again, so (user, version) is no longer
-- unique. SQLite cannot drop a constraint: the table is rebuilt with its triggers.
CREATE TABLE nda_signatures_new (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    version           BIGINT NOT NULL,
    signed_at         BIGINT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE,
    evidence          TEXT NOT NULL,
    drawing           TEXT
);
INSERT INTO nda_signatures_new (id, user_id, version, signed_at, verification_code, evidence, drawing)
SELECT id, user_id, version, signed_at, verification_code, evidence, drawing FROM nda_signatures;
DROP TABLE nda_signatures;
ALTER TABLE nda_signatures_new RENAME TO nda_signatures;
CREATE INDEX nda_signatures_by_user ON nda_signatures (user_id, signed_at);

CREATE TRIGGER nda_signatures_no_update BEFORE UPDATE ON nda_signatures
BEGIN SELECT RAISE(ABORT, 'nda_signatures is append-only'); END;
CREATE TRIGGER nda_signatures_no_delete BEFORE DELETE ON nda_signatures
BEGIN SELECT RAISE(ABORT, 'nda_signatures is append-only'); END;
