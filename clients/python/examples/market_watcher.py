#!/usr/bin/python3
"""Market watcher: prints the order books and every trade. It never sends an order.

    /usr/bin/python3 examples/market_watcher.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN \
        [--market NAME_OR_ID ...] [--duration SECONDS] [--interval SECONDS] [--depth N]

A good first bot to read: it shows how to connect, read the local state (markets, books,
trades) and react to server messages with a callback.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # find exchange_client

from exchange_client import BID, OFFER, proto  # noqa: E402
from exchange_client.bot import Bot, argument_parser  # noqa: E402


def watch(bot: Bot) -> None:
    client = bot.client
    markets = bot.markets()
    watched = {m.id for m in markets}
    print(f"Logged in as account {client.user_id}; watching {len(markets)} market(s)", flush=True)

    # The login snapshot has books but no trades: load the recent history once per market.
    for market in markets[:10]:
        history = client.get_full_trade_history(market.id)
        print(f"  {market.name}: range [{market.min_settlement:g}, {market.max_settlement:g}], "
              f"{len(history.trades)} trade(s) so far", flush=True)

    # Callbacks run on the client's reader thread for every matching message.
    def on_order_created(message: proto.ServerMessage) -> None:
        created = message.order_created
        if created.market_id not in watched:
            return
        name = client.state.market(created.market_id).name
        for trade in created.trades:
            taker = "buyer" if trade.buyer_is_taker else "seller"
            print(f"TRADE {name}: {trade.size:g} @ {trade.price:g} ({taker} took)", flush=True)

    client.on("order_created", on_order_created)

    # Every --interval seconds, print the top of each book.
    while bot.sleep(bot.args.interval):
        for market in markets:
            book = client.state.book(market.id)
            bids = " ".join(f"{size:g}@{price:g}" for price, size in book.levels(BID, bot.args.depth))
            offers = " ".join(f"{size:g}@{price:g}" for price, size in book.levels(OFFER, bot.args.depth))
            last = client.state.last_trade(market.id)
            last_text = f"{last.price:g}" if last else "-"
            print(f"{market.name:30.30} bids [{bids}] offers [{offers}] last {last_text}", flush=True)


if __name__ == "__main__":
    parser = argument_parser("Print order books and trades (read-only).")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between book prints")
    parser.add_argument("--depth", type=int, default=3, help="price levels shown per side")
    # cancel_on_exit=False: a watcher has no orders to cancel.
    sys.exit(Bot(parser.parse_args(), cancel_on_exit=False).run(watch))
