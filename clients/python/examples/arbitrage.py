#!/usr/bin/python3
"""Min/max arbitrage: trade against prices that cannot lose money.

Every market settles somewhere in [min_settlement, max_settlement]. So:
  * buying at or below the minimum can never lose (the settlement pays at least that much);
  * selling at or above the maximum can never lose (the settlement costs at most that much).
The exchange refuses orders outside the range, so the cheapest possible offer is exactly the
minimum: this bot buys every offer at the minimum and sells into every bid at the maximum.
With --floor/--ceiling you can use your own, tighter range (no longer risk-free!).

    /usr/bin/python3 examples/arbitrage.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN \
        [--market NAME_OR_ID ...] [--duration SECONDS] [--max-position N] [--max-loss X]
"""

import logging
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # find exchange_client

from exchange_client import BID, OFFER  # noqa: E402
from exchange_client.bot import Bot, RiskLimits, argument_parser  # noqa: E402

log = logging.getLogger("arbitrage")


def arbitrage(bot: Bot) -> None:
    client = bot.client
    me = client.acting_as
    log.info("watching %d market(s) for offers <= min and bids >= max", len(bot.markets()))
    # React to every change of the books: wait for a message, then look again.
    while bot.wait_for_update(1.0) and bot.check_loss():
        for market in bot.markets():
            if not market.HasField("open"):
                continue  # settled
            floor = max(market.min_settlement, bot.args.floor if bot.args.floor is not None else market.min_settlement)
            ceiling = min(market.max_settlement, bot.args.ceiling if bot.args.ceiling is not None else market.max_settlement)

            # Someone sells at (or below) the floor: buy it. Our order is priced at their
            # offer, so it matches immediately at that price.
            offer = client.state.best_offer(market.id, exclude_account=me)
            if offer is not None and offer.price <= floor:
                created = bot.place(market.id, BID, offer.price, offer.size)
                if created is not None:
                    log.info("%s: bought %.2f at %.2f (min %.2f)", market.name,
                             sum(f.size_filled for f in created.fills), offer.price, market.min_settlement)
                    cancel_rest(bot, created)

            # Someone buys at (or above) the ceiling: sell to them.
            bid = client.state.best_bid(market.id, exclude_account=me)
            if bid is not None and bid.price >= ceiling:
                created = bot.place(market.id, OFFER, bid.price, bid.size)
                if created is not None:
                    log.info("%s: sold %.2f at %.2f (max %.2f)", market.name,
                             sum(f.size_filled for f in created.fills), bid.price, market.max_settlement)
                    cancel_rest(bot, created)


def cancel_rest(bot: Bot, created) -> None:
    """If part of our order did not fill (someone was faster), do not leave it resting."""
    if created.HasField("order"):
        bot.cancel(created.order.id)


if __name__ == "__main__":
    parser = argument_parser("Buy at or below a market's minimum settlement, sell at or above its maximum.")
    RiskLimits.add_arguments(parser, max_position=20, max_order_size=10, max_loss=100)
    parser.add_argument("--floor", type=float, default=None, help="buy at or below this (default: market minimum)")
    parser.add_argument("--ceiling", type=float, default=None, help="sell at or above this (default: market maximum)")
    sys.exit(Bot(parser.parse_args()).run(arbitrage))
