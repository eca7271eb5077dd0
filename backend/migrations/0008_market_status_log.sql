-- The market status-change log (additions.md 5.2): one row when a market is created (open, its
-- creation transaction) and one for each EditMarket that changes the stored status. It starts
-- empty for markets that existed before it, as in the reference after its own clean-up
-- migration; clients count the time before a market's first entry as open.

CREATE TABLE market_status_change (
  id INTEGER PRIMARY KEY,
  market_id INTEGER NOT NULL REFERENCES market(id),
  status INTEGER NOT NULL,
  transaction_id INTEGER NOT NULL REFERENCES transactions(id)
);
CREATE INDEX market_status_change_by_market ON market_status_change(market_id, transaction_id);
