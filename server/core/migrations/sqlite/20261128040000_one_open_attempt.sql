-- At most one unsubmitted attempt per hire and module: two quiz starts at the same moment
-- must not hand out two attempts (start_quiz also locks the hire's row, so it never
-- reaches this constraint; the constraint keeps it true whatever the code does).
CREATE UNIQUE INDEX quiz_attempts_one_open
    ON quiz_attempts (user_id, course_version, module_slug)
    WHERE submitted_at IS NULL AND voided_at IS NULL;
