"""Integration tests of the starter bots: each runs for a few seconds against the real server,
trades within its limits and exits cleanly (code 0, orders cancelled)."""

import shutil
import signal
import subprocess
import tempfile
import sys
import time
from pathlib import Path

from exchange_client import ExchangeClient

from tests.support import ServerTestCase

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class BotTest(ServerTestCase):
    extra_server_args = ()  # bots must live with the normal rate limits

    def start_bot(self, script: str, token: str, *args: str) -> subprocess.Popen:
        command = [sys.executable, str(EXAMPLES / script), "--url", self.server.url, "--token", token, *args]
        # In a temporary directory: the bots write their fills CSV (bot-<name>-<date>.csv) there.
        workdir = tempfile.mkdtemp(prefix="bot-test-")
        self.addCleanup(shutil.rmtree, workdir, True)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=workdir)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        return process

    def run_bot(self, script: str, token: str, *args: str, timeout: float = 40) -> str:
        process = self.start_bot(script, token, *args)
        output, _ = process.communicate(timeout=timeout)
        self.assertEqual(process.returncode, 0, f"{script} failed:\n{output}")
        self.assertIn("stopped", output)
        return output

    def state_of(self, token: str) -> ExchangeClient:
        """A fresh login of a bot's user, to check what the bot left behind."""
        return self.connect(token)

    def assert_within_limits(self, token: str, market_ids, max_position: float) -> None:
        client = self.state_of(token)
        self.assertEqual(client.state.my_orders(), [], "the bot left orders on the book")
        for market_id in market_ids:
            self.assertLessEqual(abs(client.state.position(market_id)), max_position + 1e-9)

    def test_market_watcher_is_read_only(self):
        market_id = self.new_market(0, 100, name="Watched market")
        self.admin.bid(market_id, 42, 1)
        token, _ = self.new_user()
        output = self.run_bot("market_watcher.py", token, "--duration", "3", "--interval", "1")
        self.assertIn("Watched market", output)
        self.assertIn("42", output)
        watcher = self.state_of(token)
        self.assertEqual(len(watcher.state.portfolio().market_exposures), 0)  # never traded

    def test_noise_trader_and_market_maker_trade_within_limits(self):
        market_id = self.new_market(0, 100)
        maker_token, _ = self.new_user(funding=100_000)
        noise_token, _ = self.new_user(funding=100_000)
        maker = self.start_bot("market_maker.py", maker_token, "--market", str(market_id), "--duration", "7",
                               "--max-position", "6", "--size", "2", "--interval", "0.2")
        time.sleep(1.5)  # let the maker quote first
        noise = self.run_bot("noise_trader.py", noise_token, "--market", str(market_id), "--duration", "4",
                             "--rate", "8", "--aggressiveness", "0.7", "--max-position", "5",
                             "--max-order-size", "2", "--seed", "7")
        maker_output, _ = maker.communicate(timeout=30)
        self.assertEqual(maker.returncode, 0, maker_output)
        self.assertIn("cancelled all orders", maker_output)
        self.assertIn("traded", noise)
        self.assertGreater(len(self.admin.get_full_trade_history(market_id).trades), 0)
        self.assert_within_limits(maker_token, [market_id], 6)
        self.assert_within_limits(noise_token, [market_id], 5)

    def test_arbitrage_buys_at_the_minimum(self):
        market_id = self.new_market(10, 20)
        seller_token, seller = self.new_user(funding=1000)
        seller.offer(market_id, 10, 3)  # an offer at the minimum: free money
        seller.offer(market_id, 15, 3)  # a normal offer: must not be taken
        arb_token, _ = self.new_user(funding=1000)
        output = self.run_bot("arbitrage.py", arb_token, "--market", str(market_id), "--duration", "3",
                              "--max-position", "2")
        self.assertIn("bought 2.00 at 10.00", output)
        arb = self.state_of(arb_token)
        self.assertEqual(arb.state.position(market_id), 2)  # capped by --max-position
        self.assert_within_limits(arb_token, [market_id], 2)

    def test_twap_executes_the_quantity(self):
        market_id = self.new_market(0, 100)
        seller_token, seller = self.new_user(funding=10_000)
        for price in (50, 51, 52):
            seller.offer(market_id, price, 2)
        twap_token, _ = self.new_user(funding=10_000)
        output = self.run_bot("twap.py", twap_token, "--market", str(market_id), "--side", "buy",
                              "--quantity", "3", "--duration", "3", "--slices", "3", "--limit-price", "51")
        self.assertIn("TWAP done: filled 3.00 of 3.00", output)
        twap = self.state_of(twap_token)
        self.assertEqual(twap.state.position(market_id), 3)
        self.assert_within_limits(twap_token, [market_id], 3)

    def test_ctrl_c_stops_a_bot_cleanly(self):
        market_id = self.new_market(0, 100)
        token, _ = self.new_user(funding=10_000)
        process = self.start_bot("noise_trader.py", token, "--market", str(market_id), "--rate", "5",
                                 "--aggressiveness", "0")
        lines = []
        for line in process.stdout:  # wait until it trades (robust on a busy machine)
            lines.append(line)
            if "noise trading in" in line:
                break
        time.sleep(1.5)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=15)
        output = "".join(lines) + output
        self.assertEqual(process.returncode, 0, output)
        self.assertIn("stopping: Ctrl-C", output)
        self.assertIn("cancelled all orders", output)
        self.assert_within_limits(token, [market_id], 10)

    def test_demo_runs_and_stops(self):
        import re
        import tempfile

        from exchange_client.local_server import find_exchange_binary

        with tempfile.TemporaryDirectory() as data_dir:
            command = [sys.executable, str(EXAMPLES.parent / "demo.py"), "--port", "0", "--duration", "12",
                       "--report-interval", "2", "--binary", str(find_exchange_binary()),
                       "--data-dir", str(Path(data_dir) / "demo"), "--web-dir", str(Path(data_dir) / "none")]
            result = subprocess.run(command, capture_output=True, text=True, timeout=90)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("Demo exchange running.", result.stdout)
            self.assertIn("Demo stopped.", result.stdout)
            counts = [int(n) for n in re.findall(r"\] (\d+) trades", result.stdout)]
            self.assertTrue(counts and counts[-1] > 0, result.stdout)  # the bots traded
            for log in (Path(data_dir) / "demo" / "logs").glob("*.log"):
                self.assertIn("cancelled all orders", log.read_text(), log.name)

    def test_bad_token_exits_with_an_error(self):
        process = self.start_bot("market_watcher.py", "test::bad", "--duration", "2")
        output, _ = process.communicate(timeout=20)
        self.assertEqual(process.returncode, 1, output)
        self.assertIn("JWT validation failed", output)


if __name__ == "__main__":
    import unittest

    unittest.main()
