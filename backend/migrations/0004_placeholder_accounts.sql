-- Placeholder accounts (cohorts.md 3.5): an instructor pre-registers a student by e-mail, and
-- the cohort gets the student's account at once (so it can be funded before the first login).
-- pending_email holds the lower-cased e-mail until that first login claims the account (and
-- sets identity); one placeholder per e-mail.
ALTER TABLE account ADD COLUMN pending_email TEXT;
CREATE UNIQUE INDEX account_by_pending_email ON account(pending_email)
  WHERE pending_email IS NOT NULL;
