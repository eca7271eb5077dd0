"""Exceptions raised by the client."""

from __future__ import annotations


class ExchangeError(Exception):
    """Base class of every error raised by :mod:`exchange_client`."""


class RequestError(ExchangeError):
    """The server answered a request with ``RequestFailed``.

    Attributes:
        kind: the request kind reported by the server (``"CreateOrder"``, ``"Authenticate"``,
            ``"Unknown"``...). A few kinds differ from the request's name (docs/api.md).
        message: the server's human-readable message, e.g. ``"Invalid price"``.
        request_id: the ``request_id`` of the failed request.
    """

    def __init__(self, kind: str, message: str, request_id: str = "") -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.request_id = request_id


class AuthenticationError(RequestError):
    """Login failed (``RequestFailed`` of kind ``"Authenticate"``)."""


class NotImplementedByServer(RequestError):
    """The server does not implement this request yet ("Not implemented yet by this server")."""

    SERVER_MESSAGE = "Not implemented yet by this server"


class ConnectionClosed(ExchangeError):
    """The connection ended (or was never established) before the reply arrived."""


class RequestTimeout(ExchangeError):
    """No reply arrived within the timeout. The request may still have been executed."""


def request_error(kind: str, message: str, request_id: str = "") -> RequestError:
    """The most specific :class:`RequestError` subclass for a ``RequestFailed``."""
    if kind == "Authenticate":
        return AuthenticationError(kind, message, request_id)
    if message == NotImplementedByServer.SERVER_MESSAGE:
        return NotImplementedByServer(kind, message, request_id)
    return RequestError(kind, message, request_id)
