#!/usr/bin/python3
"""TWAP executor: buy or sell a quantity evenly over time (Time-Weighted Average Price).

    /usr/bin/python3 examples/twap.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN \
        --market NAME_OR_ID --side buy --quantity 10 [--duration 60] [--slices 10] \
        [--limit-price P] [--max-position N]

The quantity is split into --slices equal parts, one per interval of duration/slices seconds.
In each interval the bot sends a limit order for what it is behind schedule, priced at the best
opposite price (so it trades now) but never worse than --limit-price. Whatever does not fill
is cancelled at the end of the interval and carried over. At the end it prints the average
price it got. Default limit: the best opposite price at the start plus (buy) or minus (sell)
5% of the market's range.
"""

import logging
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # find exchange_client

from exchange_client import BID, parse_side  # noqa: E402
from exchange_client.bot import Bot, RiskLimits, argument_parser, round_down, round_price  # noqa: E402

log = logging.getLogger("twap")


def execute(bot: Bot) -> None:
    client, args = bot.client, bot.args
    market = bot.markets()[0]
    side = parse_side(args.side)
    low, high = market.min_settlement, market.max_settlement

    # The worst price we accept.
    limit = args.limit_price
    if limit is None:
        if side == BID:
            best = client.state.best_offer(market.id, exclude_account=client.acting_as)
            limit = (best.price if best else (low + high) / 2) + 0.05 * (high - low)
        else:
            best = client.state.best_bid(market.id, exclude_account=client.acting_as)
            limit = (best.price if best else (low + high) / 2) - 0.05 * (high - low)
    limit = round_price(min(max(limit, low), high))
    interval = args.execution_time / args.slices
    log.info("%s %.2f in %s over %.0fs (%d slices, limit %.2f)",
             "buying" if side == BID else "selling", args.quantity, market.name, args.execution_time, args.slices, limit)

    done = 0.0  # quantity filled
    cost = 0.0  # sum of size x price of our fills
    for slice_number in range(1, args.slices + 1):
        if not bot.running():
            break
        # How much we should have done by the end of this slice, minus what we did.
        behind = round_down(args.quantity * slice_number / args.slices - done)
        best = (client.state.best_offer if side == BID else client.state.best_bid)(
            market.id, exclude_account=client.acting_as)
        price = limit
        if best is not None:
            price = min(best.price, limit) if side == BID else max(best.price, limit)
        created = bot.place(market.id, side, price, behind) if behind > 0 else None
        if created is not None:
            for fill in created.fills:
                done += fill.size_filled
                cost += fill.size_filled * fill.price
        # Wait for the rest of the slice; resting parts may fill meanwhile.
        bot.sleep(interval)
        if created is not None and created.HasField("order"):
            order = created.order
            still = client.state.order(order.id)
            filled_later = order.size - (still.size if still is not None else 0.0)
            if still is not None:
                bot.cancel(order.id)
            done += filled_later
            cost += filled_later * order.price
        log.info("slice %d/%d: filled %.2f of %.2f", slice_number, args.slices, done, args.quantity)

    average = cost / done if done else 0.0
    print(f"TWAP done: filled {done:.2f} of {args.quantity:.2f}, average price {average:.4f}", flush=True)
    bot.stop("finished")


if __name__ == "__main__":
    parser = argument_parser("Execute a quantity evenly over time.")
    RiskLimits.add_arguments(parser, max_position=50, max_order_size=50, max_loss=1000)
    parser.add_argument("--side", required=True, choices=["buy", "sell", "bid", "offer"], help="buy or sell")
    parser.add_argument("--quantity", type=float, required=True, help="total quantity to trade")
    parser.add_argument("--slices", type=int, default=10, help="number of slices (default: %(default)s)")
    parser.add_argument("--limit-price", type=float, default=None, help="worst price accepted")
    parser.set_defaults(duration=60.0)
    args = parser.parse_args()
    if args.slices < 1 or args.duration <= 0 or args.quantity <= 0:
        parser.error("--slices, --duration and --quantity must be positive")
    # The TWAP ends by itself after --duration; give it a little extra to cancel the last slice.
    args.execution_time, args.duration = args.duration, args.duration + 5
    sys.exit(Bot(args).run(execute))
