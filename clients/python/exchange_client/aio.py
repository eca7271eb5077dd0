"""An asyncio variant of the client, thin over the same state and request code.

Example::

    import asyncio
    from exchange_client.aio import AsyncExchangeClient

    async def main():
        async with AsyncExchangeClient("ws://localhost:8080/api", token) as client:
            market = client.state.open_markets()[0]
            created = await client.bid(market.id, market.min_settlement, 1)
            await client.cancel_order(created.order.id)

    asyncio.run(main())

Every request method of :class:`~exchange_client.ExchangeClient` exists here with the same
arguments and returns an awaitable of the same result. ``client.state`` is the same
:class:`~exchange_client.ExchangeState`. Uses the ``websockets`` library (Debian:
python3-websockets) with its receive limit raised to ``max_message_bytes`` (128 MiB).
It has the rate limiter (``rate_limit=True``) but does not reconnect: when the connection
drops, ``connected`` becomes False and requests raise ConnectionClosed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable, List, Optional, Tuple

import websockets

from . import proto
from ._core import ClientCore
from .errors import ConnectionClosed, ExchangeError, RequestError, RequestTimeout
from .request_methods import RequestMethods, SideLike, _exercise, parse_side
from .strategy import Fill, fills_of
from . import precision

log = logging.getLogger("exchange_client")


class AsyncExchangeClient(ClientCore, RequestMethods):
    """An asyncio client of the exchange; same arguments as :class:`~exchange_client.ExchangeClient`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._ws = None
        self._reader: Optional[asyncio.Task] = None
        self._closed = asyncio.Event()
        self._updated = asyncio.Event()

    async def connect(self) -> "AsyncExchangeClient":
        """Open the socket, authenticate and wait for the login snapshot to complete."""
        if self._ws is not None:
            raise ExchangeError("already connected")
        try:
            # No client pings: the reference server answers them with an error message.
            self._ws = await websockets.connect(
                self.url, max_size=self.max_message_bytes, ping_interval=None, open_timeout=self.timeout
            )
        except (OSError, websockets.WebSocketException, asyncio.TimeoutError) as error:
            raise ConnectionClosed(f"cannot connect to {self.url}: {error}") from error
        self._closed.clear()
        self._close_reason = "connection closed"
        self._reader = asyncio.create_task(self._read_loop())
        try:
            await self.request("authenticate", self._authenticate_payload(), "authenticated")
            if not await self.wait_until(lambda: self.state.ready, self.timeout):
                if self._closed.is_set():
                    raise ConnectionClosed(f"connection ended during login: {self._close_reason}")
                raise RequestTimeout("the login snapshot did not complete in time")
        except BaseException:
            await self.close()
            raise
        return self

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        ws, self._ws = self._ws, None
        if ws is None:
            return
        await ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._closed.set()

    async def __aenter__(self) -> "AsyncExchangeClient":
        if self._ws is None:
            await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        """True while the connection is open."""
        return self._ws is not None and not self._closed.is_set()

    async def _read_loop(self) -> None:
        ws = self._ws
        try:
            async for data in ws:
                if isinstance(data, str):
                    log.warning("ignoring a text frame from the server")
                    continue
                if not self._handle_frame(data):
                    break
                updated, self._updated = self._updated, asyncio.Event()
                updated.set()
        except websockets.ConnectionClosed as error:
            self._close_reason = f"connection closed: {error}"
        finally:
            self._closed.set()
            self._fail_pending(self._close_reason)
            self._updated.set()

    async def request(self, field: str, payload, reply_field: str, timeout: Optional[float] = None):
        """Send a request and wait for its result (see ``ExchangeClient.request``)."""
        if self._ws is None or self._closed.is_set():
            raise ConnectionClosed(self._close_reason)
        delay = self._rate_delay(field)
        if delay > 0:  # stay under the server's rate limits (see exchange_client.rate_limit)
            await asyncio.sleep(delay)
        request_id, data, pending = self._new_request(field, payload, reply_field)
        try:
            await self._ws.send(data)
        except websockets.WebSocketException as error:
            self._forget(request_id)
            raise ConnectionClosed(f"send failed: {error}") from error
        try:
            return await asyncio.wait_for(asyncio.wrap_future(pending.future), self.timeout if timeout is None else timeout)
        except asyncio.TimeoutError as error:
            self._forget(request_id)
            raise RequestTimeout(f"no reply to {field} within the timeout") from error

    async def sync(self, timeout: Optional[float] = None) -> None:
        """Wait until the server has sent everything caused by earlier requests."""
        await self.request("act_as", proto.ActAs(account_id=self.acting_as or 0), "acting_as", timeout)

    async def set_sudo(self, enabled: bool) -> proto.SudoStatus:  # type: ignore[override]
        """(Admin) Switch admin powers on or off; waits for the public data re-send."""
        status = await self.request("set_sudo", proto.SetSudo(enabled=enabled), "sudo_status")
        await self.sync()
        return status

    async def out(self, market_id: Optional[int] = None, side: Optional[SideLike] = None) -> proto.Out:  # type: ignore[override]
        """Cancel all the acting account's orders (optionally one market and/or side); returns
        the echo once the cancellations are in ``state``."""
        payload = proto.Out()
        if market_id is not None:
            payload.market_id = market_id
        if side is not None:
            payload.side = parse_side(side)
        echo = await self.request("out", payload, "out")
        await self.sync()
        return echo

    async def quote(self, market_id: int, bid, offer, size) -> Tuple[proto.OrderCreated, proto.OrderCreated]:  # type: ignore[override]
        """Cancel my orders in the market, then place a bid and an offer (see ExchangeClient.quote)."""
        if precision.price(bid) >= precision.price(offer):
            raise ValueError(f"bid {bid} must be below offer {offer}")
        await self.out(market_id)
        return await self.bid(market_id, bid, size), await self.offer(market_id, offer, size)

    async def take(self, market_id: int, side: SideLike, price, size) -> List[Fill]:  # type: ignore[override]
        """Cross up to ``price``, then cancel what did not fill; returns my fills."""
        created = await self.create_order(market_id, side, price, size)
        if created.HasField("order") and created.order.size > 0:
            try:
                await self.cancel_order(created.order.id)
            except RequestError as error:
                if error.message != "Order not found":
                    raise
        return fills_of(created, self.state.acting_as)

    async def exercise_option(self, contract_id: int, amount, option_market_id: Optional[int] = None) -> proto.OptionExercised:  # type: ignore[override]
        """Exercise a contract you hold (see ExchangeClient.exercise_option); without
        ``option_market_id`` the market is found from the state, else by asking each open option
        market for its contracts."""
        rounded = precision.quantize(amount, 2, "amount")
        if option_market_id is None:
            known = self.state.option_contract(contract_id)
            option_market_id = known.option_market_id if known is not None else 0
            for market in self.state.option_markets() if known is None else ():
                reply = await self.get_option_contracts(market.id)
                if any(c.id == contract_id for c in reply.contracts):
                    option_market_id = market.id
                    break
        return await self.request("exercise_option", _exercise(contract_id, rounded, option_market_id), "option_exercised")

    async def wait_for_update(self, timeout: Optional[float] = None) -> bool:
        """Wait until the next message has been applied to the state; False on timeout."""
        try:
            await asyncio.wait_for(self._updated.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def wait_until(self, predicate: Callable[[], bool], timeout: Optional[float] = None) -> bool:
        """Wait until ``predicate()`` is true (re-checked after every message)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not predicate():
            if self._closed.is_set():
                return False
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            await self.wait_for_update(remaining)
        return True


async def connect(url: str, token: str, act_as: Optional[int] = None, **options) -> AsyncExchangeClient:
    """Create an :class:`AsyncExchangeClient`, connect it and return it."""
    return await AsyncExchangeClient(url, token, act_as, **options).connect()
