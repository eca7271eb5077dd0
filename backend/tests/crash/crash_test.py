#!/usr/bin/python3
"""Crash safety: drive load in several cohorts at once, kill the server with SIGKILL at random
moments, restart it, and check, cohort by cohort, that nothing acknowledged was lost and nothing
unacknowledged is half-applied.

After every kill, against the database and then the restarted server:
  * every acknowledged order, cancel, trade and transfer (from the clients' own log) is there;
  * every order's current size equals the last entry of its size history;
  * positions, open-order totals and balances equal a recomputation from history (trades,
    transfers, live orders), and the server's own exposure rows agree with it;
  * cash is conserved: the sum of all balances is what admins were given;
  * option markets (issue 16): every trade in one created exactly one contract, each contract's
    remaining amount is its trade's size less its acknowledged exercises, positions include the
    exercises' moves and equal contracts bought minus written in the option market;
  * after the restart, the server's snapshot (books and portfolios) equals the database.

    /usr/bin/python3 backend/tests/crash/crash_test.py --binary build/bin/exchange --cycles 3
    ... --cycles 20 --sync full          # the long form
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "clients", "python"))
from exchange_client import proto  # noqa: E402  (generated protobuf classes)
import websocket  # noqa: E402  (Debian python3-websocket)

ADMIN_MONEY = Decimal(100_000_000)
# Migration 0009 gives the seeded Arbor Pixie account its starting money (no transfer records it).
PIXIE_MONEY = Decimal(100_000_000)
TRADERS = 4
MARKETS = 2
# The default cohort and one created through the admin API: each its own database and threads.
COHORTS = ["main", "second"]
ADMIN_TOKEN = "test::crash-admin::crash-admin::true"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dec(value):
    """Stored decimal text, or a wire double as the decimal it stands for (its shortest repr:
    we only ever send values of 2 or 4 places)."""
    return Decimal(value if isinstance(value, str) else repr(value)).normalize()


class Server:
    def __init__(self, binary, data_dir, sync):
        self.binary, self.data_dir, self.sync = binary, data_dir, sync
        self.process = None
        self.port = None

    def start(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--address", "127.0.0.1", "--data-dir",
             self.data_dir, "--insecure-test-auth", "--rate-limits", "off", "--sync", self.sync,
             "--log-level", "warn"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def url(self, cohort):
        return f"ws://127.0.0.1:{self.port}/api/ws/{cohort}"

    def http(self, method, path, body=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.read()

    def create_cohort(self, name):
        self.http("GET", "/api/cohorts")  # the admin's first contact makes the person known
        self.http("POST", "/api/admin/cohorts", {"name": name, "display_name": name})


class Connection:
    """One logged-in WebSocket connection with pipelined requests."""

    def __init__(self, url, token):
        self.ws = websocket.create_connection(url, timeout=10)
        self.ws.settimeout(10)
        message = proto.ClientMessage(request_id="login")
        message.authenticate.jwt = token
        self.ws.send_binary(message.SerializeToString())
        self.snapshot = []
        while True:
            reply = self.receive()
            self.snapshot.append(reply)
            if reply.HasField("request_failed"):
                raise RuntimeError(f"login failed: {reply}")
            if reply.HasField("authenticated"):
                self.account = reply.authenticated.account_id
            if reply.HasField("acting_as"):
                break

    def receive(self):
        reply = proto.ServerMessage()
        reply.ParseFromString(self.ws.recv())
        return reply

    def send(self, message):
        self.ws.send_binary(message.SerializeToString())

    def call(self, message, request_id):
        message.request_id = request_id
        self.send(message)
        while True:
            reply = self.receive()
            if reply.request_id == request_id:
                return reply


def setup(url):
    """Creates markets and funds the traders (first cycle only); returns their tokens."""
    admin = Connection(url, ADMIN_TOKEN)
    markets = []
    for m in range(MARKETS):
        create = proto.ClientMessage()
        create.create_market.name = f"crash-{m}"
        create.create_market.min_settlement = 0
        create.create_market.max_settlement = 100
        markets.append(admin.call(create, f"market-{m}").market.id)
    # An option market (a call at 50 on the first market: bounds [0, 50]), traded and
    # exercised like the rest.
    sudo = proto.ClientMessage()
    sudo.set_sudo.enabled = True
    assert admin.call(sudo, "sudo").HasField("sudo_status")
    create = proto.ClientMessage()
    create.create_market.name = "crash-call"
    create.create_market.option.underlying_market_id = markets[0]
    create.create_market.option.strike_price = 50
    create.create_market.option.is_call = True
    option = admin.call(create, "option").market
    assert option.HasField("option"), option
    markets.append(option.id)
    tokens = []
    for t in range(TRADERS):
        token = f"test::crash-trader-{t}::crash-trader-{t}::false"
        trader = Connection(url, token)
        pay = proto.ClientMessage()
        pay.make_transfer.from_account_id = admin.account
        pay.make_transfer.to_account_id = trader.account
        pay.make_transfer.amount = 1_000_000
        assert admin.call(pay, f"fund-{t}").HasField("transfer_created")
        trader.ws.close()
        tokens.append(token)
    admin.ws.close()
    return markets, tokens


class Trader(threading.Thread):
    """Sends a mix of resting, crossing, cancel and transfer requests with a few in flight,
    and logs every acknowledged result."""

    def __init__(self, url, token, markets, peers, log, seed):
        super().__init__(daemon=True)
        self.url, self.token, self.markets, self.peers = url, token, markets, peers
        self.log, self.random = log, random.Random(seed)
        self.pending = {}
        self.own_orders = []
        self.contracts = {}  # contract id -> remaining, as last listed (held as buyer)
        self.sequence = 0

    def request(self):
        r = self.random.random()
        message = proto.ClientMessage()
        option_market = self.markets[-1]  # setup() appends the option market last
        if r < 0.25 and self.own_orders:
            message.cancel_order.id = self.own_orders.pop(self.random.randrange(len(self.own_orders)))
        elif r < 0.28:
            message.get_option_contracts.market_id = option_market
        elif r < 0.33 and self.contracts:
            contract = self.random.choice(sorted(self.contracts))
            message.exercise_option.option_market_id = option_market
            message.exercise_option.contract_id = contract
            message.exercise_option.amount = self.random.randint(1, 100) / 100
        elif r < 0.35:
            message.make_transfer.from_account_id = self.conn.account
            message.make_transfer.to_account_id = self.random.choice(self.peers)
            message.make_transfer.amount = self.random.randint(1, 1000) / 100
        else:
            order = message.create_order
            order.market_id = self.random.choice(self.markets)
            order.side = self.random.choice([proto.BID, proto.OFFER])
            cross = self.random.random() < 0.3
            distance = self.random.randint(1, 300) / 100
            bid = order.side == proto.BID
            middle = 25 if order.market_id == option_market else 50
            order.price = middle + (2 if cross else -distance) * (1 if bid else -1)
            order.size = self.random.randint(1, 500) / 100
        return message

    def run(self):
        try:
            self.conn = Connection(self.url, self.token)
            while True:
                while len(self.pending) < 8:
                    self.sequence += 1
                    request_id = f"{self.conn.account}-{time.monotonic_ns()}-{self.sequence}"
                    message = self.request()
                    message.request_id = request_id
                    self.pending[request_id] = message
                    self.conn.send(message)
                reply = self.conn.receive()
                sent = self.pending.pop(reply.request_id, None)
                if sent is None:
                    continue
                self.log.append((sent, reply))
                if reply.HasField("order_created") and reply.order_created.HasField("order"):
                    self.own_orders.append(reply.order_created.order.id)
                if reply.HasField("option_contracts"):
                    self.contracts = {c.id: c.remaining_amount for c in reply.option_contracts.contracts
                                      if c.buyer_id == self.conn.account}
        except Exception:  # the server was killed: stop
            return


def verify_database(path, log):
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


def verify_restarted(url, live, balances):
    """The restarted server shows exactly the books and balances the database holds."""
    watcher = Connection(url, ADMIN_TOKEN)
    problems = []
    seen_orders = {}
    for message in watcher.snapshot:
        if message.HasField("orders"):
            for order in message.orders.orders:
                seen_orders[order.id] = (dec(order.price), dec(order.size))
    if seen_orders != live:
        problems.append(f"restarted books differ from the database: {len(seen_orders)} vs {len(live)} orders")
    for token_index in range(TRADERS):
        trader = Connection(url, f"test::crash-trader-{token_index}::crash-trader-{token_index}::false")
        for message in trader.snapshot:
            if message.HasField("portfolios"):
                for portfolio in message.portfolios.portfolios:
                    if dec(portfolio.total_balance) != balances[portfolio.account_id]:
                        problems.append(f"restarted balance of {portfolio.account_id} differs")
        trader.ws.close()
    watcher.ws.close()
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--sync", choices=["normal", "full"], default="normal")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", "7")))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    data_dir = tempfile.mkdtemp(prefix="crash-test-")
    server = Server(args.binary, data_dir, args.sync)
    total_acks = 0
    try:
        server.start()
        for cohort in COHORTS[1:]:
            server.create_cohort(cohort)
        setups = {cohort: setup(server.url(cohort)) for cohort in COHORTS}
        for cycle in range(args.cycles):
            if cycle > 0:
                server.start()
            logs, traders = {}, []
            for cohort, (markets, tokens) in setups.items():
                url = server.url(cohort)
                log = logs[cohort] = []
                peers = [Connection(url, t).account for t in tokens]
                traders += [Trader(url, token, markets, [p for p in peers if p != peers[i]], log,
                                   rng.randrange(1 << 30)) for i, token in enumerate(tokens)]
            for trader in traders:
                trader.start()
            time.sleep(rng.uniform(0.5, 2.5))
            server.kill()  # at a random moment, with requests in flight in every cohort
            for trader in traders:
                trader.join(timeout=15)
            checked = {}
            for cohort in COHORTS:
                database = os.path.join(data_dir, "cohorts", f"{cohort}.db")
                checked[cohort] = verify_database(database, logs[cohort])
            problems = [f"{cohort}: {p}" for cohort, (found, _, _) in checked.items() for p in found]
            if not problems:
                server.start()
                for cohort, (_, live, balances) in checked.items():
                    problems += [f"{cohort}: {p}" for p in
                                 verify_restarted(server.url(cohort), live, balances)]
                server.kill()
            acks = sum(len(log) for log in logs.values())
            total_acks += acks
            live_orders = sum(len(live) for _, live, _ in checked.values())
            exercises = sum(reply.HasField("option_exercised") for log in logs.values() for _, reply in log)
            print(f"cycle {cycle + 1}/{args.cycles}: {acks} acknowledged requests checked in"
                  f" {len(COHORTS)} cohorts, {live_orders} live orders, {exercises} exercises,"
                  f" {'OK' if not problems else 'FAILED'}", flush=True)
            for problem in problems[:20]:
                print("  " + problem)
            if problems:
                return 1
        print(f"crash test: {args.cycles} kills survived, {total_acks} acknowledged requests in"
              f" {len(COHORTS)} cohorts all present (seed {args.seed}, sync {args.sync})")
        return 0
    finally:
        if server.process and server.process.poll() is None:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
