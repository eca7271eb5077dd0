"""The crash test's check of a killed server's database against what its clients saw
acknowledged, and against a recomputation from history (crash_test.py says what is checked)."""

import sqlite3
from decimal import Decimal

ADMIN_MONEY = Decimal(100_000_000)
# Migration 0009 gives the seeded Arbor Pixie account its starting money (no transfer records it).
PIXIE_MONEY = Decimal(100_000_000)


def dec(value):
    """Stored decimal text, or a wire double as the decimal it stands for (its shortest repr:
    we only ever send values of 2 or 4 places)."""
    return Decimal(value if isinstance(value, str) else repr(value)).normalize()


def verify_database(path, log):
    """Problems found, the live orders {id: (price, size)} and the recomputed balances."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    one = lambda sql, *args: db.execute(sql, args).fetchone()  # noqa: E731
    problems = []

    for sent, reply in log:
        if reply.HasField("order_created"):
            created = reply.order_created
            if not one("SELECT 1 FROM transactions WHERE id = ?", created.transaction_id):
                problems.append(f"acknowledged transaction {created.transaction_id} missing")
            if created.HasField("order"):
                order = created.order
                row = one("SELECT transaction_id, price, side FROM orders WHERE id = ?", order.id)
                if not row or row[0] != created.transaction_id or dec(row[1]) != dec(order.price):
                    problems.append(f"acknowledged order {order.id} missing or different: {row}")
            for trade in created.trades:
                row = one("SELECT buyer_id, seller_id, price, size FROM trade WHERE id = ?", trade.id)
                expected = (trade.buyer_id, trade.seller_id, dec(trade.price), dec(trade.size))
                if not row or (row[0], row[1], dec(row[2]), dec(row[3])) != expected:
                    problems.append(f"acknowledged trade {trade.id} missing or different: {row}")
        elif reply.HasField("orders_cancelled"):
            for order_id in reply.orders_cancelled.order_ids:
                row = one("SELECT size FROM order_size WHERE order_id = ? AND transaction_id = ?",
                          order_id, reply.orders_cancelled.transaction_id)
                if not row or dec(row[0]) != 0:
                    problems.append(f"acknowledged cancel of {order_id} missing")
        elif reply.HasField("option_exercised"):
            e = reply.option_exercised
            row = one("SELECT contract_id, exerciser_id, amount, price FROM option_exercise"
                      " WHERE transaction_id = ?", e.transaction_id)
            expected = (e.contract_id, e.exerciser_id, dec(e.amount), dec(e.price))
            if not row or (row[0], row[1], dec(row[2]), dec(row[3])) != expected:
                problems.append(f"acknowledged exercise {e.transaction_id} missing or different: {row}")
        elif reply.HasField("transfer_created"):
            t = reply.transfer_created
            row = one("SELECT from_account_id, to_account_id, amount FROM transfer WHERE id = ?", t.id)
            if not row or (row[0], row[1], dec(row[2])) != (t.from_account_id, t.to_account_id, dec(t.amount)):
                problems.append(f"acknowledged transfer {t.id} missing or different: {row}")

    # Every order's current size is the last of its size history.
    for order_id, size, last in db.execute(
            "SELECT o.id, o.size, (SELECT s.size FROM order_size s WHERE s.order_id = o.id"
            " ORDER BY s.transaction_id DESC LIMIT 1) FROM orders o"):
        if last is None or dec(size) != dec(last):
            problems.append(f"order {order_id}: size {size} but history ends at {last}")

    # Recompute balances, positions and open totals from history.
    balances, positions, totals = {}, {}, {}
    for account, in db.execute("SELECT id FROM account"):
        balances[account] = Decimal(0)
    for (account,) in db.execute("SELECT id FROM account WHERE name = 'crash-admin'"):
        balances[account] = ADMIN_MONEY
    for (account,) in db.execute("SELECT id FROM account WHERE name = 'Arbor Pixie'"):
        balances[account] = PIXIE_MONEY
    for source, target, amount in db.execute("SELECT from_account_id, to_account_id, amount FROM transfer"):
        balances[source] -= Decimal(amount)
        balances[target] += Decimal(amount)
    for market, buyer, seller, price, size in db.execute(
            "SELECT market_id, buyer_id, seller_id, price, size FROM trade"):
        value = Decimal(price) * Decimal(size)
        balances[buyer] -= value
        balances[seller] += value
        positions[(buyer, market)] = positions.get((buyer, market), Decimal(0)) + Decimal(size)
        positions[(seller, market)] = positions.get((seller, market), Decimal(0)) - Decimal(size)
    # Exercises move cash and units off the book (options.md 4.3).
    exercised = {}
    for market, underlying, is_call, contract, exerciser, writer, amount, price, cash in db.execute(
            "SELECT e.option_market_id, o.underlying_market_id, o.is_call, e.contract_id,"
            " e.exerciser_id, e.counterparty_id, e.amount, e.price, e.is_cash_settled"
            " FROM option_exercise e JOIN option_market o ON o.market_id = e.option_market_id"):
        x, value = Decimal(amount), Decimal(amount) * Decimal(price)
        exercised[contract] = exercised.get(contract, Decimal(0)) + x
        flow = value if (cash or not is_call) else -value
        balances[exerciser] += flow
        balances[writer] -= flow
        for account, change in ((exerciser, -x), (writer, x)):
            positions[(account, market)] = positions.get((account, market), Decimal(0)) + change
        if not cash:
            units = x if is_call else -x
            for account, change in ((exerciser, units), (writer, -units)):
                key = (account, underlying)
                positions[key] = positions.get(key, Decimal(0)) + change
    # One contract per trade in an option market; remaining = size − exercised.
    contract_net = {}
    for contract, market, buyer, writer, remaining, size, trade_buyer, trade_seller in db.execute(
            "SELECT c.id, c.option_market_id, c.buyer_id, c.writer_id, c.remaining_amount, t.size,"
            " t.buyer_id, t.seller_id FROM option_contract c JOIN trade t ON t.id = c.trade_id"):
        if (buyer, writer) != (trade_buyer, trade_seller) or \
                Decimal(remaining) != Decimal(size) - exercised.get(contract, Decimal(0)):
            problems.append(f"contract {contract}: remaining {remaining} of {size}, parties"
                            f" {buyer}/{writer}, exercised {exercised.get(contract)}")
        contract_net[(buyer, market)] = contract_net.get((buyer, market), Decimal(0)) + Decimal(remaining)
        contract_net[(writer, market)] = contract_net.get((writer, market), Decimal(0)) - Decimal(remaining)
    (uncovered,) = one("SELECT COUNT(*) FROM trade t JOIN option_market o ON o.market_id = t.market_id"
                       " WHERE (SELECT COUNT(*) FROM option_contract c WHERE c.trade_id = t.id) != 1")
    if uncovered:
        problems.append(f"{uncovered} option trades without exactly one contract")
    for (option_market,) in db.execute("SELECT market_id FROM option_market"):
        for key, position in positions.items():
            if key[1] == option_market and position != contract_net.get(key, Decimal(0)):
                problems.append(f"position {key} is {position}, contracts say {contract_net.get(key)}")
    for owner, market, side, price, size in db.execute(
            "SELECT owner_id, market_id, side, price, size FROM orders WHERE size != '0'"):
        key = (owner, market)
        bid_size, offer_size, bid_value, offer_value = totals.get(key, (0, 0, 0, 0))
        if side == 1:
            bid_size, bid_value = bid_size + Decimal(size), bid_value + Decimal(size) * Decimal(price)
        else:
            offer_size, offer_value = offer_size + Decimal(size), offer_value + Decimal(size) * Decimal(price)
        totals[key] = (bid_size, offer_size, bid_value, offer_value)
    for account, balance in db.execute("SELECT id, balance FROM account"):
        if Decimal(balance) != balances[account]:
            problems.append(f"account {account}: balance {balance}, history says {balances[account]}")
    if sum(balances.values()) != ADMIN_MONEY + PIXIE_MONEY:
        problems.append(f"cash not conserved: {sum(balances.values())}")
    stored = {}
    for account, market, position, bid_size, offer_size, bid_value, offer_value in db.execute(
            "SELECT account_id, market_id, position, bid_size, offer_size, bid_value, offer_value FROM exposure"):
        stored[(account, market)] = (Decimal(position), Decimal(bid_size), Decimal(offer_size),
                                     Decimal(bid_value), Decimal(offer_value))
    for key in set(stored) | set(positions) | set(totals):
        bid_size, offer_size, bid_value, offer_value = totals.get(key, (0, 0, 0, 0))
        expected = (positions.get(key, Decimal(0)), Decimal(bid_size), Decimal(offer_size),
                    Decimal(bid_value), Decimal(offer_value))
        if stored.get(key, (0, 0, 0, 0, 0)) != expected:
            problems.append(f"exposure {key}: stored {stored.get(key)}, history says {expected}")
    live = {row[0]: (dec(row[1]), dec(row[2])) for row in db.execute(
        "SELECT id, price, size FROM orders WHERE size != '0'")}
    db.close()
    return problems, live, balances
