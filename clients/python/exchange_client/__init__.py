"""Python SDK of the bootcamp exchange: a synchronous WebSocket client with a local state.

Quick start::

    from exchange_client import ExchangeClient, BID, OFFER

    with ExchangeClient("ws://localhost:8080/api", "test::alice::Alice::false") as client:
        for market in client.state.open_markets():
            book = client.state.book(market.id)
            print(market.name, book.best_bid, book.best_offer)

Modules:
    client     :class:`ExchangeClient` (connection, requests, hooks)
    state      :class:`ExchangeState` (markets, books, trades, portfolios... from messages)
    proto      the generated protobuf classes of the wire schema
    errors     exceptions (:class:`RequestError` carries the server's kind and message)
    precision  rounding of prices, sizes and amounts to what the exchange accepts
    strategy   :class:`Strategy` (write a bot as callbacks), :class:`Context`, :class:`Fill`,
               :func:`run_strategy` (live; the backtester runs the same classes)
    rate_limit the client-side copy of the server's rate limits (on by default)
    bot        helpers for bots: command line, clean shutdown, risk limits, fill log
    aio        :class:`AsyncExchangeClient`, the asyncio variant (same methods, awaitable)
    local_server  start a private exchange process (tests, demos, trying out bots)
"""

from . import proto
from .client import ExchangeClient, connect, parse_side
from .errors import (
    AuthenticationError,
    ConnectionClosed,
    ExchangeError,
    NotImplementedByServer,
    RequestError,
    RequestTimeout,
)
from .precision import PrecisionWarning
from .state import Book, ExchangeState, MarketData
from .strategy import Context, Fill, Strategy, run_strategy

BID = proto.BID
OFFER = proto.OFFER

__all__ = [
    "proto",
    "ExchangeClient",
    "connect",
    "parse_side",
    "ExchangeState",
    "MarketData",
    "Book",
    "ExchangeError",
    "RequestError",
    "AuthenticationError",
    "NotImplementedByServer",
    "ConnectionClosed",
    "RequestTimeout",
    "PrecisionWarning",
    "Strategy",
    "Context",
    "Fill",
    "run_strategy",
    "BID",
    "OFFER",
]
