"""Cohorts: one server, several classes, each its own exchange at ``/api/ws/<cohort>``.

``cohort_socket_url("ws://host:8080/api", "fall-2026")`` gives the socket of a named cohort
(``ExchangeClient(url, token, cohort="fall-2026")`` does this for you); ``list_cohorts`` asks
the server which cohorts your token may open and which one is the default; ``create_cohort``
makes one (admins).
"""
import json
import urllib.error
import urllib.request
from typing import Any, Dict, Optional
from urllib.parse import quote, urlsplit, urlunsplit


def cohort_socket_url(url: str, cohort: Optional[str]) -> str:
    """The socket URL of ``cohort`` on the server of ``url`` (any of ``ws://h/api``,
    ``ws://h/api/ws/<other>``, ``http(s)://h``); ``url`` unchanged when ``cohort`` is None."""
    if cohort is None:
        return url
    if not cohort:
        raise ValueError("cohort name must not be empty")
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, "/api/ws/" + quote(cohort, safe=""), "", ""))


def http_base(url: str) -> str:
    """``http(s)://host[:port]`` of a socket or page URL."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, "", "", ""))


def list_cohorts(url: str, token: str, timeout: float = 10.0) -> Dict[str, Any]:
    """``GET /api/cohorts``: ``{"cohorts": [...], "public_auction_cohorts": [...],
    "default_cohort": name or None}`` for this token (an access, bot or test token)."""
    request = urllib.request.Request(http_base(url) + "/api/cohorts",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read())


def create_cohort(url: str, admin_token: str, name: str, display_name: Optional[str] = None,
                  timeout: float = 10.0) -> bool:
    """Create cohort ``name`` as an admin (``POST /api/admin/cohorts``) unless it exists: True if
    created, False if it was already there (so scripts can call it on every start). Raises
    ``urllib.error.HTTPError`` for anything else (a bad name, not an admin)."""
    # GET /api/cohorts first: it lists every cohort to an admin, and it makes the server know a
    # person who has never logged in (the admin API refuses people it has not seen yet).
    if name in [cohort["name"] for cohort in list_cohorts(url, admin_token, timeout)["cohorts"]]:
        return False
    body = json.dumps({"name": name, "display_name": display_name or name}).encode()
    request = urllib.request.Request(http_base(url) + "/api/admin/cohorts", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {admin_token}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read()
        return True
    except urllib.error.HTTPError as error:
        if error.code == 409:  # "Cohort name already exists": created meanwhile by someone else
            return False
        raise
