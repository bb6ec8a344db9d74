-- Card grants: minted in the transaction that completes a hire's last requirement (every
-- module passed and the current agreement signed). A kiosk claims a grant in one
-- conditional statement; the PIN is stored only as a hash, set when the hire asks for it.

CREATE TABLE card_grants (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    short_code   TEXT NOT NULL UNIQUE,
    state        TEXT NOT NULL CHECK (state IN ('granted', 'claimed', 'issued', 'locked', 'revoked')),
    issued_at    BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    pin_hash     TEXT,
    pin_failures BIGINT NOT NULL DEFAULT 0,
    kiosk_id     TEXT,
    claimed_at   BIGINT
);
CREATE INDEX card_grants_by_user ON card_grants (user_id, issued_at);
-- One grant or card at a time per person; a revoked one makes room for the next.
CREATE UNIQUE INDEX card_grants_one_outstanding ON card_grants (user_id) WHERE state <> 'revoked';
