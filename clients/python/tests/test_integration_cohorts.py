"""The SDK and cohorts: a named cohort's socket, the cohort list, universes."""

import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid
from pathlib import Path

from exchange_client import ExchangeClient
from exchange_client.cohorts import cohort_socket_url, create_cohort, http_base, list_cohorts
from exchange_client.local_server import find_exchange_binary, make_test_token

from tests.support import ServerTestCase


class CohortUrlTest(unittest.TestCase):
    def test_socket_urls(self):
        self.assertEqual(cohort_socket_url("ws://h:8080/api", "fall-26"), "ws://h:8080/api/ws/fall-26")
        self.assertEqual(cohort_socket_url("wss://h/api/ws/old", "new"), "wss://h/api/ws/new")
        self.assertEqual(cohort_socket_url("https://h", "a b"), "wss://h/api/ws/a%20b")
        self.assertEqual(cohort_socket_url("ws://h/api", None), "ws://h/api")
        self.assertEqual(http_base("wss://h:1/api/ws/x"), "https://h:1")
        with self.assertRaises(ValueError):
            cohort_socket_url("ws://h/api", "")


class CohortClientTest(ServerTestCase):
    def test_named_cohort_and_cohort_list(self):
        token = make_test_token("cohort-user", "Cohort User")
        client = ExchangeClient(self.server.url, token, cohort="main", timeout=10)
        client.connect()
        self.addCleanup(client.close)
        self.assertTrue(client.url.endswith("/api/ws/main"))
        self.assertTrue(client.state.ready)
        listed = list_cohorts(self.server.url, token)
        self.assertEqual(listed["default_cohort"], "main")
        self.assertIn("main", [cohort["name"] for cohort in listed["cohorts"]])
        self.assertNotIn("db_path", listed["cohorts"][0])

    def test_create_universe(self):
        _, client = self.new_user()
        universe = client.create_universe("Sandbox of " + str(client.user_id), "mine")
        self.assertGreater(universe.id, 0)
        self.assertEqual(universe.owner_id, client.user_id)
        self.assertEqual(universe.description, "mine")


ADMIN_TOKEN = make_test_token("admin", "Admin", admin=True)  # the admin ServerTestCase logs in
PYTHON_DIR = Path(__file__).resolve().parents[1]


class CohortBotTest(ServerTestCase):
    """A starter bot with --cohort trades in that cohort, and nothing of it shows in the default."""

    def cohort_client(self, cohort: str, token: str) -> ExchangeClient:
        client = ExchangeClient(self.server.url, token, cohort=cohort, timeout=10)
        client.connect()  # a test login enrols the user in the cohort
        self.addCleanup(client.close)
        return client

    def test_create_cohort_twice(self):
        name = f"again-{uuid.uuid4().hex[:6]}"
        self.assertTrue(create_cohort(self.server.url, ADMIN_TOKEN, name))
        self.assertFalse(create_cohort(self.server.url, ADMIN_TOKEN, name))  # exists: not an error

    def test_arbitrage_bot_trades_in_its_cohort_only(self):
        cohort = f"bots-{uuid.uuid4().hex[:6]}"
        self.assertTrue(create_cohort(self.server.url, ADMIN_TOKEN, cohort, "Bot class"))
        admin = self.cohort_client(cohort, ADMIN_TOKEN)
        market_name = f"Cohort market {cohort}"
        market = admin.create_market(market_name, 10, 20, "only in " + cohort)
        seller_token = make_test_token(f"seller-{cohort}", "Seller")
        seller = self.cohort_client(cohort, seller_token)
        admin.make_transfer(admin.user_id, seller.user_id, 1000)
        self.assertTrue(seller.wait_until(lambda: seller.state.balance() >= 1000, 5))
        seller.offer(market.id, 10, 3)  # at the minimum: the arbitrage bot must take it
        arb_token = make_test_token(f"arb-{cohort}", "Arbitrage")
        arb = self.cohort_client(cohort, arb_token)
        admin.make_transfer(admin.user_id, arb.user_id, 1000)

        workdir = tempfile.mkdtemp(prefix="bot-test-")  # the bot writes its fills CSV here
        self.addCleanup(shutil.rmtree, workdir, True)
        command = [sys.executable, str(PYTHON_DIR / "examples" / "arbitrage.py"), "--url", self.server.url,
                   "--cohort", cohort, "--token", arb_token, "--market", market_name,
                   "--duration", "3", "--max-position", "2"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=60)
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn(f"connected to {cohort_socket_url(self.server.url, cohort)}", output)
        self.assertIn("bought 2.00 at 10.00", output)

        # Seen from the cohort: the trade happened there.
        trades = admin.get_full_trade_history(market.id).trades
        self.assertEqual(sum(trade.size for trade in trades), 2)
        after = self.cohort_client(cohort, arb_token)
        self.assertEqual(after.state.position(market.id), 2)
        # Seen from the default cohort (/api): neither the market nor a position exists there.
        in_default = self.connect(arb_token)
        self.assertNotIn(market_name, [d.market.name for d in in_default.state.markets.values()])
        self.assertEqual(len(in_default.state.portfolio().market_exposures), 0)
        self.assertNotIn(market_name, [d.market.name for d in self.admin.state.markets.values()])

    def test_demo_in_a_named_cohort(self):
        cohort = "demo-class"
        with tempfile.TemporaryDirectory() as data_dir:
            command = [sys.executable, str(PYTHON_DIR / "demo.py"), "--port", "0", "--duration", "8",
                       "--report-interval", "2", "--binary", str(find_exchange_binary()), "--cohort", cohort,
                       "--data-dir", str(Path(data_dir) / "demo"), "--web-dir", str(Path(data_dir) / "none")]
            result = subprocess.run(command, capture_output=True, text=True, timeout=90)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertRegex(result.stdout, rf"WebSocket:  ws://[^ ]+/api/ws/{cohort}\n")
            # The price reporter watches the cohort's socket: trades there mean the bots were there.
            counts = [int(n) for n in re.findall(r"\] (\d+) trades", result.stdout)]
            self.assertTrue(counts and counts[-1] > 0, result.stdout)
            self.assertTrue((Path(data_dir) / "demo" / "cohorts" / f"{cohort}.db").is_file())


if __name__ == "__main__":
    unittest.main()
