"""A client-side copy of the server's request rate limits, so that a bot waits instead of being
refused with "Rate Limited".

The server keeps two buckets per user (shared by all of that user's connections and accounts):

* **mutate** - orders, cancels, out, transfers, redeem, exercise, accounts, ownership: 100 per second,
  with a burst of 1000.
* **expensive** - full order/trade histories, market positions, option contracts and exercises,
  creating, editing and settling markets, set_sudo, categories, auctions, and each login: 180 per minute, burst 180.

Admins with sudo on have ten times both. ``act_as`` is free. The limiter below runs the same
algorithm (a generic cell-rate algorithm: each request moves a "theoretical arrival time"
forward by one interval; a request is refused when that time runs more than ``burst - 1``
intervals ahead of the clock). It only sees this connection's requests: two bots on one user
still share the server's buckets.
"""

from __future__ import annotations

import threading
import time
from typing import Dict, Optional, Tuple

#: Requests counted against the expensive bucket; every other request except act_as is mutate.
EXPENSIVE_REQUESTS = frozenset({
    "authenticate", "get_full_order_history", "get_full_trade_history", "get_market_positions",
    "create_market", "settle_market", "edit_market", "set_sudo", "create_market_type",
    "delete_market_type", "create_market_group", "create_auction", "edit_auction",
    "delete_auction", "settle_auction", "buy_auction", "create_universe",
    "get_option_contracts", "get_option_exercises",
    "get_redeem_codes",  # our extension (issue 17)
    # Ours, not the reference's (see docs/limits.md): each re-sends the owners' state.
    "create_account", "share_ownership", "revoke_ownership",
})
#: Requests the server does not limit.
FREE_REQUESTS = frozenset({"act_as"})

#: (seconds per unit, burst) of each bucket, for normal users and for sudo admins.
BUCKETS: Dict[Tuple[str, bool], Tuple[float, int]] = {
    ("mutate", False): (1 / 100, 1000),
    ("expensive", False): (60 / 180, 180),
    ("mutate", True): (1 / 1000, 10000),
    ("expensive", True): (60 / 1800, 1800),
}


def rate_class(field: str) -> Optional[str]:
    """``"expensive"``, ``"mutate"`` or None (not limited) for a ``ClientMessage`` field name."""
    if field in FREE_REQUESTS:
        return None
    return "expensive" if field in EXPENSIVE_REQUESTS else "mutate"


class RateLimiter:
    """Tells how long to wait before sending a request so that the server accepts it.

    Args:
        safety_units: how many units of each burst to leave unused, as a margin for network
            jitter (requests sent evenly can arrive bunched): 10 units absorb 0.1 s of
            jitter at 100 per second.
        clock: a monotonic clock (replaceable in tests).
    """

    def __init__(self, safety_units: int = 10, clock=time.monotonic) -> None:
        self.safety_units = safety_units
        self._clock = clock
        self._arrival: Dict[Tuple[str, bool], float] = {}
        self._lock = threading.Lock()

    def reserve(self, field: str, sudo_admin: bool = False) -> float:
        """Take one unit for a request and return the seconds to wait before sending it (0 when
        it may go now). The unit is taken even if the caller then does not send."""
        klass = rate_class(field)
        if klass is None:
            return 0.0
        interval, burst = BUCKETS[(klass, sudo_admin)]
        tolerance = interval * max(0, burst - 1 - self.safety_units)
        with self._lock:
            now = self._clock()
            arrival = max(self._arrival.get((klass, sudo_admin), now), now)
            wait = arrival - now - tolerance
            wait = wait if wait > 1e-9 else 0.0  # float rounding of many small intervals
            self._arrival[(klass, sudo_admin)] = arrival + interval
        return wait

    def wait(self, field: str, sudo_admin: bool = False) -> float:
        """Like :meth:`reserve` but sleeps the time itself; returns the seconds slept."""
        delay = self.reserve(field, sudo_admin)
        if delay > 0:
            time.sleep(delay)
        return delay


__all__ = ["RateLimiter", "rate_class", "EXPENSIVE_REQUESTS", "FREE_REQUESTS", "BUCKETS"]
