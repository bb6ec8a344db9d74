-- What HR records about each new hire. A hire exists from the invitation on; `user_id`
-- links the account once the invitation is accepted.
CREATE TABLE hires (
    id              TEXT PRIMARY KEY,
    invite_id       TEXT NOT NULL UNIQUE REFERENCES invites (id),
    user_id         TEXT UNIQUE REFERENCES users (id),
    employee_number TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    kana            TEXT NOT NULL,
    email           TEXT NOT NULL,
    site            TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX hires_by_start ON hires (start_date, id);
CREATE INDEX hires_by_site ON hires (site, start_date, id);

-- Hires invited before this table existed keep their invitation; HR completes the details.
INSERT INTO hires (id, invite_id, user_id, employee_number, name, kana, email, site, start_date, created_at)
SELECT id, id, user_id, 'TBD-' || substr(id, 1, 12), name, '', email, '', '', created_at
FROM invites WHERE role = 'hire';
