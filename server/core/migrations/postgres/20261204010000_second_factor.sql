-- The second factor of password sign-ins: a person's authenticator (TOTP, RFC 6238) with
-- its shared secret (hex), who is setting it up (the hash of the session or pending
-- sign-in that showed the secret: only they may confirm it, and anyone else starting
-- gets a fresh secret), when it was confirmed (NULL while being set up) and the last time
-- step a code was accepted at, so that no code works twice.
CREATE TABLE totp_factors (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    started_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT NOT NULL
);

-- Ten single-use recovery codes per person with an authenticator, as SHA-256 hashes.
CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- A sign-in whose password was right and whose code is still to come: a random token in
-- a short-lived cookie, its hash here, deleted when the code is accepted.
CREATE TABLE pending_sign_ins (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX pending_sign_ins_by_user ON pending_sign_ins (user_id);
