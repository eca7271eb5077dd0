"""Unit tests of the client's reply matching, from constructed messages."""

import unittest

from exchange_client import ExchangeClient, NotImplementedByServer, RequestError, proto
from exchange_client._core import Pending

from .state_messages import OTHER, USER, msg, order, portfolio, snapshot


class ReplyMatchingTest(unittest.TestCase):
    """The client resolves a request only with a message carrying its request_id and the
    expected kind (or a RequestFailed), after applying it to the state."""

    def setUp(self):
        self.client = ExchangeClient("ws://unused", "token")
        snapshot(self.client.state)

    def pending(self, request_id: str, reply_field: str) -> Pending:
        item = Pending(reply_field)
        self.client._pending[request_id] = item
        return item

    def test_matching_by_request_id_and_kind(self):
        item = self.pending("me-1", "order_created")
        created = proto.OrderCreated(market_id=5, account_id=OTHER, transaction_id=70)
        created.order.CopyFrom(order(300, 5, proto.BID, 1, 1, OTHER))
        self.client._dispatch(msg("someone-else-1", order_created=created))  # another client's id
        self.assertFalse(item.future.done())
        self.client._dispatch(msg("me-1", portfolio_updated=portfolio(USER, 1)))  # wrong kind
        self.assertFalse(item.future.done())
        mine = proto.OrderCreated(market_id=5, account_id=USER, transaction_id=71)
        mine.order.CopyFrom(order(301, 5, proto.BID, 2, 1, USER))
        self.client._dispatch(msg("me-1", order_created=mine))
        self.assertEqual(item.future.result(0).order.id, 301)
        self.assertIsNotNone(self.client.state.order(301))  # applied before resolving
        self.assertNotIn("me-1", self.client._pending)

    def fail(self, request_id: str, kind: str, message: str) -> None:
        """The server refuses the request: a RequestFailed under its id."""
        failed = proto.RequestFailed()
        failed.request_details.kind = kind
        failed.error_details.message = message
        self.client._dispatch(msg(request_id, request_failed=failed))

    def test_request_failed_raises_with_kind_and_message(self):
        item = self.pending("me-2", "order_created")
        self.fail("me-2", "CreateOrder", "Invalid price")
        with self.assertRaises(RequestError) as caught:
            item.future.result(0)
        self.assertEqual((caught.exception.kind, caught.exception.message), ("CreateOrder", "Invalid price"))

    def test_not_implemented_is_a_request_error(self):
        item = self.pending("me-3", "auction")
        self.fail("me-3", "CreateAuction", "Not implemented yet by this server")
        with self.assertRaises(NotImplementedByServer):
            item.future.result(0)

    def test_callbacks_see_applied_messages(self):
        seen = []
        remove = self.client.on("portfolio_updated", lambda m: seen.append(self.client.state.balance()))
        self.client._dispatch(msg(portfolio_updated=portfolio(USER, 123)))
        remove()
        self.client._dispatch(msg(portfolio_updated=portfolio(USER, 456)))
        self.assertEqual(seen, [123])


if __name__ == "__main__":
    unittest.main()
