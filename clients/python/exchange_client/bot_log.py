"""A bot's trading log: one CSV row per fill with the running profit, and a summary at exit.

The CSV (default ``bot-<name>-<YYYY-MM-DD>.csv`` in the current directory; rows are appended
when it exists) opens in any spreadsheet. Columns:

``time`` (ISO 8601, UTC), ``market_id``, ``market``, ``side`` (buy/sell), ``price``, ``size``,
``order_id`` (0: my order filled completely on arrival), ``trade_id``, ``position`` (mine in
that market after the fill, counting only this run's trades), ``market_pnl`` and
``total_pnl`` (this run's mark-to-market profit, see :class:`~exchange_client.bot.ProfitTracker`).
"""

from __future__ import annotations

import csv
import datetime
import logging
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional

from . import proto
from .strategy import Fill, fills_of

if TYPE_CHECKING:  # pragma: no cover
    from .risk import ProfitTracker
    from .client import ExchangeClient

log = logging.getLogger("exchange_client.bot")

COLUMNS = ["time", "market_id", "market", "side", "price", "size", "order_id", "trade_id",
           "position", "market_pnl", "total_pnl"]


def default_log_path(name: str, today: Optional[datetime.date] = None) -> str:
    """``bot-<name>-<YYYY-MM-DD>.csv``, with characters unsafe in file names replaced."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "bot"
    return f"bot-{safe}-{(today or datetime.date.today()).isoformat()}.csv"


@dataclass
class MarketSummary:
    """What a run did in one market."""

    market_id: int
    name: str
    fills: int = 0
    volume: float = 0.0
    profit: float = 0.0


class FillLog:
    """Writes every fill of the acting account to a CSV file as it happens.

    Args:
        client: the connected client whose fills to record.
        tracker: the bot's profit tracker (its numbers go into the P&L columns). It must be
            created before this log, so that it has counted a trade when the row is written.
        path: the CSV file; None writes no file (the summary still works).
    """

    def __init__(self, client: "ExchangeClient", tracker: "ProfitTracker", path: Optional[str]) -> None:
        self.client = client
        self.tracker = tracker
        self.path = path
        self.fills: List[Fill] = []
        self._lock = threading.Lock()
        self._file = None
        self._writer = None
        if path:
            new = not os.path.exists(path) or os.path.getsize(path) == 0
            self._file = open(path, "a", newline="", encoding="utf-8")
            self._writer = csv.writer(self._file)
            if new:
                self._writer.writerow(COLUMNS)
                self._file.flush()
            log.info("logging fills to %s", path)
        self._remove = client.on("order_created", self._on_order_created)

    def _on_order_created(self, message: proto.ServerMessage) -> None:
        fills = fills_of(message.order_created, self.client.acting_as)
        if not fills:
            return
        total = self.tracker.profit()
        with self._lock:
            for fill in fills:
                self.fills.append(fill)
                if self._writer is not None:
                    self._writer.writerow(self._row(fill, total))
            if self._file is not None:
                self._file.flush()  # a crash or kill -9 must not lose the rows

    def _row(self, fill: Fill, total: float) -> list:
        market = self.client.state.market(fill.market_id)
        when = datetime.datetime.fromtimestamp(fill.timestamp, datetime.timezone.utc)
        return [
            when.isoformat(timespec="milliseconds"), fill.market_id, market.name if market else "",
            "buy" if fill.side == proto.BID else "sell", f"{fill.price:.2f}", f"{fill.size:.2f}",
            fill.order_id, fill.trade_id, f"{self.tracker.bought.get(fill.market_id, 0.0):.2f}",
            f"{self.tracker.profit(fill.market_id):.4f}", f"{total:.4f}",
        ]

    def summary(self) -> List[MarketSummary]:
        """Fills, volume and profit per market traded, by market id."""
        rows: Dict[int, MarketSummary] = {}
        with self._lock:
            fills = list(self.fills)
        for fill in fills:
            row = rows.get(fill.market_id)
            if row is None:
                market = self.client.state.market(fill.market_id)
                row = rows[fill.market_id] = MarketSummary(fill.market_id, market.name if market else "")
            row.fills += 1
            row.volume += fill.size
        for row in rows.values():
            row.profit = self.tracker.profit(row.market_id)
        return [rows[m] for m in sorted(rows)]

    def summary_text(self) -> str:
        """The summary as a small table, ending with a total line."""
        rows = self.summary()
        lines = [f"{'market':<32} {'fills':>6} {'volume':>10} {'P&L':>12}"]
        for row in rows:
            label = f"{row.market_id} {row.name}"[:32]
            lines.append(f"{label:<32} {row.fills:>6} {row.volume:>10.2f} {row.profit:>12.2f}")
        lines.append(f"{'total':<32} {sum(r.fills for r in rows):>6} "
                     f"{sum(r.volume for r in rows):>10.2f} {sum(r.profit for r in rows):>12.2f}")
        return "\n".join(lines)

    def close(self) -> None:
        """Stop recording and close the file (idempotent)."""
        self._remove()
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
                self._writer = None


__all__ = ["FillLog", "MarketSummary", "default_log_path", "COLUMNS"]
