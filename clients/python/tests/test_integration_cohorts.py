"""The SDK and cohorts: a named cohort's socket, the cohort list, universes."""

import unittest

from exchange_client import ExchangeClient
from exchange_client.cohorts import cohort_socket_url, http_base, list_cohorts
from exchange_client.local_server import make_test_token

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


if __name__ == "__main__":
    unittest.main()
