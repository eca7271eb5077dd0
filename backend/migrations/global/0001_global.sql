-- The global database (<data-dir>/global.db, cohorts.md section 2.1): the login system's
-- users and bot tokens, the people (global users), the cohorts with their flags, memberships
-- and configuration. Every cohort's exchange lives in its own database file.
-- Lists come out in id order (creation order): created_at has one-second resolution.

CREATE TABLE auth_user (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL UNIQUE,  -- the login identity of the user's accounts
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE auth_bot_token (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,  -- whose token: the login identity the bot acts as
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,  -- lowercase hex SHA-256 of the token
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX auth_bot_token_by_subject ON auth_bot_token(subject);

-- One row per identity-provider subject (wire/JSON "kinde_id"). A cohort account belongs to
-- a person through account.identity = subject, so deleting a person here and their logging
-- in again finds their accounts again (cohorts.md 10.19).
CREATE TABLE global_user (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,                                    -- lower-cased
  admin_grant INTEGER NOT NULL DEFAULT 0,        -- granted through the admin API
  is_provider_admin INTEGER NOT NULL DEFAULT 0,  -- the latest token carried the admin role
  created_at INTEGER NOT NULL
);

CREATE TABLE cohort (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,          -- [a-z0-9][a-z0-9-]{0,63}: a URL part and a file name
  display_name TEXT NOT NULL,
  db_path TEXT NOT NULL UNIQUE,       -- relative to the data directory
  is_read_only INTEGER NOT NULL DEFAULT 0,
  auctions_enabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE cohort_member (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
  global_user_id INTEGER REFERENCES global_user(id) ON DELETE CASCADE,  -- NULL: pending e-mail
  email TEXT,              -- pre-authorised address, lower-cased
  initial_balance TEXT,    -- exact decimal: the starting cash of the person's account here
  created_at INTEGER NOT NULL,
  UNIQUE (cohort_id, global_user_id),
  UNIQUE (cohort_id, email)
);
CREATE INDEX cohort_member_by_user ON cohort_member(global_user_id);
CREATE INDEX cohort_member_by_email ON cohort_member(email);

CREATE TABLE global_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
