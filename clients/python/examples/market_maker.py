#!/usr/bin/python3
"""Market maker: quote a bid and an offer one cent better than everyone else ("pennying"),
leaning the quotes against the inventory it builds up ("skew").

    /usr/bin/python3 examples/market_maker.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN \
        [--market NAME_OR_ID ...] [--duration SECONDS] [--size N] [--skew X] \
        [--max-position N] [--max-loss X]

How the quotes are chosen, per market, every --interval seconds:
  1. Look at the best bid and offer of *other* traders (never penny yourself).
  2. Bid one cent above their best bid and offer one cent below their best offer; if the
     spread is too narrow for that, join their prices instead. With an empty side, quote
     around a reference price (middle of the book, last trade, or middle of the range).
  3. Skew: when long, lower both quotes (sell more eagerly, buy less eagerly); when short,
     raise them. The shift is --skew per unit of position.
  4. Keep the quotes inside the settlement range and never cross other traders' orders.
  5. Only replace an order when its price or size should change (fewer requests).
The position limit caps how much each side may buy or sell; the loss limit stops the bot.
"""

import logging
import pathlib
import sys
from typing import Dict, Optional

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # find exchange_client

from exchange_client import BID, OFFER, proto  # noqa: E402
from exchange_client.bot import TICK, Bot, RiskLimits, argument_parser, round_price  # noqa: E402

log = logging.getLogger("market_maker")


def target_quotes(bot: Bot, market: proto.Market) -> tuple:
    """The (bid price, offer price) we want in a market."""
    state, me, args = bot.client.state, bot.client.acting_as, bot.args
    low, high = market.min_settlement, market.max_settlement
    their_bid = state.best_bid(market.id, exclude_account=me)
    their_offer = state.best_offer(market.id, exclude_account=me)
    half_spread = max(TICK, args.spread * (high - low) / 2)

    # Reference price when a side of the book is empty.
    reference = bot.profit.mark(market.id)
    bid = their_bid.price + TICK if their_bid else reference - half_spread
    offer = their_offer.price - TICK if their_offer else reference + half_spread
    if their_bid and their_offer and offer - bid < TICK:  # too narrow to penny: join instead
        bid, offer = their_bid.price, their_offer.price

    # Inventory skew: long -> lower both prices, short -> raise them.
    shift = -args.skew * state.position(market.id)
    bid, offer = bid + shift, offer + shift

    # Stay inside the range and do not trade with other people's orders by accident.
    if their_offer:
        bid = min(bid, their_offer.price - TICK)
    if their_bid:
        offer = max(offer, their_bid.price + TICK)
    bid = min(max(bid, low), high - TICK)
    offer = max(min(offer, high), low + TICK)
    if offer <= bid:  # keep our own quotes apart (they would match each other)
        offer = bid + TICK
    return round_price(bid), round_price(offer)


def requote(bot: Bot, market: proto.Market, side: int, price: float, live: Dict[int, Optional[proto.Order]]) -> None:
    """Make our single order on ``side`` be ``price`` x allowed size (cancel/replace)."""
    current = live.get(side)
    if current is not None:
        current = bot.client.state.order(current.id)  # its live state; None if filled or cancelled
    # Size we may add given position and the order we already have on this side.
    wanted = bot.args.size
    resting = current.size if current is not None else 0.0
    allowed = bot.allowed_size(market.id, side, wanted) + resting
    size = min(wanted, allowed)
    if current is not None and current.price == price and abs(current.size - size) < 0.005:
        return  # already quoting what we want
    if current is not None:
        bot.cancel(current.id)
        live[side] = None
    if size >= 0.01:
        created = bot.place(market.id, side, price, size)
        live[side] = created.order if created is not None and created.HasField("order") else None


def make_markets(bot: Bot) -> None:
    markets = bot.markets()
    log.info("making markets in: %s", ", ".join(m.name for m in markets))
    live: Dict[int, Dict[int, Optional[proto.Order]]] = {m.id: {} for m in markets}
    while bot.running() and bot.check_loss():
        for market in markets:
            market = bot.client.state.market(market.id)
            if market is None or not market.HasField("open") or market.status != proto.MARKET_STATUS_OPEN:
                continue  # settled or paused
            bid, offer = target_quotes(bot, market)
            requote(bot, market, BID, bid, live[market.id])
            requote(bot, market, OFFER, offer, live[market.id])
        if not bot.sleep(bot.args.interval):
            break
        log.debug("profit so far: %.2f", bot.profit.profit())


if __name__ == "__main__":
    parser = argument_parser("Penny-the-best-price market maker with inventory skew.")
    RiskLimits.add_arguments(parser, max_position=20, max_order_size=5, max_loss=500)
    parser.add_argument("--size", type=float, default=2.0, help="quote size per side (default: %(default)s)")
    parser.add_argument("--skew", type=float, default=0.05, help="price shift per unit of position")
    parser.add_argument("--spread", type=float, default=0.04,
                        help="spread as a fraction of the range when a side is empty (default: %(default)s)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between requotes")
    sys.exit(Bot(parser.parse_args()).run(make_markets))
