-- Training and the agreement expire: a completed round of training holds for a set
-- number of days, then the hire starts a new round. Reads, attempts and signatures made
-- before `round_started_at` belong to an earlier round and no longer count.
ALTER TABLE users ADD COLUMN round_started_at BIGINT NOT NULL DEFAULT 0;

-- When a hire's completed round was certified from: its oldest record (NULL while not
-- complete). It expires a configured number of days later, so HR's list compares it with
-- now minus that period (a changed period applies at once).
ALTER TABLE hires ADD COLUMN certified_at BIGINT;
CREATE INDEX hires_by_certified_at ON hires (certified_at);
-- Recompute every registered hire's standing at the next start, filling certified_at.
UPDATE hires SET course_version = '' WHERE user_id IS NOT NULL;

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
