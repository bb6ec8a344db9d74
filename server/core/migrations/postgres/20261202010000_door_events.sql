-- What door and desk systems report back: entries, exits, denied entries and desk locks,
-- each by card UID, door or desk ("point"), time, and the system's own event id (so a
-- re-sent batch records nothing twice). Append-only and hash-chained like the audit log;
-- `door_events_head` records the last row. `user_id` is the card's holder at that time
-- (NULL for a card Mamoru never issued).
CREATE TABLE door_events (
    seq         BIGINT PRIMARY KEY,
    token_id    TEXT NOT NULL REFERENCES api_tokens (id),
    event_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('entry', 'exit', 'denied', 'desk_lock', 'desk_unlock')),
    card_uid    TEXT NOT NULL,
    point       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    user_id     TEXT REFERENCES users (id),
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (token_id, event_id)
);
CREATE INDEX door_events_by_user ON door_events (user_id, at);
CREATE INDEX door_events_by_point ON door_events (point, at);
CREATE INDEX door_events_by_kind ON door_events (kind, at);

CREATE TABLE door_events_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO door_events_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER door_events_append_only BEFORE UPDATE OR DELETE ON door_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER door_events_no_truncate BEFORE TRUNCATE ON door_events
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
