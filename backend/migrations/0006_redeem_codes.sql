-- Redeem codes (additions.md 1.5, issue 17). Times are Unix microseconds like every timestamp
-- we store (the reference keeps datetime text). amount is exact decimal text. expires_at is
-- always set by the server; NULL would mean "never expires". redeemed_by, redeemed_at and
-- redeem_transfer_id are NULL until the code is claimed, and are set together, in the same
-- SQLite transaction as the claim's transfer.
CREATE TABLE redeem_code (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  amount TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES account(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  redeemed_by INTEGER REFERENCES account(id),
  redeemed_at INTEGER,
  redeem_transfer_id INTEGER REFERENCES transfer(id)
);
CREATE INDEX redeem_code_by_creator ON redeem_code(created_by);
CREATE INDEX redeem_code_by_redeemer ON redeem_code(redeemed_by);
