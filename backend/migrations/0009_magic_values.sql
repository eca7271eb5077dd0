-- Changed magic values (additions.md 8.8).
-- The default categories get the reference's newer names. An instructor may already have
-- renamed them to something of their own: only the old default names are replaced, and a
-- rename is skipped when another category already has the new name (names are unique).
UPDATE market_type SET name = 'Other Markets'
  WHERE id = 1 AND name = 'Fun'
    AND NOT EXISTS (SELECT 1 FROM market_type WHERE name = 'Other Markets');
UPDATE market_type SET name = 'Scenarios'
  WHERE id = 2 AND name = 'Class Scenarios'
    AND NOT EXISTS (SELECT 1 FROM market_type WHERE name = 'Scenarios');
-- Arbor Pixie pays the welcome transfers and is the nominal payer of main-universe gifts: it
-- starts with 100,000,000 clips (plain decimal text, as every stored amount).
UPDATE account SET balance = '100000000' WHERE name = 'Arbor Pixie';
