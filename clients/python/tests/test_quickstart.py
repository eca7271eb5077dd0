"""The README's quickstart, for real, on a fresh server: a venv that sees Debian's packages,
an offline ``pip install`` of the SDK, a registered user with a bot token from the HTTP API,
and the starter strategy run for a few seconds until it trades (then its CSV and summary)."""

import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

from exchange_client import ExchangeClient
from exchange_client.local_server import LocalExchange, make_test_token

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, as the README says


def post_json(url: str, body: dict, bearer: str = "") -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if bearer:
        request.add_header("Authorization", f"Bearer {bearer}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


class QuickstartTest(unittest.TestCase):
    def test_the_five_commands(self):
        work = Path(tempfile.mkdtemp(prefix="quickstart-"))
        self.addCleanup(shutil.rmtree, work, True)

        # 1. A server (`make run` in the README; here a private one, test logins for the admin).
        server = LocalExchange().start()
        self.addCleanup(server.stop)

        # 2. The venv and the offline install.
        venv = work / ".venv"
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(venv)], check=True)
        install = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index",
                                  "--quiet", str(PACKAGE_ROOT)], capture_output=True, text=True, timeout=120)
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)

        # 3. A user and a bot token through the HTTP API (what the web app's Bots page does).
        api = f"http://127.0.0.1:{server.port}/api/auth"
        login = post_json(f"{api}/register", {"name": "Quick Starter", "password": "quick start passphrase 7"})
        bot_token = post_json(f"{api}/tokens", {"name": "starter"}, bearer=login["access_token"])["token"]

        # The room: money for the student, a market, and a bid that gives the maker a price.
        with ExchangeClient(server.url, make_test_token("qs-admin", "Admin", admin=True), timeout=10) as admin:
            with ExchangeClient(server.url, bot_token, timeout=10) as student:
                student_id = student.user_id
            admin.make_transfer(admin.user_id, student_id, 10_000)
            market_id = admin.create_market("Quickstart market", 0, 100, "for the quickstart").id
            admin.bid(market_id, 50, 1)

            # 4. The starter strategy, run from outside the source tree with the venv's python.
            log_file = work / "fills.csv"
            bot = subprocess.Popen(
                [str(venv / "bin" / "python"), str(PACKAGE_ROOT / "examples" / "strategy_market_maker.py"),
                 "--url", server.url, "--token", bot_token, "--duration", "6", "--log-file", str(log_file)],
                cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self.addCleanup(lambda: bot.poll() is None and bot.kill())

            # 5. Watch it (here: trade with it): it offers at 51 around the 50 bid.
            def its_offer():
                return [o for o in admin.state.book(market_id).offers if o.owner_id == student_id]
            self.assertTrue(admin.wait_until(lambda: bool(its_offer()), 10), "the strategy never quoted")
            admin.bid(market_id, its_offer()[0].price, 1)
            output, _ = bot.communicate(timeout=30)
        self.assertEqual(bot.returncode, 0, output)
        self.assertIn(str(venv), subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import exchange_client; print(exchange_client.__file__)"],
            cwd=work, capture_output=True, text=True).stdout, "the installed copy must be the one used")
        with log_file.open() as handle:
            rows = list(csv.DictReader(handle))
        self.assertGreaterEqual(len(rows), 1, output)
        self.assertEqual((rows[0]["side"], rows[0]["price"], rows[0]["size"]), ("sell", "51.00", "1.00"))
        self.assertIn("summary of MarketMaker", output)
        self.assertRegex(output, r"total\s+1\s+1\.00")


if __name__ == "__main__":
    unittest.main()
