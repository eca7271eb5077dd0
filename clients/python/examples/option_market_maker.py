#!/usr/bin/python3
"""Option market maker: quote every option market on an underlying around a fair value taken
from the underlying's order book, and re-quote whenever that book moves.

The model (no Black-Scholes needed): we think the underlying will settle at a price X that is
normally distributed around the middle of its book ("mid"), with a standard deviation of
--vol times the width of its settlement range. A call with strike K pays max(0, X - K) and a
put max(0, K - X); their expected payoffs have a closed form (Phi is the normal distribution
function, phi its density):

    d    = (mid - K) / sd
    call = (mid - K) * Phi(d)  + sd * phi(d)
    put  = (K - mid) * Phi(-d) + sd * phi(d)

With --vol 0 this is just the intrinsic value at the mid; the more uncertain the underlying,
the more an option is worth on top of it. We bid --edge below the fair value and offer --edge
above it, inside the option's own bounds.

    /usr/bin/python3 examples/option_market_maker.py --url ws://localhost:8080/api [--cohort NAME] \
        --token TOKEN [--market UNDERLYING ...] [--vol 0.1] [--edge 1] [--size 1] [--duration SECONDS]

--market names the underlyings (default: every market that has options). Ideas to improve it:
skew the quotes against your position, hedge with the underlying, exercise contracts that are
in the money (client.get_option_contracts, client.exercise_option; see docs/options.md).
"""

import argparse
import math
import pathlib
import sys

try:
    import exchange_client  # noqa: F401 - installed with pip
except ImportError:  # run from a clone without installing: use the copy next to this file
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from exchange_client import proto  # noqa: E402
from exchange_client.strategy import Strategy  # noqa: E402
from exchange_client.strategy_runner import strategy_main  # noqa: E402


def fair_value(mid: float, strike: float, is_call: bool, sd: float) -> float:
    """Expected payoff of a call or put when the underlying settles ~ Normal(mid, sd)."""
    if sd <= 0:
        return max(0.0, mid - strike) if is_call else max(0.0, strike - mid)
    d = (mid - strike) / sd
    cdf = 0.5 * (1 + math.erf(d / math.sqrt(2)))
    pdf = math.exp(-d * d / 2) / math.sqrt(2 * math.pi)
    return (mid - strike) * cdf + sd * pdf if is_call else (strike - mid) * (1 - cdf) + sd * pdf


class OptionMarketMaker(Strategy):
    timer_interval = 10.0  # also re-quote now and then: refills traded quotes, finds new options
    vol, edge, size = 0.1, 1.0, 1.0

    def on_start(self, ctx):
        self.quoted_mid = {}  # underlying id -> the mid we last quoted from

    def on_book(self, ctx, market_id, book):
        if book.mid is not None and book.mid != self.quoted_mid.get(market_id):
            self.requote(ctx, market_id)  # only books that some option is written on matter

    def on_fill(self, ctx, fill):
        info = ctx.client.state.option_info(fill.market_id)
        if info is not None:  # one of our option quotes traded: put it back
            self.requote(ctx, info.underlying_market_id)

    def on_timer(self, ctx):
        for option in ctx.client.state.option_markets():
            if self.markets is None or option.option.underlying_market_id in self.markets:
                self.requote(ctx, option.option.underlying_market_id)

    def requote(self, ctx, underlying_id):
        state = ctx.client.state
        underlying, mid = state.market(underlying_id), ctx.book(underlying_id).mid
        if underlying is None or mid is None:
            return  # no price to start from: leave the quotes as they are
        self.quoted_mid[underlying_id] = mid
        sd = self.vol * (underlying.max_settlement - underlying.min_settlement)
        for option in state.option_markets(underlying=underlying_id):
            if option.status != proto.MARKET_STATUS_OPEN:  # paused markets take no orders
                continue
            fair = fair_value(mid, option.option.strike_price, option.option.is_call, sd)
            low, high = option.min_settlement, option.max_settlement
            bid = round(min(max(fair - self.edge, low), high - 0.01), 2)
            offer = round(max(min(fair + self.edge, high), bid + 0.01), 2)
            ctx.quote(option.id, bid, offer, self.size)
            ctx.log(f"{option.name}: fair {fair:.2f} from mid {mid:.2f}, quoting {bid:.2f} / {offer:.2f}")


if __name__ == "__main__":
    # Our own options first; the rest are those of every starter bot (--market, --duration...).
    extra = argparse.ArgumentParser(add_help=False)
    for name, default, text in (("--vol", 0.1, "standard deviation as a fraction of the underlying's range"),
                                ("--edge", 1.0, "distance of the bid and the offer from the fair value"),
                                ("--size", 1.0, "size of each quote")):
        extra.add_argument(name, type=float, default=default, help=f"{text} (default: %(default)s)")
    settings, rest = extra.parse_known_args()
    strategy = OptionMarketMaker()
    strategy.vol, strategy.edge, strategy.size = settings.vol, settings.edge, settings.size
    description = "Quote option markets around a fair value. Also: --vol, --edge, --size (see the file's top)."
    raise SystemExit(strategy_main(strategy, description, rest))
