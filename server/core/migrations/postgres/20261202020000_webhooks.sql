-- Webhooks to door and desk systems: each endpoint gets the door-relevant changes (the
-- same as the change feed, plus deactivations) signed with its own secret. Deliveries
-- are an outbox: queued from the audit log in order (`cursor`: the last entry queued),
-- claimed by one instance at a time, retried with backoff, and kept as the delivery log.
CREATE TABLE webhook_endpoints (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT,
    cursor      BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    seq             BIGINT NOT NULL,
    body            TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_status     BIGINT,
    last_error      TEXT,
    PRIMARY KEY (endpoint_id, seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
