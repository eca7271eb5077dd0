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
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "clients", "python"))
from exchange_client import proto  # noqa: E402  (generated protobuf classes)
import websocket  # noqa: E402  (Debian python3-websocket)

from database_check import dec, verify_database  # noqa: E402

TRADERS = 4
MARKETS = 2
# The default cohort and one created through the admin API: each its own database and threads.
COHORTS = ["main", "second"]
ADMIN_TOKEN = "test::crash-admin::crash-admin::true"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
