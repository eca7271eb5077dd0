"""The synchronous exchange client: one WebSocket connection, a reader thread, a local state.

Example::

    from exchange_client import ExchangeClient

    with ExchangeClient("ws://localhost:8080/api", token) as client:
        market = client.state.open_markets()[0]
        reply = client.bid(market.id, price=market.min_settlement, size=1)
        print("resting order:", reply.order.id if reply.HasField("order") else None)

Every request method sends one ``ClientMessage`` with a unique ``request_id`` and blocks until
the result carrying that id arrives (docs/api.md). It returns the typed result (for
``create_order``: the ``OrderCreated``), or raises :class:`~exchange_client.errors.RequestError`
with the server's ``kind`` and ``message``. By the time a method returns, the result has been
applied to :attr:`ExchangeClient.state` (follow-up messages such as ``portfolio_updated`` may
arrive a moment later; :meth:`ExchangeClient.sync` waits for them).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from typing import Callable, Optional

try:
    import websocket  # websocket-client (Debian: python3-websocket)
except ImportError as _missing:
    raise ImportError(
        "the exchange SDK needs the websocket-client package: on Debian `apt-get install "
        "python3-websocket`, or run with /usr/bin/python3 / the venv from the README"
    ) from _missing

from . import proto
from ._core import DEFAULT_MAX_MESSAGE_BYTES, ClientCore
from .errors import AuthenticationError, ConnectionClosed, ExchangeError, RequestTimeout
from .state import ExchangeState
from .request_methods import RequestMethods, parse_side

log = logging.getLogger("exchange_client")


class ExchangeClient(ClientCore, RequestMethods):
    """A synchronous client of the exchange's WebSocket API.

    Args:
        url: the socket URL, e.g. ``ws://localhost:8080/api`` (the default cohort).
        token: an access token, a bot token, an OIDC token, or (on servers started with
            ``--insecure-test-auth``) a test token ``test::<subject>::<name>::<true|false>``.
        act_as: account to act as from the start (must be one you own); default: yourself.
        id_token: optional OpenID id token (supplies the display name at a first login).
        timeout: default seconds to wait for a reply (and for the login snapshot).
        max_message_bytes: largest message accepted from the server.
        reconnect: when the connection drops (server restart, network), reconnect with
            backoff, log in again (acting as the same account) and rebuild :attr:`state` from
            the new snapshot. Requests pending at the drop, and those made while it is down,
            fail with ConnectionClosed. False: the client stays closed.
        reconnect_timeout: give up reconnecting after this many seconds of failed attempts
            (the client is then :attr:`finished`).
        rate_limit: wait (sleep) before a request the server's rate limits would refuse
            (see :mod:`exchange_client.rate_limit`); False sends at once.
        cohort: connect to this cohort (class) of the server: ``/api/ws/<cohort>`` on the
            host of ``url`` (see :mod:`exchange_client.cohorts`); None: ``url`` as given.

    Use it as a context manager, or call :meth:`connect` and :meth:`close`.
    """

    def __init__(
        self,
        url: str,
        token: str,
        act_as: Optional[int] = None,
        *,
        id_token: str = "",
        timeout: float = 30.0,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        reconnect: bool = True,
        reconnect_timeout: float = 300.0,
        rate_limit: bool = True,
        cohort: Optional[str] = None,
    ) -> None:
        super().__init__(url, token, act_as, id_token=id_token, timeout=timeout,
                         max_message_bytes=max_message_bytes, rate_limit=rate_limit, cohort=cohort)
        self.reconnect = reconnect
        self.reconnect_timeout = reconnect_timeout
        self._ws: Optional[websocket.WebSocket] = None
        self._reader: Optional[threading.Thread] = None
        self._closing = False
        self._closed = threading.Event()  # the current connection is down
        self._finished = threading.Event()  # closed for good: close() or no more reconnects
        self._connection_lock = threading.Lock()
        self._reconnecting = False

    # ------------------------------------------------------------------ connection

    def connect(self) -> "ExchangeClient":
        """Open the socket, authenticate and wait for the login snapshot to complete.

        Raises:
            AuthenticationError: the server refused the token or ``act_as``.
            ConnectionClosed: the connection could not be made or ended during login.
            RequestTimeout: the snapshot did not complete within ``timeout``.
        """
        if self._ws is not None:
            raise ExchangeError("already connected")
        self._closing = False
        self._finished.clear()
        try:
            self._open_and_login(self.state)
        except BaseException:
            self.close()
            raise
        log.info("connected to %s as account %s (acting as %s)", self.url, self.user_id, self.acting_as)
        return self

    def _open_and_login(self, target: ExchangeState) -> None:
        """Open a socket, start its reader, authenticate, and wait until ``target`` (the
        state the reader fills) holds the complete login snapshot."""
        try:
            ws = websocket.create_connection(self.url, timeout=self.timeout, enable_multithread=True)
        except (OSError, websocket.WebSocketException) as error:
            raise ConnectionClosed(f"cannot connect to {self.url}: {error}") from error
        ws.settimeout(None)  # the reader blocks until a message or the end of the connection
        with self._connection_lock:
            if self._closing:
                ws.abort()
                raise ConnectionClosed("closed")
            self._ws = ws
            self._applying_state = target
            self._closed.clear()
            self._close_reason = "connection closed"
            self._reader = threading.Thread(target=self._read_loop, args=(ws,), name="exchange-reader", daemon=True)
            self._reader.start()
        self.request("authenticate", self._authenticate_payload(), "authenticated")
        # On a reconnect the reader swaps the fresh state in as soon as it is complete.
        if not self.state.wait_for(lambda: (target.ready and self._applying_state is self.state)
                                   or self._closed.is_set(), self.timeout):
            raise RequestTimeout("the login snapshot did not complete in time")
        if self._closed.is_set():
            raise ConnectionClosed(f"connection ended during login: {self._close_reason}")

    def close(self) -> None:
        """Close the connection for good (idempotent; stops reconnecting). Pending requests
        fail with ConnectionClosed."""
        with self._connection_lock:
            self._closing = True
            ws = self._ws
        self._finished.set()
        if ws is not None:
            self._close_socket(ws)
            self._ws = None
        self._closed.set()
        with self.state.changed:
            self.state.changed.notify_all()

    def _close_socket(self, ws: websocket.WebSocket) -> None:
        try:
            ws.send_close()
        except Exception:  # noqa: BLE001 - already broken
            pass
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=2.0)
            if reader.is_alive():
                try:
                    ws.abort()
                except Exception:  # noqa: BLE001
                    pass
                reader.join(timeout=2.0)
        try:
            ws.shutdown()
        except Exception:  # noqa: BLE001
            pass

    def __enter__(self) -> "ExchangeClient":
        if self._ws is None:
            self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def connected(self) -> bool:
        """True while the connection is open (False while a reconnect is under way)."""
        return self._ws is not None and not self._closed.is_set()

    @property
    def finished(self) -> bool:
        """True once the client is closed for good: :meth:`close` was called, or the
        connection ended and will not be re-established (reconnect off, or it gave up)."""
        return self._finished.is_set()

    def wait_closed(self, timeout: Optional[float] = None) -> bool:
        """Block until the current connection ends; True if it did."""
        return self._closed.wait(timeout)

    def wait_finished(self, timeout: Optional[float] = None) -> bool:
        """Block until the client is closed for good (see :attr:`finished`); True if it is."""
        return self._finished.wait(timeout)

    def wait_connected(self, timeout: Optional[float] = None) -> bool:
        """Block until the client is connected with a complete state (after a reconnect, for
        example); False on timeout or once it is :attr:`finished`."""
        return self.state.wait_for(lambda: self.connected and self._applying_state is self.state
                                   or self.finished, timeout) and not self.finished

    # ------------------------------------------------------------------ waiting

    def wait_for_update(self, timeout: Optional[float] = None) -> bool:
        """Block until the next message has been applied to the state; False on timeout."""
        return self.state.wait_for_update(timeout)

    def wait_until(self, predicate: Callable[[], bool], timeout: Optional[float] = None) -> bool:
        """Block until ``predicate()`` is true (re-checked after every message); False on
        timeout or once the client is :attr:`finished`. It keeps waiting across a reconnect."""
        return self.state.wait_for(lambda: predicate() or self.finished, timeout) and predicate()

    # ------------------------------------------------------------------ reading

    def _read_loop(self, ws: websocket.WebSocket) -> None:
        try:
            while True:
                opcode, data = ws.recv_data()
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    self._close_reason = "closed by the server" if not self._closing else "closed"
                    break
                if opcode != websocket.ABNF.OPCODE_BINARY:
                    log.warning("ignoring a non-binary frame from the server")
                    continue
                if not self._handle_frame(data):
                    break
        except Exception as error:  # noqa: BLE001 - socket errors end the connection
            if not self._closing:
                self._close_reason = f"connection lost: {error}"
                log.warning("%s", self._close_reason)
        finally:
            self._closed.set()
            self._fail_pending(self._close_reason)
            if self._reconnecting:
                pass  # a failed reconnect attempt: the reconnect loop carries on
            elif self.reconnect and not self._closing and self.state.ready:
                self._reconnecting = True
                threading.Thread(target=self._reconnect_loop, args=(ws,), name="exchange-reconnect", daemon=True).start()
            else:
                self._finished.set()
            with self.state.changed:
                self.state.changed.notify_all()

    def _reconnect_loop(self, old_ws: websocket.WebSocket) -> None:
        """Reconnect with exponential backoff (0.25 s doubling to 5 s) until it works, the
        client is closed, or ``reconnect_timeout`` passes; the state is rebuilt from the new
        login snapshot while the old one stays readable."""
        try:
            old_ws.shutdown()
        except Exception:  # noqa: BLE001
            pass
        # Log in again as the account we were acting as (it may have changed with act_as).
        self._initial_act_as = self.acting_as or self._initial_act_as
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.25
        while not self._closing and time.monotonic() < deadline:
            self._finished.wait(delay)
            if self._closing:
                break
            log.info("reconnecting to %s", self.url)
            try:
                self._open_and_login(ExchangeState())
                log.info("reconnected (account %s, acting as %s)", self.user_id, self.acting_as)
                self._reconnecting = False
                return
            except AuthenticationError as error:
                if "Rate Limited" not in error.message:
                    log.error("reconnect refused: %s", error)
                    break
            except ExchangeError as error:
                log.info("reconnect failed: %s", error)
                ws = self._ws
                if ws is not None and not self._closed.is_set():
                    self._close_socket(ws)
            delay = min(delay * 2, 5.0)
        if not self._closing:
            log.error("gave up reconnecting to %s", self.url)
        self._reconnecting = False
        self._applying_state = self.state
        self._finished.set()
        with self.state.changed:
            self.state.changed.notify_all()

    # ------------------------------------------------------------------ requests

    def request_async(self, field: str, payload, reply_field: str) -> Future:
        """Send ``ClientMessage.<field> = payload`` and return a Future of its result.

        The Future resolves to the ``ServerMessage.<reply_field>`` message carrying this
        request's id, or fails with RequestError / ConnectionClosed. Most code should use the
        named methods (``create_order``...) instead.
        """
        ws = self._ws
        if ws is None or self._closed.is_set():
            raise ConnectionClosed(self._close_reason)
        delay = self._rate_delay(field)
        if delay > 0:
            time.sleep(delay)
            if ws is not self._ws or self._closed.is_set():
                raise ConnectionClosed(self._close_reason)
        request_id, data, pending = self._new_request(field, payload, reply_field)
        try:
            ws.send(data, opcode=websocket.ABNF.OPCODE_BINARY)
        except Exception as error:  # noqa: BLE001
            self._forget(request_id)
            raise ConnectionClosed(f"send failed: {error}") from error
        return pending.future

    def request(self, field: str, payload, reply_field: str, timeout: Optional[float] = None):
        """Send a request and block until its result; see :meth:`request_async`."""
        if threading.current_thread() is self._reader:
            raise RuntimeError("blocking requests cannot be made from a callback (reader thread)")
        future = self.request_async(field, payload, reply_field)
        try:
            return future.result(self.timeout if timeout is None else timeout)
        except TimeoutError as error:  # concurrent.futures.TimeoutError is TimeoutError (3.11)
            with self._pending_lock:
                for request_id, item in list(self._pending.items()):
                    if item.future is future:
                        del self._pending[request_id]
            raise RequestTimeout(f"no reply to {field} within the timeout") from error

    def sync(self, timeout: Optional[float] = None) -> None:
        """Wait until the server has sent everything caused by earlier requests.

        Sends a harmless ``ActAs`` for the current acting account; the server handles a
        connection's requests in order, so when its reply arrives, earlier results and the
        messages they caused for this connection have been sent (portfolio updates follow
        shortly, as the server coalesces them).
        """
        self.request("act_as", proto.ActAs(account_id=self.acting_as or 0), "acting_as", timeout)


def connect(url: str, token: str, act_as: Optional[int] = None, **options) -> ExchangeClient:
    """Create an :class:`ExchangeClient`, connect it and return it (remember to close it)."""
    return ExchangeClient(url, token, act_as, **options).connect()


__all__ = ["ExchangeClient", "connect", "parse_side", "AuthenticationError"]
