"""Unit tests of the redeem-code requests and state, from constructed messages."""

import unittest

from exchange_client import proto
from exchange_client.rate_limit import EXPENSIVE_REQUESTS
from exchange_client.state import ExchangeState


def msg(**kwargs) -> proto.ServerMessage:
    message = proto.ServerMessage()
    (field, value), = kwargs.items()
    getattr(message, field).CopyFrom(value)
    return message


class RecordingClient:
    """The request methods over a fake transport that records what would be sent."""

    def __init__(self):
        from exchange_client.request_methods import RequestMethods

        self.sent = []
        self.methods = RequestMethods.__new__(RequestMethods)
        self.methods.request = lambda field, payload, reply, timeout=None: self.sent.append((field, payload, reply))


class RedeemStateTest(unittest.TestCase):
    def test_claims_and_listings_are_kept(self):
        state = ExchangeState()
        state.apply(msg(redeem_code_claimed=proto.RedeemCodeClaimed(code="KMW-384", amount=25)))
        self.assertEqual([(c.code, c.amount) for c in state.redeemed_codes()], [("KMW-384", 25)])
        listing = proto.RedeemCodes()
        listing.codes.add(code="ABC-234", amount=5, created_by=1)
        listing.codes.add(code="KMW-384", amount=25, created_by=1, redeemed_by=7, transfer_id=3)
        state.apply(msg(redeem_codes=listing))
        self.assertEqual([c.code for c in state.minted_codes()], ["ABC-234", "KMW-384"])
        self.assertEqual(state.minted_codes()[1].redeemed_by, 7)
        # A later reply replaces the list (it is the server's whole answer).
        state.apply(msg(redeem_codes=proto.RedeemCodes()))
        self.assertEqual(state.minted_codes(), [])

    def test_requests_send_the_right_messages(self):
        client = RecordingClient()
        client.methods.create_redeem_code(500)
        client.methods.claim_redeem_code(" kmw-384 ")
        client.methods.get_redeem_codes()
        self.assertEqual([(f, r) for f, _, r in client.sent], [
            ("create_redeem_code", "redeem_code_created"),
            ("claim_redeem_code", "redeem_code_claimed"),
            ("get_redeem_codes", "redeem_codes"),
        ])
        self.assertEqual(client.sent[0][1].amount, 500)
        self.assertEqual(client.sent[1][1].code, " kmw-384 ")  # the server normalises

    def test_rate_classes(self):
        self.assertIn("get_redeem_codes", EXPENSIVE_REQUESTS)
        self.assertNotIn("claim_redeem_code", EXPENSIVE_REQUESTS)
        self.assertNotIn("create_redeem_code", EXPENSIVE_REQUESTS)


if __name__ == "__main__":
    unittest.main()
