// Starter bot: a market maker. It keeps one bid and one offer in a market, around a fair
// value, and moves them whenever the book changes.
//
//   npm run market-maker -- --url ws://localhost:8080/api --token "$EXCHANGE_TOKEN" --market 3 \
//       [--fair 50] [--spread 2] [--size 1] [--max-position 10] [--duration 60]
//
// How it quotes (see targetQuotes below):
//   1. Fair value: --fair if given, else the middle of the *other* traders' best bid and offer,
//      else the last fair value it used, else the middle of the market's settlement range.
//   2. Bid at fair - spread/2, offer at fair + spread/2, rounded to the cent, inside the range.
//   3. Never cross the others' orders by accident (a bid at or above their best offer would
//      trade at once): stay one cent away.
//   4. Respect --max-position: bid at most (max - position), offer at most (max + position).
// It only replaces an order when its price or size should change, logs every fill, and on
// Ctrl-C (or when --duration runs out) cancels all its orders in the market before exiting.
//
// Ideas for making it yours: skew the quotes against your position, quote several levels,
// estimate fair value from trades, stop after losing too much.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Market, Order, ServerMessage } from '@exchange/schema';
import type { Book } from './book.ts';
import { ConnectionError, ExchangeClient, RequestError, Side, round } from './client.ts';

const TICK = 0.01; // prices and sizes have two decimals

export interface QuoteSettings {
  /** Fixed fair value, or undefined to follow the book. */
  fair?: number;
  /** Distance between our bid and our offer. */
  spread: number;
  /** Size of each quote. */
  size: number;
  /** Largest position (long or short) we accept. */
  maxPosition: number;
}

/** One quote: price and size (size 0 = no order on that side). */
export interface Quote {
  price: number;
  size: number;
}

/**
 * The bid and offer we want, given the market, its book, our account and position. A pure
 * function (no I/O): easy to test and to change. `previousFair` is the fair value used last time.
 */
export function targetQuotes(
  market: Pick<Market, 'minSettlement' | 'maxSettlement'>,
  book: Book,
  me: bigint,
  position: number,
  settings: QuoteSettings,
  previousFair?: number,
): { fair: number; bid: Quote; offer: Quote } {
  const low = market.minSettlement;
  const high = market.maxSettlement;
  const theirBid = book.bestBid(me); // the best price of everybody except us
  const theirOffer = book.bestOffer(me);

  // 1. Fair value.
  const fair = settings.fair ?? book.mid(me) ?? previousFair ?? (low + high) / 2;

  // 2. Prices around it.
  const half = Math.max(TICK, settings.spread / 2);
  let bid = round(fair - half, 2);
  let offer = round(fair + half, 2);

  // 3. Do not trade with the others by accident, and stay inside the settlement range.
  if (theirOffer) bid = Math.min(bid, round(theirOffer.price - TICK, 2));
  if (theirBid) offer = Math.max(offer, round(theirBid.price + TICK, 2));
  bid = Math.min(Math.max(bid, low), round(high - TICK, 2));
  offer = Math.max(Math.min(offer, high), round(low + TICK, 2));
  if (offer <= bid) offer = round(bid + TICK, 2); // our own two orders must not match each other

  // 4. Position limit: buying adds to the position, selling takes from it.
  const bidSize = round(Math.max(0, Math.min(settings.size, settings.maxPosition - position)), 2);
  const offerSize = round(Math.max(0, Math.min(settings.size, settings.maxPosition + position)), 2);
  return { fair, bid: { price: bid, size: bidSize }, offer: { price: offer, size: offerSize } };
}

const sideName = (side: Side) => (side === Side.BID ? 'bid' : 'offer');

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);
}

/** The bot: one market, one order per side. */
export class MarketMaker {
  private previousFair: number | undefined;
  private busy = false; // a requote is running
  private again = false; // the book moved while it was running: requote once more
  private stopping = false;

  constructor(
    private readonly client: ExchangeClient,
    private readonly marketId: bigint,
    private readonly settings: QuoteSettings,
  ) {}

  start(): void {
    // Re-quote when anything happens in our market, and log our fills.
    this.client.on('message', (message) => this.onMessage(message));
    // After a reconnection the server has a new snapshot for us: quote again.
    this.client.on('ready', () => this.requote());
    this.requote();
  }

  /** Stops quoting and cancels all our orders in the market (the Out request). */
  async stop(): Promise<void> {
    this.stopping = true;
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10)); // let a requote finish
    try {
      await this.client.out(this.marketId);
      log('cancelled all orders');
    } catch (error) {
      log(`could not cancel our orders: ${(error as Error).message}`);
    }
  }

  private onMessage(message: ServerMessage): void {
    const m = message.message;
    const me = this.client.actingAs;
    if (m.case === 'orderCreated' && m.value.marketId === this.marketId) {
      // Someone's order traded with our resting order: it shows up in `fills`.
      for (const fill of m.value.fills) {
        if (fill.ownerId !== me) continue;
        const verb = fill.side === Side.BID ? 'bought' : 'sold';
        log(`filled: ${verb} ${fill.sizeFilled.toFixed(2)} at ${fill.price.toFixed(2)} (${fill.sizeRemaining.toFixed(2)} left on that order)`);
      }
    }
    if (m.case === 'portfolioUpdated' && m.value.accountId === me) {
      // Our position changed (or the money did): the position limit may allow other sizes.
      this.requote();
      return;
    }
    if (
      (m.case === 'orderCreated' && m.value.marketId === this.marketId) ||
      (m.case === 'ordersCancelled' && m.value.marketId === this.marketId) ||
      (m.case === 'orders' && m.value.marketId === this.marketId)
    ) {
      this.requote();
    }
  }

  /** Runs updateQuotes, one at a time; a change during a run asks for one more run. */
  private requote(): void {
    if (this.stopping || !this.client.isReady) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.updateQuotes()
      .catch((error: Error) => {
        if (error instanceof ConnectionError) log(`requote interrupted: ${error.message}`);
        else log(`requote failed: ${error.message}`);
      })
      .finally(() => {
        this.busy = false;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.requote());
        }
      });
  }

  private async updateQuotes(): Promise<void> {
    const market = this.client.market(this.marketId);
    const me = this.client.actingAs;
    if (!market || me === null) return;
    if (market.marketState.case !== 'open' || market.status !== 0) return; // settled or paused
    const book = this.client.book(this.marketId);
    const position = this.client.position(this.marketId);
    const target = targetQuotes(market, book, me, position, this.settings, this.previousFair);
    if (target.fair !== this.previousFair) log(`fair value ${target.fair.toFixed(2)}, position ${position}`);
    this.previousFair = target.fair;
    const mine = book.ordersOf(me);
    await this.quoteSide(Side.BID, target.bid, mine.filter((o) => o.side === Side.BID));
    await this.quoteSide(Side.OFFER, target.offer, mine.filter((o) => o.side === Side.OFFER));
  }

  /** Makes our orders on one side be exactly `quote` (cancel and replace when they differ). */
  private async quoteSide(side: Side, quote: Quote, current: Order[]): Promise<void> {
    if (this.stopping) return;
    const [first, ...extra] = current;
    if (first && extra.length === 0 && first.price === quote.price && Math.abs(first.size - quote.size) < TICK / 2) {
      return; // already quoting what we want
    }
    for (const order of current) {
      try {
        await this.client.cancelOrder(order.id);
      } catch (error) {
        // It may have traded or been cancelled meanwhile: the book will tell us.
        if (!(error instanceof RequestError)) throw error;
      }
    }
    if (quote.size < TICK || this.stopping) return;
    const created = await this.client.createOrder(this.marketId, side, quote.price, quote.size);
    log(`quoting ${sideName(side)} ${quote.size.toFixed(2)} @ ${quote.price.toFixed(2)}`);
    for (const trade of created.trades) {
      log(`traded on arrival: ${trade.size.toFixed(2)} at ${trade.price.toFixed(2)}`);
    }
  }
}

// -----------------------------------------------------------------------------------------
// Command line.

const USAGE = `usage: market_maker.ts --token TOKEN --market ID_OR_NAME [options]
  --url URL             exchange WebSocket API (default ws://localhost:8080/api)
  --token TOKEN         bot token from the web app's /bots page (default $EXCHANGE_TOKEN)
  --market ID_OR_NAME   the market to quote in
  --fair PRICE          fixed fair value (default: middle of the other traders' bid and offer)
  --spread X            distance between our bid and offer (default 2)
  --size N              size of each quote (default 1)
  --max-position N      largest long or short position (default 10)
  --duration SECONDS    stop after this long (default: run until Ctrl-C)`;

function number(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, not "${value}"`);
  return parsed;
}

async function main(): Promise<number> {
  const options = {
    url: { type: 'string', default: 'ws://localhost:8080/api' },
    token: { type: 'string', default: process.env.EXCHANGE_TOKEN },
    market: { type: 'string' },
    fair: { type: 'string' },
    spread: { type: 'string' },
    size: { type: 'string' },
    'max-position': { type: 'string' },
    duration: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let values: ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];
  try {
    values = parseArgs({ options }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.token || !values.market) {
    console.error(`${values.token ? '--market' : '--token (or $EXCHANGE_TOKEN)'} is required\n${USAGE}`);
    return 2;
  }
  const settings: QuoteSettings = {
    fair: number(values.fair, 'fair'),
    spread: number(values.spread, 'spread', 2)!,
    size: number(values.size, 'size', 1)!,
    maxPosition: number(values['max-position'], 'max-position', 10)!,
  };
  const duration = number(values.duration, 'duration');

  log(`connecting to ${values.url}`);
  const client = await ExchangeClient.connect({ url: values.url, token: values.token, log });
  const market = /^\d+$/.test(values.market) ? client.market(BigInt(values.market)) : client.market(values.market);
  if (!market) {
    log(`no market "${values.market}" (markets: ${[...client.markets.values()].map((m) => `${m.id} ${m.name}`).join(', ')})`);
    client.close();
    return 1;
  }
  log(`logged in as account ${client.userId}, making a market in ${market.id} "${market.name}" ` +
      `(range ${market.minSettlement}..${market.maxSettlement})`);

  const bot = new MarketMaker(client, market.id, settings);
  bot.start();

  // Wait for Ctrl-C (SIGINT), SIGTERM or the end of --duration, whichever comes first.
  const reason = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('Ctrl-C'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (duration !== undefined) setTimeout(() => resolve(`--duration ${duration}s over`), duration * 1000);
  });
  log(`stopping: ${reason}`);
  process.once('SIGINT', () => process.exit(130)); // a second Ctrl-C: leave at once
  await bot.stop(); // cancel our orders before leaving
  log(`position ${client.position(market.id)}, stopped`);
  client.close();
  return 0;
}

// Run main() only when started as a program (tests import this file for targetQuotes).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      log(`error: ${error.message}`);
      process.exit(1);
    },
  );
}
