-- Built-in login (src/auth/): users with argon2id password hashes, and bot tokens. Only the
-- SHA-256 of a bot token is stored; the token itself is shown once, when created. Time stamps
-- are Unix seconds.

CREATE TABLE auth_user (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL UNIQUE,  -- the login identity of the user's account
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
