-- Browsers that have signed in to an account before ("known devices"): they are exempt
-- from the per-address sign-in limit, so guessing from a shared office address or proxy
-- does not lock out people who know their password. Only a SHA-256 of the cookie's
-- token is stored.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX known_devices_by_user ON known_devices (user_id);
