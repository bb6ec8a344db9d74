-- Training and the agreement expire: a completed round of training holds for a set
-- number of days, then the hire starts a new round. Reads, attempts and signatures made
-- before `round_started_at` belong to an earlier round and no longer count.
ALTER TABLE users ADD COLUMN round_started_at BIGINT NOT NULL DEFAULT 0;

-- Until when the hire's completed round holds (NULL while not complete); past it, HR's
-- list shows the hire as expired.
ALTER TABLE hires ADD COLUMN certified_until BIGINT;
CREATE INDEX hires_by_certified_until ON hires (certified_until);

-- A new round signs the same agreement version again, so (user, version) is no longer
-- unique.
ALTER TABLE nda_signatures DROP CONSTRAINT nda_signatures_user_id_version_key;
CREATE INDEX nda_signatures_by_user ON nda_signatures (user_id, signed_at);
