-- What HR records about each new hire. A hire exists from the invitation on; `user_id`
-- links the account once the invitation is accepted. The standing columns (state, modules
-- passed, card, agreement versions) are recomputed from the records by the transaction
-- that changes them, so HR's list filters and pages in SQL at any size.
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
    created_at      BIGINT NOT NULL,
    -- Name, reading, email and employee number folded for search, one per line.
    search_text     TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'Invited',
    modules_passed  BIGINT NOT NULL DEFAULT 0,
    card            TEXT,
    card_expires_at BIGINT,
    signed_versions TEXT NOT NULL DEFAULT '',
    -- The course version the standing was computed for; another one means recompute.
    course_version  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hires_by_start ON hires (start_date, id);
CREATE INDEX hires_by_state ON hires (state, start_date, id);
CREATE INDEX hires_by_site ON hires (site, start_date, id);

-- Hires invited before this table existed keep their invitation; their details are
-- incomplete (employee number TBD-…, no reading, site or start date).
-- Their standing is computed at the next start (course_version '' never matches).
INSERT INTO hires (id, invite_id, user_id, employee_number, name, kana, email, site, start_date, created_at, search_text)
SELECT id, id, user_id, 'TBD-' || substr(id, 1, 12), name, '', email, '', '', created_at,
       lower(replace(replace(name, ' ', ''), '　', '')) || char(10) || lower(email)
FROM invites WHERE role = 'hire';
