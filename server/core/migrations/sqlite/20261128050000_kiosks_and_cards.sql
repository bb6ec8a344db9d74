-- Kiosks, the cards they issue, and the tokens door and desk systems read cards with.

-- A kiosk is known by the public half of its device key; it enrolls once with a one-time
-- code an admin created (only its SHA-256 is stored).
CREATE TABLE kiosk_enrollments (
    code_hash  TEXT PRIMARY KEY,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE kiosks (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    public_key  TEXT NOT NULL UNIQUE,
    enrolled_at BIGINT NOT NULL,
    disabled_at BIGINT
);

-- Every signed kiosk request's nonce, kept past the clock-skew window so a replay is refused.
CREATE TABLE kiosk_nonces (
    kiosk_id TEXT NOT NULL REFERENCES kiosks (id),
    nonce    TEXT NOT NULL,
    seen_at  BIGINT NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX kiosk_nonces_by_time ON kiosk_nonces (seen_at);

-- A staff IC card, bound to the grant it was issued for.
CREATE TABLE cards (
    id        TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id),
    grant_id  TEXT NOT NULL UNIQUE REFERENCES card_grants (id),
    uid       TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('active', 'lost', 'returned', 'revoked')),
    kiosk_id  TEXT NOT NULL REFERENCES kiosks (id),
    issued_at BIGINT NOT NULL,
    ended_at  BIGINT
);
CREATE INDEX cards_by_user ON cards (user_id, issued_at);
-- A card UID opens doors for one person at a time.
CREATE UNIQUE INDEX cards_one_active_uid ON cards (uid) WHERE state = 'active';

-- Bearer tokens for door and desk systems (only a SHA-256 is stored).
CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
