-- Split auction purchases (additions.md 4.4): every contributor of a sold auction and what it
-- paid. auction.buyer_id now holds the labelled owner (0 = none chosen). The rows go with
-- their auction; amounts are exact decimal text as everywhere.

CREATE TABLE auction_buyer (
  auction_id INTEGER NOT NULL REFERENCES auction(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES account(id),
  amount TEXT NOT NULL,
  PRIMARY KEY (auction_id, account_id)
);
CREATE INDEX auction_buyer_by_account ON auction_buyer(account_id);

-- Auctions sold before this migration had exactly one buyer, who paid the whole price.
INSERT INTO auction_buyer (auction_id, account_id, amount)
  SELECT id, buyer_id, settled_price FROM auction
  WHERE settled_price IS NOT NULL AND buyer_id <> 0;
