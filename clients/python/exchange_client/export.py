"""CSV export of trades and orders: my own (for a spreadsheet) and a market's whole history
(for the backtester, ``exchange_client.backtest``).

Command line (writes ``DIR/market_<ID>/{market,orders,trades}.csv`` with the market's full
recorded history, and ``DIR/my_trades.csv`` / ``DIR/my_orders.csv`` of the acting account)::

    python3 -m exchange_client.export --url ws://localhost:8080/api --token "$TOKEN" --market 3 --out DIR

From Python::

    with ExchangeClient(url, token) as client:
        history = fetch_market_history(client, market_id)   # a MarketHistory
        write_market_history(history, "recorded/market_3")  # then: Backtest(load_market_history(...))
        write_trades_csv("my_trades.csv", my_trades(client, market_id), client.acting_as)

File formats (UTF-8, comma-separated, a header row, one record per line). Prices and sizes
are written with exactly 2 decimals, as the exchange keeps them (``40.50``); timestamps are
RFC 3339 in UTC with the server's precision (``2026-12-05T02:01:03.080480Z``); sides are
``bid`` or ``offer``; hidden account ids are 0, as the server sends them.

``trades.csv`` / ``my_trades.csv`` — one row per trade, ascending id:
    ``trade_id, market_id, transaction_id, timestamp, price, size, buyer_id, seller_id,
    taker_side`` (the side of the incoming order), and in ``my_trades.csv`` also ``my_side``
    (``bid`` = I bought, ``offer`` = I sold, ``both`` for a trade between two of my orders).

``orders.csv`` / ``my_orders.csv`` — one row per entry of an order's size history, orders by
ascending id, entries in transaction order:
    ``order_id, market_id, side, price, owner_id, order_transaction_id, order_timestamp``
    (when the order was created), then ``transaction_id, timestamp, size``: the order's
    remaining size after that transaction. The first entry is the size that rested after the
    order's immediate matching; later entries come from fills of the resting order and a final
    0 from a cancel, ``out`` or settlement. An order known without a size history (e.g. from
    the login snapshot) gets one row with its creation and current size. Orders that filled
    completely on arrival never rest, get no id and appear only through their trades.

``market.csv`` — one row: ``market_id, name, min_settlement, max_settlement, settle_price``
(empty while the market is open).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Sequence, TextIO, Union

from google.protobuf.timestamp_pb2 import Timestamp

from . import proto

if TYPE_CHECKING:  # pragma: no cover
    from .client import ExchangeClient

PathOrFile = Union[str, os.PathLike, TextIO]

TRADE_COLUMNS = [
    "trade_id", "market_id", "transaction_id", "timestamp", "price", "size", "buyer_id", "seller_id", "taker_side",
]
MY_TRADE_COLUMNS = TRADE_COLUMNS + ["my_side"]
ORDER_COLUMNS = [
    "order_id", "market_id", "side", "price", "owner_id", "order_transaction_id", "order_timestamp",
    "transaction_id", "timestamp", "size",
]
MARKET_COLUMNS = ["market_id", "name", "min_settlement", "max_settlement", "settle_price"]

_SIDE_NAMES = {proto.BID: "bid", proto.OFFER: "offer"}
_SIDES_BY_NAME = {"bid": proto.BID, "offer": proto.OFFER}


@dataclass
class MarketHistory:
    """Everything recorded about one market: the input of the backtester.

    Attributes:
        market_id: the market.
        orders: every order ever placed, each with its ``sizes`` history (as returned by
            ``get_full_order_history``).
        trades: every trade, ascending id (as returned by ``get_full_trade_history``).
        name, min_settlement, max_settlement: the market's description, if known.
        settle_price: the settlement price if the market is settled, else None.
    """

    market_id: int
    orders: List[proto.Order] = field(default_factory=list)
    trades: List[proto.Trade] = field(default_factory=list)
    name: str = ""
    min_settlement: Optional[float] = None
    max_settlement: Optional[float] = None
    settle_price: Optional[float] = None


# ---------------------------------------------------------------------- formatting helpers


def format_decimal(value: float) -> str:
    """A price or size with the exchange's 2 decimals (``40.5`` -> ``40.50``)."""
    return f"{value:.2f}"


def format_timestamp(timestamp: Timestamp) -> str:
    """An RFC 3339 UTC string, or empty for an unset timestamp."""
    if timestamp.seconds == 0 and timestamp.nanos == 0:
        return ""
    return timestamp.ToJsonString()


def _parse_timestamp(text: str, target: Timestamp) -> None:
    if text:
        target.FromJsonString(text)


def side_name(side: int) -> str:
    """``bid`` or ``offer``."""
    return _SIDE_NAMES.get(side, "unknown")


def parse_side_name(text: str) -> int:
    """``proto.BID`` / ``proto.OFFER`` from ``bid`` / ``offer``."""
    try:
        return _SIDES_BY_NAME[text.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown side {text!r} in CSV (expected bid or offer)") from None


class _Output:
    """Opens a path for writing (or uses an open file) as a context manager."""

    def __init__(self, target: PathOrFile) -> None:
        self._target = target
        self._opened: Optional[TextIO] = None

    def __enter__(self) -> TextIO:
        if isinstance(self._target, (str, os.PathLike)):
            self._opened = open(self._target, "w", newline="", encoding="utf-8")
            return self._opened
        return self._target  # type: ignore[return-value]

    def __exit__(self, *exc_info: object) -> None:
        if self._opened is not None:
            self._opened.close()


def _read_rows(source: PathOrFile) -> List[Dict[str, str]]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return list(csv.DictReader(source))


# ---------------------------------------------------------------------- trades


def _my_side(trade: proto.Trade, account_id: int) -> str:
    buyer, seller = trade.buyer_id == account_id, trade.seller_id == account_id
    return "both" if buyer and seller else "bid" if buyer else "offer" if seller else ""


def write_trades_csv(target: PathOrFile, trades: Iterable[proto.Trade], account_id: Optional[int] = None) -> None:
    """Write trades in the ``trades.csv`` format (with ``my_side`` when ``account_id`` is given)."""
    with _Output(target) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRADE_COLUMNS if account_id is None else MY_TRADE_COLUMNS)
        for trade in sorted(trades, key=lambda t: t.id):
            row = [
                trade.id, trade.market_id, trade.transaction_id, format_timestamp(trade.transaction_timestamp),
                format_decimal(trade.price), format_decimal(trade.size), trade.buyer_id, trade.seller_id,
                "bid" if trade.buyer_is_taker else "offer",
            ]
            if account_id is not None:
                row.append(_my_side(trade, account_id))
            writer.writerow(row)


def read_trades_csv(source: PathOrFile) -> List[proto.Trade]:
    """Trades from a ``trades.csv`` / ``my_trades.csv`` file (extra columns are ignored)."""
    trades = []
    for row in _read_rows(source):
        trade = proto.Trade(
            id=int(row["trade_id"]), market_id=int(row["market_id"]), transaction_id=int(row["transaction_id"]),
            price=float(row["price"]), size=float(row["size"]), buyer_id=int(row["buyer_id"]),
            seller_id=int(row["seller_id"]), buyer_is_taker=parse_side_name(row["taker_side"]) == proto.BID,
        )
        _parse_timestamp(row["timestamp"], trade.transaction_timestamp)
        trades.append(trade)
    return trades


# ---------------------------------------------------------------------- orders


def write_orders_csv(target: PathOrFile, orders: Iterable[proto.Order]) -> None:
    """Write orders in the ``orders.csv`` format (one row per size-history entry)."""
    with _Output(target) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ORDER_COLUMNS)
        for order in sorted(orders, key=lambda o: o.id):
            created = [
                order.id, order.market_id, side_name(order.side), format_decimal(order.price), order.owner_id,
                order.transaction_id, format_timestamp(order.transaction_timestamp),
            ]
            entries = [(s.transaction_id, s.transaction_timestamp, s.size) for s in order.sizes]
            if not entries:  # snapshot orders carry no history: record what is known
                entries = [(order.transaction_id, order.transaction_timestamp, order.size)]
            for transaction_id, timestamp, size in entries:
                writer.writerow(created + [transaction_id, format_timestamp(timestamp), format_decimal(size)])


def read_orders_csv(source: PathOrFile) -> List[proto.Order]:
    """Orders, with their size histories, from an ``orders.csv`` / ``my_orders.csv`` file.

    Each order's ``size`` is its last entry's size."""
    orders: Dict[int, proto.Order] = {}
    for row in _read_rows(source):
        order_id = int(row["order_id"])
        order = orders.get(order_id)
        if order is None:
            order = proto.Order(
                id=order_id, market_id=int(row["market_id"]), side=parse_side_name(row["side"]),
                price=float(row["price"]), owner_id=int(row["owner_id"]),
                transaction_id=int(row["order_transaction_id"]),
            )
            _parse_timestamp(row["order_timestamp"], order.transaction_timestamp)
            orders[order_id] = order
        entry = order.sizes.add(transaction_id=int(row["transaction_id"]), size=float(row["size"]))
        _parse_timestamp(row["timestamp"], entry.transaction_timestamp)
        order.size = entry.size
    return [orders[i] for i in sorted(orders)]


# ---------------------------------------------------------------------- a market's history


def write_market_history(history: MarketHistory, directory: Union[str, os.PathLike]) -> Path:
    """Write ``market.csv``, ``orders.csv`` and ``trades.csv`` into ``directory`` (created)."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "market.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MARKET_COLUMNS)
        writer.writerow([
            history.market_id, history.name,
            "" if history.min_settlement is None else format_decimal(history.min_settlement),
            "" if history.max_settlement is None else format_decimal(history.max_settlement),
            "" if history.settle_price is None else format_decimal(history.settle_price),
        ])
    write_orders_csv(path / "orders.csv", history.orders)
    write_trades_csv(path / "trades.csv", history.trades)
    return path


def load_market_history(directory: Union[str, os.PathLike]) -> MarketHistory:
    """Read a directory written by :func:`write_market_history` (``market.csv`` optional)."""
    path = Path(directory)
    orders = read_orders_csv(path / "orders.csv")
    trades = read_trades_csv(path / "trades.csv")
    market_ids = {o.market_id for o in orders} | {t.market_id for t in trades}
    history = MarketHistory(market_id=min(market_ids) if market_ids else 0, orders=orders, trades=trades)
    if (path / "market.csv").exists():
        rows = _read_rows(path / "market.csv")
        if rows:
            row = rows[0]
            history.market_id = int(row["market_id"])
            history.name = row["name"]
            for column in ("min_settlement", "max_settlement", "settle_price"):
                if row.get(column):
                    setattr(history, column, float(row[column]))
    if len(market_ids - {history.market_id}) > 0:
        raise ValueError(f"{path}: rows of several markets ({sorted(market_ids)}); export one market per directory")
    return history


def fetch_market_history(client: "ExchangeClient", market_id: int) -> MarketHistory:
    """Ask the server for a market's full order and trade histories (two 'expensive' requests)."""
    orders = client.get_full_order_history(market_id)
    trades = client.get_full_trade_history(market_id)
    history = MarketHistory(market_id=market_id, orders=list(orders.orders), trades=sorted(trades.trades, key=lambda t: t.id))
    market = client.state.market(market_id)
    if market is not None:
        history.name = market.name
        history.min_settlement, history.max_settlement = market.min_settlement, market.max_settlement
        if market.HasField("closed"):
            history.settle_price = market.closed.settle_price
    return history


# ---------------------------------------------------------------------- my trades and orders


def my_trades(client: "ExchangeClient", market_id: int, account_id: Optional[int] = None) -> List[proto.Trade]:
    """The trades of the acting (or given) account in one market, from the full trade history."""
    account = client.acting_as if account_id is None else account_id
    history = client.get_full_trade_history(market_id)
    return [t for t in sorted(history.trades, key=lambda t: t.id) if account in (t.buyer_id, t.seller_id)]


def my_orders(client: "ExchangeClient", market_id: int, account_id: Optional[int] = None) -> List[proto.Order]:
    """Every order of the acting (or given) account in one market, with size histories."""
    account = client.acting_as if account_id is None else account_id
    history = client.get_full_order_history(market_id)
    return [o for o in history.orders if o.owner_id == account]


def traded_market_ids(client: "ExchangeClient") -> List[int]:
    """Markets where the acting account has an exposure row (it traded or has orders)."""
    portfolio = client.state.portfolio()
    return sorted({e.market_id for e in portfolio.market_exposures}) if portfolio is not None else []


def export_my_history(client: "ExchangeClient", directory: Union[str, os.PathLike],
                      market_ids: Optional[Sequence[int]] = None) -> Path:
    """Write ``my_trades.csv`` and ``my_orders.csv`` of the acting account into ``directory``,
    over the given markets (default: every market in its portfolio)."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    markets = list(market_ids) if market_ids is not None else traded_market_ids(client)
    trades: List[proto.Trade] = []
    orders: List[proto.Order] = []
    for market_id in markets:
        trades += my_trades(client, market_id)
        orders += my_orders(client, market_id)
    write_trades_csv(path / "my_trades.csv", trades, client.acting_as)
    write_orders_csv(path / "my_orders.csv", orders)
    return path


def trades_csv_text(trades: Iterable[proto.Trade], account_id: Optional[int] = None) -> str:
    """The ``trades.csv`` text of some trades (handy for tests and notebooks)."""
    buffer = io.StringIO()
    write_trades_csv(buffer, trades, account_id)
    return buffer.getvalue()


# ---------------------------------------------------------------------- command line


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m exchange_client.export",
        description="Export a market's recorded history (for the backtester) and my trades and orders to CSV.",
    )
    parser.add_argument("--url", default=os.environ.get("EXCHANGE_URL", "ws://localhost:8080/api"))
    parser.add_argument("--token", default=os.environ.get("EXCHANGE_TOKEN"), help="default: $EXCHANGE_TOKEN")
    parser.add_argument("--act-as", type=int, default=None, help="account to export 'my' trades and orders of")
    parser.add_argument("--market", action="append", default=[], help="market id or name (repeatable; "
                        "default: the markets in my portfolio)")
    parser.add_argument("--out", required=True, help="directory to write into")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("--token (or $EXCHANGE_TOKEN) is required")

    from .client import ExchangeClient  # imported here so that reading CSVs needs no websocket

    with ExchangeClient(args.url, args.token, args.act_as) as client:
        markets = [client.state.market_id(m) for m in args.market] or traded_market_ids(client)
        out = Path(args.out)
        for market_id in markets:
            written = write_market_history(fetch_market_history(client, market_id), out / f"market_{market_id}")
            print(f"market {market_id}: {written}")
        export_my_history(client, out, markets)
        print(f"my trades and orders: {out / 'my_trades.csv'}, {out / 'my_orders.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
