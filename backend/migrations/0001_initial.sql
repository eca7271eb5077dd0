-- The data model of rules.md section 1, with these deliberate changes:
-- * timestamps are integer microseconds since the Unix epoch (sub-second precision, and no
--   text parsing at start-up);
-- * tables named after reserved words are renamed: "transaction" -> transactions,
--   "order" -> orders; exposure_cache -> exposure (it is the source of truth we load, and is
--   checked against a recomputation from history by the tests);
-- * account.kinde_id is account.identity (any OIDC provider's subject, or a built-in login);
-- * orders.side is an integer (1 bid, 2 offer, as on the wire);
-- * redeemable keeps the constituents' request order in `position`;
-- * the partial index orders_live lets start-up read only live orders.
-- Decimal quantities stay exact decimal text, as in the reference.

CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  timestamp INTEGER NOT NULL
);

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  identity TEXT UNIQUE,
  name TEXT NOT NULL UNIQUE,
  balance TEXT NOT NULL
);

CREATE TABLE account_owner (
  account_id INTEGER NOT NULL REFERENCES account(id),
  owner_id INTEGER NOT NULL REFERENCES account(id),
  credit TEXT NOT NULL DEFAULT '0',
  PRIMARY KEY (account_id, owner_id)
) WITHOUT ROWID;
CREATE INDEX account_owner_by_owner ON account_owner(owner_id);

CREATE TABLE market_type (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  public INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE market_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  type_id INTEGER NOT NULL REFERENCES market_type(id)
);
CREATE INDEX market_group_by_type ON market_group(type_id);

CREATE TABLE market (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES account(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  min_settlement TEXT NOT NULL,
  max_settlement TEXT NOT NULL,
  settled_price TEXT,
  redeem_fee TEXT NOT NULL DEFAULT '0',
  settled_transaction_id INTEGER REFERENCES transactions(id),
  hide_account_ids INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  status INTEGER NOT NULL DEFAULT 0,
  type_id INTEGER NOT NULL DEFAULT 1 REFERENCES market_type(id),
  group_id INTEGER REFERENCES market_group(id)
);
CREATE INDEX market_by_owner ON market(owner_id);
CREATE INDEX market_by_type ON market(type_id);
CREATE INDEX market_by_group ON market(group_id);

CREATE TABLE market_visible_to (
  market_id INTEGER NOT NULL REFERENCES market(id),
  account_id INTEGER NOT NULL REFERENCES account(id),
  PRIMARY KEY (market_id, account_id)
) WITHOUT ROWID;
CREATE INDEX market_visible_to_by_account ON market_visible_to(account_id);

CREATE TABLE redeemable (
  fund_id INTEGER NOT NULL REFERENCES market(id),
  constituent_id INTEGER NOT NULL REFERENCES market(id),
  multiplier INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (fund_id, constituent_id)
) WITHOUT ROWID;
CREATE INDEX redeemable_by_constituent ON redeemable(constituent_id);

CREATE TABLE redemption (
  id INTEGER PRIMARY KEY,
  redeemer_id INTEGER NOT NULL REFERENCES account(id),
  fund_id INTEGER NOT NULL REFERENCES market(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  amount TEXT NOT NULL
);
CREATE INDEX redemption_by_fund ON redemption(fund_id);
CREATE INDEX redemption_by_redeemer ON redemption(redeemer_id);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  market_id INTEGER NOT NULL REFERENCES market(id),
  owner_id INTEGER NOT NULL REFERENCES account(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  price TEXT NOT NULL,
  size TEXT NOT NULL,
  side INTEGER NOT NULL CHECK (side IN (1, 2))
);
CREATE INDEX orders_by_market ON orders(market_id);
CREATE INDEX orders_by_owner ON orders(owner_id);
CREATE INDEX orders_live ON orders(transaction_id) WHERE size != '0';

CREATE TABLE order_size (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  size TEXT NOT NULL,
  PRIMARY KEY (order_id, transaction_id)
) WITHOUT ROWID;
CREATE INDEX order_size_by_transaction ON order_size(transaction_id);

CREATE TABLE trade (
  id INTEGER PRIMARY KEY,
  market_id INTEGER NOT NULL REFERENCES market(id),
  buyer_id INTEGER NOT NULL REFERENCES account(id),
  seller_id INTEGER NOT NULL REFERENCES account(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  price TEXT NOT NULL,
  size TEXT NOT NULL,
  buyer_is_taker INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX trade_by_market ON trade(market_id);
CREATE INDEX trade_by_buyer ON trade(buyer_id);
CREATE INDEX trade_by_seller ON trade(seller_id);

CREATE TABLE exposure (
  account_id INTEGER NOT NULL REFERENCES account(id),
  market_id INTEGER NOT NULL REFERENCES market(id),
  position TEXT NOT NULL,
  bid_size TEXT NOT NULL,
  offer_size TEXT NOT NULL,
  bid_value TEXT NOT NULL,
  offer_value TEXT NOT NULL,
  PRIMARY KEY (account_id, market_id)
) WITHOUT ROWID;
CREATE INDEX exposure_by_market ON exposure(market_id);

CREATE TABLE transfer (
  id INTEGER PRIMARY KEY,
  initiator_id INTEGER NOT NULL REFERENCES account(id),
  from_account_id INTEGER NOT NULL REFERENCES account(id),
  to_account_id INTEGER NOT NULL REFERENCES account(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  amount TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX transfer_by_from ON transfer(from_account_id);
CREATE INDEX transfer_by_to ON transfer(to_account_id);

CREATE TABLE auction (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES account(id),
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  settled_price TEXT,
  settled_transaction_id INTEGER REFERENCES transactions(id),
  image_filename TEXT,
  bin_price TEXT,
  buyer_id INTEGER NOT NULL DEFAULT 0
);

-- Rows of a fresh database (rules.md 1.2).
INSERT INTO account (id, identity, name, balance) VALUES (0, NULL, 'Hidden', '0');
INSERT INTO account (id, identity, name, balance) VALUES (1, 'fake_id', 'Arbor Pixie', '0');
INSERT INTO market_type (id, name, description, public)
  VALUES (1, 'Fun', 'General fun prediction markets', 1);
INSERT INTO market_type (id, name, description, public)
  VALUES (2, 'Class Scenarios', 'Markets for class scenarios and exercises', 0);
