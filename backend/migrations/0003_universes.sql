-- Universes (cohorts.md 2.2, 5): separate trading worlds inside one cohort. Universe 0 "Main"
-- always exists; every account and market of an older database lands in it. An account's
-- colour is "#rrggbb" lower-case, or '' for none. No foreign keys on the universe ids, as in
-- the reference.

CREATE TABLE universe (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  owner_id INTEGER REFERENCES account(id)
);
INSERT INTO universe (id, name, description, owner_id)
  VALUES (0, 'Main', 'The main trading universe', NULL);

ALTER TABLE account ADD COLUMN universe_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN color TEXT NOT NULL DEFAULT '';
ALTER TABLE market ADD COLUMN universe_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX account_by_universe ON account(universe_id);
CREATE INDEX market_by_universe ON market(universe_id);
