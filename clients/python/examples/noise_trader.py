#!/usr/bin/python3
"""Noise trader: random orders around a wandering "fair value", to bring a market to life in
demos. It is not trying to make money.

    /usr/bin/python3 examples/noise_trader.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN \
        [--market NAME_OR_ID ...] [--duration SECONDS] [--rate ORDERS_PER_SECOND] \
        [--aggressiveness 0..1] [--max-position N] [--max-loss X] [--seed N]

Each step it picks a market, moves that market's fair value a little at random, and sends an
order of random size: with probability --aggressiveness a marketable one (it crosses the spread
and trades now), otherwise a passive one that rests a few cents away from the fair value. Old
resting orders are cancelled after --order-lifetime seconds. Near the position limit it trades
towards flat.
"""

import logging
import pathlib
import random
import sys
import time
from typing import Dict, List, Tuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # find exchange_client

from exchange_client import BID, OFFER, proto  # noqa: E402
from exchange_client.bot import Bot, RiskLimits, argument_parser, round_down, round_price  # noqa: E402

log = logging.getLogger("noise_trader")


def trade_noise(bot: Bot) -> None:
    client, args = bot.client, bot.args
    rng = random.Random(args.seed)
    markets = bot.markets()
    if not markets:
        log.warning("no open market to trade")
        return
    log.info("noise trading in: %s", ", ".join(m.name for m in markets))
    fair: Dict[int, float] = {m.id: bot.profit.mark(m.id) for m in markets}
    resting: List[Tuple[float, int]] = []  # (time placed, order id)

    while bot.running() and bot.check_loss():
        market = client.state.market(rng.choice(markets).id)
        if market is not None and market.HasField("open") and market.status == proto.MARKET_STATUS_OPEN:
            low, high = market.min_settlement, market.max_settlement
            width = high - low
            # Random walk of the fair value, pulled gently back towards the book's middle.
            anchor = client.state.book(market.id).mid or fair[market.id]
            value = fair[market.id] + rng.gauss(0, args.volatility * width) + 0.05 * (anchor - fair[market.id])
            fair[market.id] = value = min(max(value, low + 0.05 * width), high - 0.05 * width)

            # Side: random, but lean towards flat when the position is large.
            position = client.state.position(market.id)
            lean = position / bot.limits.max_position if bot.limits.max_position else 0.0
            side = BID if rng.random() > 0.5 + 0.4 * lean else OFFER
            size = round_down(rng.uniform(0.1, 1.0) * bot.limits.max_order_size) or 0.01

            if rng.random() < args.aggressiveness:
                # Marketable: price through the fair value by up to 3% of the range.
                price = value + (1 if side == BID else -1) * rng.uniform(0, 0.03) * width
            else:
                # Passive: rest a little away from the fair value.
                price = value - (1 if side == BID else -1) * rng.uniform(0.005, 0.03) * width
            price = round_price(min(max(price, low), high))
            created = bot.place(market.id, side, price, size)
            if created is not None and created.HasField("order"):
                resting.append((time.monotonic(), created.order.id))

        # Cancel orders that rested too long (ignore the ones that filled meanwhile).
        now = time.monotonic()
        while resting and now - resting[0][0] > args.order_lifetime:
            _, order_id = resting.pop(0)
            if client.state.order(order_id) is not None:
                bot.cancel(order_id)

        bot.sleep(rng.expovariate(args.rate))


if __name__ == "__main__":
    parser = argument_parser("Random trading around a wandering fair value (for demos).")
    RiskLimits.add_arguments(parser, max_position=10, max_order_size=3, max_loss=300)
    parser.add_argument("--rate", type=float, default=1.0, help="orders per second (default: %(default)s)")
    parser.add_argument("--aggressiveness", type=float, default=0.4,
                        help="share of orders that cross the spread (default: %(default)s)")
    parser.add_argument("--volatility", type=float, default=0.004,
                        help="fair value step, as a fraction of the range (default: %(default)s)")
    parser.add_argument("--order-lifetime", type=float, default=10.0, help="seconds before a resting order is cancelled")
    parser.add_argument("--seed", type=int, default=None, help="random seed (for repeatable runs)")
    sys.exit(Bot(parser.parse_args()).run(trade_noise))
