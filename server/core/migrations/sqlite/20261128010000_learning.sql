-- Course progress: lessons read and quiz attempts, per course version (a new version
-- starts everyone afresh). Attempts are never deleted: an HR reset voids them.

CREATE TABLE lesson_reads (
    user_id        TEXT NOT NULL REFERENCES users (id),
    course_version TEXT NOT NULL,
    module_slug    TEXT NOT NULL,
    lesson_index   BIGINT NOT NULL,
    read_at        BIGINT NOT NULL,
    PRIMARY KEY (user_id, course_version, module_slug, lesson_index)
);

CREATE TABLE quiz_attempts (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    course_version TEXT NOT NULL,
    module_slug    TEXT NOT NULL,
    started_at     BIGINT NOT NULL,
    -- Exactly what was served: question ids and option order (JSON).
    served         TEXT NOT NULL,
    submitted_at   BIGINT,
    -- The hire's answers as original option indices per question (JSON).
    answers        TEXT,
    score_percent  BIGINT,
    passed         BIGINT,
    voided_at      BIGINT,
    voided_by      TEXT REFERENCES users (id)
);
CREATE INDEX quiz_attempts_by_user ON quiz_attempts (user_id, course_version, module_slug);
