"""Unit tests of the option-market state (contracts, exercises, settlement) and of the option
request payloads, from constructed messages: no server."""

import datetime
import unittest
import warnings

from exchange_client import PrecisionWarning, proto
from exchange_client.request_methods import RequestMethods
from exchange_client.state import ExchangeState

from tests.test_unit_state import BOT, OTHER, USER, market, msg, snapshot


def option_market(market_id: int, underlying: int, strike: float, is_call: bool, low: float, high: float,
                  expiration: int = None) -> proto.Market:
    m = market(market_id, f"option {market_id}", low, high)
    m.option.underlying_market_id = underlying
    m.option.strike_price = strike
    m.option.is_call = is_call
    if expiration is not None:
        m.option.expiration_date.seconds = expiration
    return m


def contract(contract_id: int, market_id: int, buyer: int, writer: int, remaining: float) -> proto.OptionContract:
    return proto.OptionContract(id=contract_id, option_market_id=market_id, buyer_id=buyer, writer_id=writer,
                                remaining_amount=remaining)


class OptionStateTest(unittest.TestCase):
    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)  # market 5 on [0, 100], acting as USER
        self.state.apply(msg(market=option_market(20, 5, 50, True, 0, 50)))
        self.state.apply(msg(market=option_market(21, 5, 40, False, 0, 40, expiration=1_800_000_000)))
        self.state.apply(msg(market=option_market(22, 5, 60, True, 0, 40, expiration=0)))

    def test_option_markets_and_their_info(self):
        state = self.state
        self.assertIsNone(state.option_info(5))
        self.assertEqual(state.option_info(20).strike_price, 50)
        self.assertTrue(state.option_info("option 20").is_call)
        self.assertEqual([m.id for m in state.option_markets()], [20, 21, 22])
        self.assertEqual([m.id for m in state.option_markets(underlying=5)], [20, 21, 22])
        self.assertEqual(state.option_markets(underlying=20), [])
        self.assertIsNone(state.option_expiration(20))  # absent
        self.assertEqual(state.option_expiration(21), 1_800_000_000)
        self.assertIsNone(state.option_expiration(22))  # present with seconds 0: none either

    def test_contracts_replaced_by_replies_and_used_up_by_exercises(self):
        state = self.state
        self.assertFalse(state.option_contracts_known(20))
        reply = proto.OptionContracts(market_id=20, contracts=[
            contract(1, 20, USER, OTHER, 2), contract(3, 20, OTHER, USER, 1)])
        state.apply(msg(option_contracts=reply))
        self.assertTrue(state.option_contracts_known(20))
        self.assertEqual([c.id for c in state.option_contracts(20)], [1, 3])
        self.assertEqual([c.id for c in state.option_contracts(as_holder=True)], [1])
        self.assertEqual([c.id for c in state.option_contracts(as_holder=False)], [3])
        held = state.option_contract(1)

        exercised = proto.OptionExercised(transaction_id=90, option_market_id=20, exerciser_id=USER,
                                          counterparty_id=OTHER, amount=1.5, contract_id=1, price=50,
                                          underlying_market_id=5)
        state.apply(msg(option_exercised=exercised))
        self.assertEqual(state.option_contract(1).remaining_amount, 0.5)
        self.assertEqual(held.remaining_amount, 2)  # handed-out objects never change
        self.assertEqual(state.last_transaction_id, 90)
        self.assertEqual([e.transaction_id for e in state.option_exercises(20)], [90])
        self.assertEqual(state.option_exercises(21), [])
        self.assertEqual(len(state.option_exercises(account_id=OTHER)), 1)
        self.assertEqual(state.option_exercises(account_id=BOT), [])

        rest = proto.OptionExercised(transaction_id=91, option_market_id=20, exerciser_id=USER,
                                     counterparty_id=OTHER, amount=0.5, contract_id=1)
        state.apply(msg(option_exercised=rest))
        self.assertIsNone(state.option_contract(1))  # used up: gone, like in the server's replies
        # A new reply replaces the list (a trade made meanwhile shows up).
        state.apply(msg(option_contracts=proto.OptionContracts(market_id=20, contracts=[contract(4, 20, USER, OTHER, 1)])))
        self.assertEqual([c.id for c in state.option_contracts(20)], [4])

    def test_exercise_history_reply_merges(self):
        history = proto.OptionExercises(market_id=0, exercises=[
            proto.OptionExercised(transaction_id=70, option_market_id=21, exerciser_id=USER, counterparty_id=OTHER,
                                  amount=1, contract_id=2, is_cash_settled=True, price=0)])
        self.state.apply(msg(option_exercises=history))
        self.assertEqual([e.option_market_id for e in self.state.option_exercises()], [21])

    def test_settlement_of_an_option_market_closes_its_contracts(self):
        state = self.state
        state.apply(msg(option_contracts=proto.OptionContracts(market_id=20, contracts=[contract(1, 20, USER, OTHER, 2)])))
        state.apply(msg(option_contracts=proto.OptionContracts(market_id=21, contracts=[contract(2, 21, USER, OTHER, 1)])))
        state.apply(msg(market_settled=proto.MarketSettled(id=5, settle_price=80, transaction_id=100)))
        state.apply(msg(market_settled=proto.MarketSettled(id=20, settle_price=30, transaction_id=100)))
        self.assertEqual(state.option_contracts(20), [])
        self.assertEqual([c.id for c in state.option_contracts(21)], [2])  # not settled (yet)
        self.assertEqual([m.id for m in state.option_markets()], [21, 22])
        self.assertEqual([m.id for m in state.option_markets(include_settled=True)], [20, 21, 22])

    def test_acting_as_another_account_forgets_contracts(self):
        state = self.state
        state.apply(msg(option_contracts=proto.OptionContracts(market_id=20, contracts=[contract(1, 20, USER, OTHER, 2)])))
        state.apply(msg(acting_as=proto.ActingAs(account_id=USER)))  # the same account: kept
        self.assertEqual(len(state.option_contracts()), 1)
        state.apply(msg(acting_as=proto.ActingAs(account_id=BOT)))
        self.assertEqual(state.option_contracts(), [])


class Recorder(RequestMethods):
    """Request methods that record what they would send and answer from a script."""

    def __init__(self, replies=None):
        self.state = ExchangeState()
        snapshot(self.state)
        self.sent = []
        self.replies = replies or {}

    def request(self, field, payload, reply_field, timeout=None):
        self.sent.append((field, payload))
        reply = self.replies.get((field, getattr(payload, "market_id", None)))
        if reply is not None:
            wrapped = proto.ServerMessage()
            getattr(wrapped, reply_field).CopyFrom(reply)
            self.state.apply(wrapped)
        return reply


class OptionRequestTest(unittest.TestCase):
    def test_create_option_market_payload(self):
        client = Recorder()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client.create_option_market("C50", "a call", 5, 49.999, True,
                                        expiration_date=datetime.datetime(2026, 12, 5, 15, 0, 0, 500000),
                                        visible_to=[USER], type_id=None, group_id=3)
        self.assertEqual([w.category for w in caught], [PrecisionWarning])
        field, payload = client.sent[0]
        self.assertEqual(field, "create_market")
        self.assertTrue(payload.HasField("option"))
        self.assertEqual((payload.option.underlying_market_id, payload.option.strike_price, payload.option.is_call),
                         (5, 50.0, True))
        self.assertEqual(payload.option.expiration_date.seconds, 1796482800)  # naive = UTC
        self.assertEqual(payload.option.expiration_date.nanos, 500_000_000)
        self.assertEqual((payload.min_settlement, payload.max_settlement, payload.type_id, payload.group_id),
                         (0, 0, 0, 3))
        self.assertEqual(list(payload.visible_to), [USER])

        client.create_option_market("P40", "", 5, 40, False)
        self.assertFalse(client.sent[1][1].option.HasField("expiration_date"))

    def test_exercise_finds_the_market_from_the_state_then_by_asking(self):
        client = Recorder(replies={
            ("get_option_contracts", 20): proto.OptionContracts(market_id=20),
            ("get_option_contracts", 21): proto.OptionContracts(market_id=21, contracts=[contract(7, 21, USER, OTHER, 3)]),
        })
        client.state.apply(msg(market=option_market(20, 5, 50, True, 0, 50)))
        client.state.apply(msg(market=option_market(21, 5, 40, False, 0, 40)))

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client.exercise_option(7, 1.004)
        self.assertEqual([w.category for w in caught], [PrecisionWarning])
        self.assertEqual([(f, p.market_id) for f, p in client.sent[:2]],
                         [("get_option_contracts", 20), ("get_option_contracts", 21)])
        field, payload = client.sent[2]
        self.assertEqual((field, payload.option_market_id, payload.contract_id, payload.amount),
                         ("exercise_option", 21, 7, 1.0))

        client.sent.clear()
        client.exercise_option(7, 1)  # known now: no lookup
        self.assertEqual([(f, p.option_market_id) for f, p in client.sent], [("exercise_option", 21)])

        client.sent.clear()
        client.exercise_option(8, 1, option_market_id=20)  # given: sent as is
        self.assertEqual([(f, p.option_market_id) for f, p in client.sent], [("exercise_option", 20)])

        client.sent.clear()
        client.exercise_option(99, 1)  # nowhere: the server names the problem
        self.assertEqual([f for f, _ in client.sent], ["get_option_contracts", "get_option_contracts", "exercise_option"])
        self.assertEqual(client.sent[-1][1].option_market_id, 0)

    def test_get_requests(self):
        client = Recorder()
        client.get_option_contracts(20)
        client.get_option_exercises()
        client.get_option_exercises(21)
        self.assertEqual([(f, p.market_id) for f, p in client.sent],
                         [("get_option_contracts", 20), ("get_option_exercises", 0), ("get_option_exercises", 21)])

    def test_async_client_finds_the_market_too(self):
        import asyncio

        from exchange_client.aio import AsyncExchangeClient

        client = AsyncExchangeClient("ws://127.0.0.1:1/api", "token")
        snapshot(client.state)
        client.state.apply(msg(market=option_market(20, 5, 50, True, 0, 50)))
        client.state.apply(msg(market=option_market(21, 5, 40, False, 0, 40)))
        sent = []

        async def request(field, payload, reply_field, timeout=None):
            sent.append((field, payload))
            if field == "get_option_contracts":
                reply = proto.OptionContracts(market_id=payload.market_id)
                if payload.market_id == 21:
                    reply.contracts.append(contract(7, 21, USER, OTHER, 3))
                client.state.apply(msg(option_contracts=reply))
                return reply
            return proto.OptionExercised(option_market_id=payload.option_market_id)

        client.request = request
        done = asyncio.run(client.exercise_option(7, 1))
        self.assertEqual(done.option_market_id, 21)
        self.assertEqual([f for f, _ in sent], ["get_option_contracts", "get_option_contracts", "exercise_option"])
        sent.clear()
        asyncio.run(client.exercise_option(7, 1))
        self.assertEqual([f for f, _ in sent], ["exercise_option"])


if __name__ == "__main__":
    unittest.main()
