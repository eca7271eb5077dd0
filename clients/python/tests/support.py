"""Shared fixtures of the integration tests: a real exchange server per test class."""

import itertools
import unittest
import uuid

from exchange_client import ExchangeClient
from exchange_client.local_server import LocalExchange, make_test_token

_names = itertools.count(1)


class ServerTestCase(unittest.TestCase):
    """Starts ``build/bin/exchange`` (or $EXCHANGE_BINARY) on a free port with a temporary data
    directory and --insecure-test-auth, and logs in an admin. Fails (never skips) without it."""

    server: LocalExchange
    admin: ExchangeClient
    extra_server_args = ("--rate-limits", "off")

    @classmethod
    def setUpClass(cls):
        cls.server = LocalExchange(extra_args=cls.extra_server_args).start()
        cls.addClassCleanup(cls.server.stop)
        cls.admin = ExchangeClient(cls.server.url, make_test_token("admin", "Admin", admin=True), timeout=10)
        cls.admin.connect()
        cls.addClassCleanup(cls.admin.close)

    def connect(self, token: str, act_as=None) -> ExchangeClient:
        client = ExchangeClient(self.server.url, token, act_as, timeout=10)
        client.connect()
        self.addCleanup(client.close)
        return client

    def new_user(self, funding: float = 0, name: str = "") -> tuple:
        """A fresh non-admin user (token, client), funded by the admin."""
        subject = f"user-{uuid.uuid4().hex[:8]}"
        token = make_test_token(subject, name or f"Trader {next(_names)} {subject}")
        client = self.connect(token)
        if funding:
            self.admin.make_transfer(self.admin.user_id, client.user_id, funding)
            self.assertTrue(client.wait_until(lambda: client.state.balance() >= funding, 5))
        return token, client

    def new_market(self, low: float = 0, high: float = 100, name: str = "") -> int:
        market = self.admin.create_market(name or f"Market {uuid.uuid4().hex[:8]}", low, high, "test market")
        return market.id
