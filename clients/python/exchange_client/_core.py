"""What the synchronous and the asyncio clients share: the local state, request ids and reply
matching, and callbacks. Transport (sockets, threads or tasks) is left to the subclasses."""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from concurrent.futures import Future
from typing import Callable, Dict, List, Optional, Tuple

from . import proto
from .errors import ConnectionClosed, request_error
from .rate_limit import RateLimiter
from .state import ExchangeState, Listener
from .cohorts import cohort_socket_url

log = logging.getLogger("exchange_client")

#: Snapshot and history messages can be many megabytes (the reference SDK allows 128 MiB).
DEFAULT_MAX_MESSAGE_BYTES = 1 << 27


class Pending:
    """A request waiting for its result: the first message carrying its ``request_id`` that is
    of the expected kind (or a ``RequestFailed``) resolves the future."""

    __slots__ = ("reply_field", "future")

    def __init__(self, reply_field: str) -> None:
        self.reply_field = reply_field
        self.future: Future = Future()


class ClientCore:
    """Connection-independent part of a client. See :class:`~exchange_client.ExchangeClient`
    for the arguments."""

    def __init__(
        self,
        url: str,
        token: str,
        act_as: Optional[int] = None,
        *,
        id_token: str = "",
        timeout: float = 30.0,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        rate_limit: bool = True,
        cohort: Optional[str] = None,
    ) -> None:
        self.url = cohort_socket_url(url, cohort)
        self._token = token
        self._id_token = id_token
        self._initial_act_as = act_as or 0
        self.timeout = timeout
        self.max_message_bytes = max_message_bytes
        #: The local state, kept up to date from every message received.
        self.state = ExchangeState()
        # Where incoming messages are applied: ``state``, except while a reconnect rebuilds a
        # fresh state from the new login snapshot (it is then adopted by ``state`` at once).
        self._applying_state = self.state
        #: How many times a dropped connection was re-established (state rebuilt).
        self.reconnects = 0
        #: Keeps this client under the server's rate limits (None when turned off).
        self.rate_limiter: Optional[RateLimiter] = RateLimiter() if rate_limit else None
        self._pending: Dict[str, Pending] = {}
        self._pending_lock = threading.Lock()
        self._ids = itertools.count(1)
        # Published results reach every client with the requester's request_id (docs/api.md),
        # so ids must be unique across clients, not just within this one.
        self._prefix = uuid.uuid4().hex[:12]
        self._listeners: Dict[str, List[Listener]] = {}
        self._listeners_lock = threading.Lock()
        self._close_reason = "not connected"

    @property
    def user_id(self) -> Optional[int]:
        """The authenticated user's account id (U)."""
        return self.state.user_id

    @property
    def acting_as(self) -> Optional[int]:
        """The account orders are placed for (A)."""
        return self.state.acting_as

    def _authenticate_payload(self) -> proto.Authenticate:
        return proto.Authenticate(jwt=self._token, id_jwt=self._id_token, act_as=self._initial_act_as)

    # hooks

    def on(self, kind: str, callback: Listener) -> Callable[[], None]:
        """Call ``callback(server_message)`` for every message of a kind, after it was applied.

        ``kind`` is a ``ServerMessage`` oneof name (``"order_created"``, ``"portfolio_updated"``,
        ``"market_settled"``...) or ``"*"`` for every message, or ``"reconnected"`` (called
        with the message that completed a reconnect's new snapshot, once ``state`` holds it). Callbacks run where messages are
        read (the reader thread, or the event loop for the asyncio client): keep them short
        and do not wait for replies in them. Returns a function that removes the callback.
        """
        with self._listeners_lock:
            self._listeners.setdefault(kind, []).append(callback)

        def remove() -> None:
            with self._listeners_lock:
                if callback in self._listeners.get(kind, []):
                    self._listeners[kind].remove(callback)

        return remove

    # requests

    def _rate_delay(self, field: str) -> float:
        """Seconds to wait before sending a ``field`` request (0 without a limiter)."""
        if self.rate_limiter is None:
            return 0.0
        return self.rate_limiter.reserve(field, sudo_admin=self.state.sudo)

    def _new_request(self, field: str, payload, reply_field: str) -> Tuple[str, bytes, Pending]:
        """Register a pending request and return (request_id, encoded message, pending)."""
        request_id = f"{self._prefix}-{next(self._ids)}"
        message = proto.ClientMessage(request_id=request_id)
        getattr(message, field).CopyFrom(payload)
        pending = Pending(reply_field)
        with self._pending_lock:
            self._pending[request_id] = pending
        return request_id, message.SerializeToString(), pending

    def _forget(self, request_id: str) -> None:
        with self._pending_lock:
            self._pending.pop(request_id, None)

    def _fail_pending(self, reason: str) -> None:
        with self._pending_lock:
            pending, self._pending = self._pending, {}
        for item in pending.values():
            if not item.future.done():
                item.future.set_exception(ConnectionClosed(reason))

    # incoming messages

    def _handle_frame(self, data: bytes) -> bool:
        """Decode and dispatch one binary frame; False if the connection should end."""
        if len(data) > self.max_message_bytes:
            self._close_reason = f"message of {len(data)} bytes exceeds max_message_bytes"
            return False
        message = proto.ServerMessage()
        try:
            message.ParseFromString(data)
        except Exception as error:  # noqa: BLE001 - protobuf's DecodeError
            log.error("undecodable message from the server: %s", error)
            return True
        self._dispatch(message)
        return True

    def _dispatch(self, message: proto.ServerMessage) -> None:
        """Apply a message to the state, resolve the request it answers, run callbacks."""
        kind = message.WhichOneof("message")
        target = self._applying_state
        target.apply(message)
        if target is not self.state and target.ready:
            # A reconnect's snapshot is complete: swap it in, in message order.
            self.state.adopt(target)
            self._applying_state = self.state
            self.reconnects += 1
            self._notify("reconnected", message)
        request_id = message.request_id
        if request_id:
            with self._pending_lock:
                pending = self._pending.get(request_id)
                resolves = pending is not None and kind in (pending.reply_field, "request_failed")
                if resolves:
                    del self._pending[request_id]
            if resolves:
                assert pending is not None
                if kind == "request_failed":
                    failed = message.request_failed
                    pending.future.set_exception(
                        request_error(failed.request_details.kind, failed.error_details.message, request_id)
                    )
                else:
                    pending.future.set_result(getattr(message, kind))
        elif kind == "request_failed":
            failed = message.request_failed
            log.warning("server error: %s: %s", failed.request_details.kind, failed.error_details.message)
        self._notify(kind or "", message)

    def _notify(self, kind: str, message: proto.ServerMessage) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners.get(kind, ()))
            if kind != "reconnected":  # not a message kind: "*" means every message
                listeners += self._listeners.get("*", ())
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # noqa: BLE001 - a broken callback must not stop the reader
                log.exception("callback for %s failed", kind)
