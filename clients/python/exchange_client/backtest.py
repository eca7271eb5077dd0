"""Backtesting: run a :class:`~exchange_client.strategy.Strategy` over a market's recorded
history in simulated time and see what it would have earned.

Backtesting
-----------
Record a market (its full order and trade histories) to CSV, then replay it through a
strategy::

    python3 -m exchange_client.export --url ws://localhost:8080/api --token "$TOKEN" --market 3 --out rec
    python3 -m exchange_client.backtest --history rec/market_3 --strategy my_bot:MyStrategy

or from Python (the same strategy class runs live with ``run_strategy``)::

    from exchange_client.backtest import Backtest, load_history
    result = Backtest(load_history("rec/market_3"), MyStrategy(), starting_balance=1000).run()
    print(result.summary())          # fills, position, cash, P&L, volume, orders
    # or straight from a connected client: Backtest(fetch_market_history(client, 3), ...)

The strategy gets ``on_start``; ``on_book`` once with the (empty) book and then whenever
recorded activity changes the book; ``on_trade`` for every replayed trade (its own included);
``on_fill`` for each of its fills; ``on_timer`` every ``timer_interval`` simulated seconds from
the first recorded transaction; ``on_stop`` at the last one. ``ctx.now`` is simulated time.
In a backtest the context also has ``ctx.wake_at(t)``: an ``on_timer`` call at time ``t``.

The model
---------
The recorded transactions are replayed in time order; the strategy's orders go into the same
book and match with the exchange's rules (price-time priority; a crossing order trades at the
resting order's price; self-matches fill both orders without a trade).

* **Others do what they did.** Recorded orders arrive, trade and are cancelled at their
  recorded times, whatever the strategy does; nobody reacts to the strategy.
* **Taking removes liquidity.** Size the strategy takes from a recorded order is gone from
  the replay; the recorded trades that later hit that order are reduced by it, or skipped
  (counted in ``skipped_trades``). A strategy that takes exactly what a recorded taker took,
  just before it, therefore gets exactly the recorded trades.
* **Resting orders fill by queue position.** When a recorded order arrives, its size is
  walked through the replay book in priority order (recorded orders ahead of the strategy's
  count); the part that reaches the strategy's orders fills them. The recorded order still
  makes all its recorded trades (its size is not shared out), so passive fills are somewhat
  optimistic; what it would have left resting is reduced by what the strategy got.
* **Limits of the recording.** An incoming order that filled completely on arrival left no
  order behind: its limit price is taken as the worst price it traded at, so a resting order
  of the strategy beyond that price is never reached by it. Resting orders fully hidden by
  a self-match look like cancels.
* **Ties go to the strategy.** Its timers and orders due at time t come before recorded
  transactions stamped t. ``latency`` delays its orders and cancels by that many seconds.
* **Not modelled:** margin and insufficient-funds checks (cash may go negative), rate
  limits, pauses, other markets (one market per backtest), settlement during the replay.
* ``account_id``: the account the strategy stands for. Its recorded orders are left out of
  the replay (the strategy replaces them), with their trades; recorded orders it had hit
  keep the size it took.

P&L is marked at the last replayed trade price, and also at ``settlement_price`` (given, or
the recorded settlement) when there is one.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Union

from . import proto
from .backtesting.engine import STRATEGY_ACCOUNT_ID, ReplayEngine, iso_time
from .export import MarketHistory, load_market_history, read_orders_csv, read_trades_csv
from .strategy import Fill, Strategy


@dataclass
class BacktestResult:
    """What a backtest produced.

    Attributes:
        fills: the strategy's fills in time order.
        position: final position (positive: long).
        cash: final cash (starting balance + sales - purchases).
        starting_balance: the cash it started with.
        last_price: the last replayed trade's price (None if nothing traded).
        pnl: cash change + position marked at ``last_price``.
        settlement_price, pnl_at_settlement: the same at the settlement price, if known.
        volume: total size the strategy traded.
        orders_placed: orders the strategy sent (takes included).
        trades: every trade of the replay (recorded ones, possibly reduced, and the strategy's).
        skipped_trades: recorded trades dropped because the strategy had taken their liquidity.
        messages: what the strategy wrote with ``ctx.log``, prefixed by the simulated time.
    """

    fills: List[Fill]
    position: float
    cash: float
    starting_balance: float
    last_price: Optional[float]
    pnl: float
    settlement_price: Optional[float]
    pnl_at_settlement: Optional[float]
    volume: float
    orders_placed: int
    trades: List[proto.Trade] = field(default_factory=list)
    skipped_trades: int = 0
    messages: List[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few human-readable lines."""
        lines = [
            f"fills: {len(self.fills)}   volume: {self.volume:.2f}   orders: {self.orders_placed}",
            f"position: {self.position:.2f}   cash: {self.cash:.4f} (started with {self.starting_balance:.4f})",
            f"P&L at the last trade price ({_price(self.last_price)}): {self.pnl:.4f}",
        ]
        if self.settlement_price is not None:
            lines.append(f"P&L at settlement ({self.settlement_price:.2f}): {self.pnl_at_settlement:.4f}")
        lines.append(f"replayed trades: {len(self.trades)}   recorded trades skipped: {self.skipped_trades}")
        return "\n".join(lines)


def _price(value: Optional[float]) -> str:
    return "none" if value is None else f"{value:.2f}"


def marked_pnl(cash: float, starting_balance: float, position: float, price: Optional[float]) -> float:
    """Profit: the change in cash plus the position valued at ``price`` (0 if no price)."""
    return round(cash - starting_balance + position * (price or 0.0), 4)


class Backtest:
    """Replays one market's recorded history through a strategy (see the module docstring).

    Args:
        history: a :class:`~exchange_client.export.MarketHistory` (from
            :func:`load_history` or ``export.fetch_market_history``).
        strategy: the strategy instance (used once: create a new one per backtest).
        account_id: the account the strategy stands for (its recorded orders are left out);
            None: a new participant (id -1 in the replayed trades).
        starting_balance: the strategy's cash at the start.
        latency: simulated seconds between a call (order, cancel) and its effect.
        settlement_price: value the final position at this price too (default: the
            recorded settlement, if the market was settled).
        end_time: stop the replay at this simulated time (default: the last transaction).
    """

    def __init__(self, history: MarketHistory, strategy: Strategy, account_id: Optional[int] = None,
                 starting_balance: float = 1000.0, latency: float = 0.0,
                 settlement_price: Optional[float] = None, end_time: Optional[float] = None) -> None:
        if latency < 0:
            raise ValueError("latency cannot be negative")
        self.history = history
        self.strategy = strategy
        self.starting_balance = starting_balance
        self.settlement_price = settlement_price if settlement_price is not None else history.settle_price
        self.engine = ReplayEngine(history, strategy, account_id=account_id, starting_balance=starting_balance,
                                   latency=latency, end_time=end_time)

    def run(self) -> BacktestResult:
        """Run the replay to the end and return the result."""
        engine = self.engine
        engine.run()
        settlement = self.settlement_price
        return BacktestResult(
            fills=list(engine.fills),
            position=engine.position,
            cash=engine.cash,
            starting_balance=self.starting_balance,
            last_price=engine.last_price,
            pnl=marked_pnl(engine.cash, self.starting_balance, engine.position, engine.last_price),
            settlement_price=settlement,
            pnl_at_settlement=None if settlement is None else marked_pnl(
                engine.cash, self.starting_balance, engine.position, settlement),
            volume=round(sum(f.size for f in engine.fills), 2),
            orders_placed=engine.orders_placed,
            trades=list(engine.trades),
            skipped_trades=engine.skipped_trades,
            messages=list(engine.messages),
        )


def load_history(path: Union[str, os.PathLike]) -> MarketHistory:
    """A recorded history from an export directory, or from one ``orders.csv`` or
    ``trades.csv`` file (its sibling ``trades.csv`` / ``orders.csv`` is read too if present;
    trades alone replay without a book)."""
    location = Path(path)
    if location.is_dir():
        return load_market_history(location)
    with open(location, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    if "order_id" in header:
        orders, sibling = read_orders_csv(location), location.with_name("trades.csv")
        trades = read_trades_csv(sibling) if sibling.exists() else []
    elif "trade_id" in header:
        trades, sibling = read_trades_csv(location), location.with_name("orders.csv")
        orders = read_orders_csv(sibling) if sibling.exists() else []
    else:
        raise ValueError(f"{location}: neither an orders nor a trades CSV")
    markets = {o.market_id for o in orders} | {t.market_id for t in trades}
    if len(markets) > 1:
        raise ValueError(f"{location}: rows of several markets ({sorted(markets)}); backtest one at a time")
    return MarketHistory(market_id=markets.pop() if markets else 0, orders=orders, trades=trades)


def load_strategy_class(spec: str) -> type:
    """``module:Class`` or ``path/to/file.py:Class`` -> the class."""
    module_name, _, class_name = spec.rpartition(":")
    if not module_name or not class_name:
        raise ValueError(f"strategy {spec!r}: expected module:Class or file.py:Class")
    if module_name.endswith(".py"):
        loader_spec = importlib.util.spec_from_file_location(Path(module_name).stem, module_name)
        if loader_spec is None or loader_spec.loader is None:
            raise ImportError(f"cannot load {module_name}")
        module = importlib.util.module_from_spec(loader_spec)
        loader_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    return getattr(module, class_name)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m exchange_client.backtest",
        description="Replay a recorded market history through a strategy and report its P&L.",
    )
    parser.add_argument("--history", required=True, help="export directory (market_<ID>/) or orders/trades CSV")
    parser.add_argument("--strategy", required=True, help="module:Class or file.py:Class (built with no arguments)")
    parser.add_argument("--account", type=int, default=None, help="account the strategy replaces (default: none)")
    parser.add_argument("--balance", type=float, default=1000.0, help="starting cash (default 1000)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds from a call to its effect")
    parser.add_argument("--settlement", type=float, default=None, help="also mark P&L at this price")
    parser.add_argument("--fills", action="store_true", help="print every fill")
    args = parser.parse_args(argv)

    sys.path.insert(0, os.getcwd())  # so that module:Class finds the student's own modules
    strategy = load_strategy_class(args.strategy)()
    result = Backtest(load_history(args.history), strategy, account_id=args.account, starting_balance=args.balance,
                      latency=args.latency, settlement_price=args.settlement).run()
    if args.fills:
        for fill in result.fills:
            side = "buy " if fill.side == proto.BID else "sell"
            print(f"{iso_time(fill.timestamp)} {side} {fill.size:.2f} @ {fill.price:.2f} (order {fill.order_id})")
    for message in result.messages:
        print(message)
    print(result.summary())
    return 0


__all__ = ["Backtest", "BacktestResult", "load_history", "load_strategy_class", "marked_pnl",
           "STRATEGY_ACCOUNT_ID"]

if __name__ == "__main__":
    sys.exit(main())
