-- Option markets (options.md 10, issue 16). A market is an option market exactly when it has
-- an option_market row. Decimals are exact decimal text as everywhere; expiration_date is
-- whole Unix seconds (our timestamps are integers, unlike the reference's RFC 3339 text),
-- NULL for no expiration.

CREATE TABLE option_market (
  market_id INTEGER PRIMARY KEY REFERENCES market(id),
  underlying_market_id INTEGER NOT NULL REFERENCES market(id),
  strike_price TEXT NOT NULL,
  is_call INTEGER NOT NULL,
  expiration_date INTEGER
);
CREATE INDEX option_market_by_underlying ON option_market(underlying_market_id);

-- One per trade in an option market; remaining_amount falls with exercises and becomes 0 when
-- the option market settles. Never deleted.
CREATE TABLE option_contract (
  id INTEGER PRIMARY KEY,
  option_market_id INTEGER NOT NULL REFERENCES market(id),
  buyer_id INTEGER NOT NULL REFERENCES account(id),
  writer_id INTEGER NOT NULL REFERENCES account(id),
  remaining_amount TEXT NOT NULL,
  trade_id INTEGER NOT NULL REFERENCES trade(id)
);
CREATE INDEX option_contract_by_buyer ON option_contract(option_market_id, buyer_id);
CREATE INDEX option_contract_by_writer ON option_contract(option_market_id, writer_id);

-- One per successful exercise. price is the cash per unit that changed hands: the strike for a
-- physical exercise, the intrinsic value for a cash one (our addition: the reference keeps no
-- price, and no request reads its table).
CREATE TABLE option_exercise (
  id INTEGER PRIMARY KEY,
  option_market_id INTEGER NOT NULL REFERENCES market(id),
  contract_id INTEGER NOT NULL REFERENCES option_contract(id),
  exerciser_id INTEGER NOT NULL REFERENCES account(id),
  counterparty_id INTEGER NOT NULL REFERENCES account(id),
  amount TEXT NOT NULL,
  transaction_id INTEGER NOT NULL REFERENCES transactions(id),
  is_cash_settled INTEGER NOT NULL DEFAULT 0,
  price TEXT NOT NULL
);
