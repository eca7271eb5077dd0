"""Integration tests of option markets through the SDK, against the real server: listing, bounds,
contracts from trades, physical exercise (with and without the option market's id), exercise
history, expiry, and the automatic settlement of options when their underlying settles; and
the starter option market maker quoting within bounds and following the underlying."""

import importlib.util
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

from exchange_client import PrecisionWarning, RequestError, proto

from tests.support import ServerTestCase

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_bot_module():
    spec = importlib.util.spec_from_file_location("option_market_maker", EXAMPLES / "option_market_maker.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


class OptionCase(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin.set_sudo(True)  # only sudo admins list options

    def list_options(self, expiration=None):
        """An underlying on [0, 100] with a call at 50 and a put at 40: (U, C50, P40) ids."""
        underlying = self.new_market(0, 100, name=unique("Coin"))
        call = self.admin.create_option_market(unique("C50"), "call", underlying, 50, True)
        put = self.admin.create_option_market(unique("P40"), "put", underlying, 40, False, expiration_date=expiration)
        return underlying, call.id, put.id

    def assert_refused(self, call, kind, message):
        with self.assertRaises(RequestError) as caught:
            call()
        self.assertEqual((caught.exception.kind, caught.exception.message), (kind, message))

    def wait_cash(self, client, balance, available=None):
        ok = client.wait_until(lambda: abs(client.state.balance() - balance) < 1e-6 and (
            available is None or abs(client.state.available_balance() - available) < 1e-6), 5)
        self.assertTrue(ok, f"balance {client.state.balance()} / {client.state.available_balance()}, "
                            f"wanted {balance} / {available}")


class ListingTest(OptionCase):
    def test_bounds_info_and_refusals(self):
        underlying, call_id, put_id = self.list_options(expiration=2_000_000_000)
        call, put = self.admin.state.market(call_id), self.admin.state.market(put_id)
        self.assertEqual((call.min_settlement, call.max_settlement), (0, 50))
        self.assertEqual((put.min_settlement, put.max_settlement), (0, 40))
        self.assertEqual((call.option.underlying_market_id, call.option.strike_price, call.option.is_call),
                         (underlying, 50, True))
        self.assertFalse(call.option.HasField("expiration_date"))
        self.assertEqual(self.admin.state.option_expiration(put_id), 2_000_000_000)
        self.assertEqual([m.id for m in self.admin.state.option_markets(underlying)], [call_id, put_id])
        below = self.admin.create_option_market(unique("C-10"), "", underlying, -10, True)
        self.assertEqual((below.min_settlement, below.max_settlement), (10, 110))

        # A student sees the option (and its OptionInfo) like any market.
        _, student = self.new_user()
        self.assertEqual(student.state.option_info(call_id).strike_price, 50)
        self.assertIsNone(student.state.option_info(underlying))

        self.assert_refused(lambda: self.admin.create_option_market(unique("C100"), "", underlying, 100, True),
                            "CreateMarket", "Invalid settlement prices")
        self.assert_refused(lambda: self.admin.create_option_market(unique("P0"), "", underlying, 0, False),
                            "CreateMarket", "Invalid settlement prices")
        self.assert_refused(lambda: self.admin.create_option_market(unique("C"), "", 987654, 10, True),
                            "CreateMarket", "Constituent not found")
        raw = proto.CreateMarket(name=unique("raw"), option=proto.OptionInfo(
            underlying_market_id=underlying, strike_price=12.345, is_call=True))
        self.assert_refused(lambda: self.admin.request("create_market", raw, "market"),
                            "CreateMarket", "Invalid strike price")
        with warnings.catch_warnings(record=True) as caught:  # the SDK rounds the strike instead
            warnings.simplefilter("always")
            rounded = self.admin.create_option_market(unique("C12"), "", underlying, 12.345, True)
        self.assertEqual(rounded.option.strike_price, 12.34)  # half to even
        self.assertEqual([w.category for w in caught], [PrecisionWarning])
        self.assert_refused(lambda: student.create_option_market(unique("S"), "", underlying, 50, True),
                            "CreateMarket", "Sudo required")
        self.assert_refused(lambda: self.admin.settle_market(call_id, 10),
                            "SettleMarket", "Option markets cannot be settled; use exercise instead")
        self.admin.settle_market(underlying, 1)
        self.assert_refused(lambda: self.admin.create_option_market(unique("late"), "", underlying, 50, True),
                            "CreateMarket", "Constituent already settled")


class ExerciseTest(OptionCase):
    def test_contracts_exercise_history_and_automatic_settlement(self):
        underlying, call_id, put_id = self.list_options()
        alice_token, alice = self.new_user(funding=1000)
        _, bob = self.new_user(funding=1000)

        # Bob writes 2 calls at 12 to Alice: one contract, holder Alice, writer Bob.
        bob.offer(call_id, 12, 2)
        self.wait_cash(bob, 1000, 924)
        alice.bid(call_id, 12, 2)
        self.wait_cash(alice, 976, 976)
        self.wait_cash(bob, 1024, 924)
        contracts = alice.get_option_contracts(call_id)
        self.assertEqual(contracts.market_id, call_id)
        self.assertEqual([(c.buyer_id, c.writer_id, c.remaining_amount) for c in contracts.contracts],
                         [(alice.user_id, bob.user_id, 2)])
        contract_id = contracts.contracts[0].id
        self.assertEqual([c.id for c in bob.get_option_contracts(call_id).contracts], [contract_id])
        self.assertEqual([c.id for c in alice.state.option_contracts(call_id, as_holder=True)], [contract_id])
        self.assertEqual(bob.state.option_contracts(call_id, as_holder=True), [])

        # Refusals change nothing.
        self.assert_refused(lambda: bob.exercise_option(contract_id, 1, call_id),
                            "ExerciseOption", "Not the buyer of this contract")
        self.assert_refused(lambda: alice.exercise_option(contract_id, 3, call_id), "ExerciseOption", "Invalid amount")
        self.assert_refused(lambda: alice.exercise_option(contract_id, 1, put_id),
                            "ExerciseOption", "Option contract not found")

        # Physical exercise of 1, naming the market: Alice pays 50 for one unit of the underlying.
        done = alice.exercise_option(contract_id, 1, call_id)
        self.assertEqual((done.option_market_id, done.contract_id, done.exerciser_id, done.counterparty_id),
                         (call_id, contract_id, alice.user_id, bob.user_id))
        self.assertEqual((done.amount, done.is_cash_settled, done.price, done.underlying_market_id),
                         (1, False, 50, underlying))
        self.assertEqual(alice.state.option_contract(contract_id).remaining_amount, 1)
        self.wait_cash(alice, 926, 926)
        self.wait_cash(bob, 1074, 924)
        self.assertEqual((alice.state.position(underlying), alice.state.position(call_id)), (1, 1))
        self.assertEqual((bob.state.position(underlying), bob.state.position(call_id)), (-1, -1))

        # Without the market id, from a fresh login that knows no contracts: the SDK finds it.
        again = self.connect(alice_token)
        self.assertIsNone(again.state.option_contract(contract_id))
        half = again.exercise_option(contract_id, 0.5)
        self.assertEqual((half.option_market_id, half.amount), (call_id, 0.5))
        # ...and from the state of a client that already knows the contract (no lookup).
        alice.get_option_contracts(call_id)
        self.assertEqual(alice.state.option_contract(contract_id).remaining_amount, 0.5)

        # Exercise history: both parties, both exercises; none in the put.
        for client in (alice, bob):
            history = client.get_option_exercises()
            self.assertEqual([(e.contract_id, e.amount) for e in history.exercises], [(contract_id, 1), (contract_id, 0.5)])
            self.assertEqual(list(client.get_option_exercises(put_id).exercises), [])
        self.assertTrue(bob.wait_until(lambda: len(bob.state.option_exercises(call_id, account_id=bob.user_id)) == 2, 5))
        self.wait_cash(alice, 901, 901)
        self.wait_cash(bob, 1099, 924)

        # The underlying settles at 80: the call settles by itself at 30, the put at 0.
        self.admin.settle_market(underlying, 80)
        settled = lambda client: all(  # noqa: E731
            client.state.market(m).HasField("closed") for m in (underlying, call_id, put_id))
        self.assertTrue(alice.wait_until(lambda: settled(alice), 5))
        self.assertEqual(alice.state.market(call_id).closed.settle_price, 30)
        self.assertEqual(alice.state.market(put_id).closed.settle_price, 0)
        self.assertEqual(alice.state.option_contracts(call_id), [])
        # Alice: 901 + 1.5 units x 80 + 0.5 calls x 30 = 1036; Bob the mirror: 964, nothing reserved.
        self.wait_cash(alice, 1036, 1036)
        self.assertTrue(bob.wait_until(lambda: settled(bob), 5))
        self.wait_cash(bob, 964, 964)
        self.assertEqual(list(alice.get_option_contracts(call_id).contracts), [])
        with self.assertRaises(RequestError):
            alice.exercise_option(contract_id, 0.5, call_id)

    def test_put_exercise_expiry_and_zero_expiration(self):
        underlying = self.new_market(0, 100, name=unique("Coin"))
        past = time.time() - 3600
        expired = self.admin.create_option_market(unique("P40 old"), "", underlying, 40, False, expiration_date=past)
        forever = self.admin.create_option_market(unique("P40 zero"), "", underlying, 40, False, expiration_date=0)
        self.assertIsNone(self.admin.state.option_expiration(forever.id))
        _, carol = self.new_user(funding=1000)
        _, dave = self.new_user(funding=1000)
        for option in (expired.id, forever.id):
            carol.offer(option, 5, 3)
            dave.bid(option, 5, 3)
        old = dave.get_option_contracts(expired.id).contracts[0]
        self.assert_refused(lambda: dave.exercise_option(old.id, 1), "ExerciseOption", "Option has expired")

        # Physical put: Dave sells 3 units of the underlying to Carol at 40.
        live = dave.get_option_contracts(forever.id).contracts[0]
        done = dave.exercise_option(live.id, 3)
        self.assertEqual((done.option_market_id, done.price, done.is_cash_settled), (forever.id, 40, False))
        self.assertTrue(dave.wait_until(lambda: dave.state.position(underlying) == -3, 5))
        self.assertTrue(carol.wait_until(lambda: carol.state.position(underlying) == 3, 5))
        # Dave: 1000 - 30 + 120; Carol: 1000 + 30 - 120.
        self.wait_cash(dave, 1090)
        self.wait_cash(carol, 910)
        self.assertEqual(list(dave.get_option_contracts(forever.id).contracts), [])

        # The expired put still settles at its intrinsic value: 40 - 25 = 15 per unit.
        self.admin.settle_market(underlying, 25)
        self.assertTrue(dave.wait_until(lambda: dave.state.market(expired.id).HasField("closed"), 5))
        self.assertEqual(dave.state.market(expired.id).closed.settle_price, 15)
        # Dave: 1090 - 3 x 25 (short underlying) + 3 x 15 (expired puts) = 1060.
        self.wait_cash(dave, 1060, 1060)


class OptionBotTest(OptionCase):
    extra_server_args = ()  # the bot lives with the normal rate limits

    def test_starter_bot_quotes_within_bounds_and_follows_the_underlying(self):
        bot_module = load_bot_module()
        underlying, call_id, put_id = self.list_options()
        _, trader = self.new_user(funding=10_000)
        trader.quote(underlying, 40, 60, 1)  # mid 50
        maker_token, maker = self.new_user(funding=10_000)

        workdir = tempfile.mkdtemp(prefix="option-bot-test-")
        self.addCleanup(shutil.rmtree, workdir, True)
        command = [sys.executable, str(EXAMPLES / "option_market_maker.py"), "--url", self.server.url,
                   "--token", maker_token, "--market", str(underlying), "--vol", "0.1", "--edge", "1",
                   "--size", "1", "--duration", "120"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=workdir)
        self.addCleanup(lambda: process.poll() is None and process.kill())

        def expected(mid):
            quotes = {}
            for option_id in (call_id, put_id):
                market = self.admin.state.market(option_id)
                fair = bot_module.fair_value(mid, market.option.strike_price, market.option.is_call, 10)
                bid = round(min(max(fair - 1, market.min_settlement), market.max_settlement - 0.01), 2)
                quotes[option_id] = (bid, round(max(min(fair + 1, market.max_settlement), bid + 0.01), 2))
            return quotes

        def quotes_of_maker():
            found = {}
            for option_id in (call_id, put_id):
                mine = [o for o in self.admin.state.orders(option_id, maker.user_id)]
                bids = [o.price for o in mine if o.side == proto.BID]
                offers = [o.price for o in mine if o.side == proto.OFFER]
                if len(bids) == 1 and len(offers) == 1:
                    found[option_id] = (bids[0], offers[0])
            return found

        # Fences: wait for the quotes the model gives at mid 50, then move the underlying.
        want = expected(50)
        self.assertTrue(self.admin.wait_until(lambda: quotes_of_maker() == want, 30),
                        f"quotes {quotes_of_maker()}, wanted {want}")
        for option_id, (bid, offer) in quotes_of_maker().items():
            market = self.admin.state.market(option_id)
            self.assertTrue(market.min_settlement <= bid < offer <= market.max_settlement)
        self.assertEqual(want[call_id], (2.99, 4.99))  # 3.99 = 10 x phi(0): at the money

        trader.quote(underlying, 70, 80, 1)  # mid 75: the call is deep in the money
        want = expected(75)
        self.assertTrue(self.admin.wait_until(lambda: quotes_of_maker() == want, 30),
                        f"quotes {quotes_of_maker()}, wanted {want}")
        self.assertGreater(want[call_id][0], 20)

        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
        self.assertEqual(process.returncode, 0, output)
        self.assertIn("cancelled all orders", output)
        self.assertTrue(self.admin.wait_until(lambda: not quotes_of_maker(), 10))


if __name__ == "__main__":
    import unittest

    unittest.main()
