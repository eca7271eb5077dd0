// Integration tests against the real server: the client's requests and reconnection, and the
// starter market maker run as a program (as a student would) while another client trades
// against it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExchangeClient, RequestError, Side } from '../src/client.ts';
import { TestServer, eventually } from './server.ts';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = new TestServer();
const clients: ExchangeClient[] = [];
let admin: ExchangeClient;

async function login(subject: string, isAdmin = false): Promise<ExchangeClient> {
  const client = await ExchangeClient.connect({ url: server.url, token: token(subject, isAdmin) });
  clients.push(client);
  return client;
}
const token = (subject: string, isAdmin = false) => `test::${subject}::${subject}::${isAdmin}`;

/** A user with money (logging in once creates the account). */
async function fundedUser(subject: string, amount = 10_000): Promise<ExchangeClient> {
  const client = await login(subject);
  await admin.makeTransfer(admin.userId!, client.userId!, amount, 'test funding');
  await eventually('the funding', () => (client.portfolio()?.totalBalance ?? 0) >= amount);
  return client;
}

/** Runs src/market_maker.ts as a student would; output collects its log. */
function startBot(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--preserve-symlinks', '--import', 'tsx', join('src', 'market_maker.ts'), ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => output, exited };
}

before(async () => {
  await server.start();
  admin = await login('ts-admin', true);
});

after(async () => {
  for (const client of clients) client.close();
  await server.stop();
});

describe('ExchangeClient', () => {
  test('requests resolve with their result, fail with RequestError, and the client reconnects', async () => {
    const market = await admin.createMarket('Client test market', 0, 100);
    await eventually('the market in the local state', () => admin.market(market.id));
    const user = await fundedUser('ts-client');

    const created = await user.createOrder(market.id, Side.BID, 40, 2);
    assert.ok(created.order, 'the bid rests on the book');
    assert.equal(user.book(market.id).bestBid()?.id, created.order.id);
    // Everyone sees it (the admin's book is kept from the published OrderCreated).
    await eventually('the bid in another client', () => admin.book(market.id).bestBid()?.price === 40);

    await assert.rejects(user.createOrder(market.id, Side.BID, 500, 1), (error: unknown) => {
      assert.ok(error instanceof RequestError);
      assert.equal(error.kind, 'CreateOrder');
      assert.ok(error.detail.length > 0);
      return true;
    });

    // Drop the connection under the client: it logs in again and rebuilds the book.
    const readyAgain = new Promise<void>((r) => user.on('ready', () => r()));
    (user as unknown as { socket: { terminate(): void } }).socket.terminate();
    await readyAgain;
    assert.equal(user.book(market.id).bestBid()?.id, created.order.id);
    await user.out(market.id);
    await eventually('the cancellation', () => user.book(market.id).orders.size === 0);
  });

  test('a refused token fails connect()', async () => {
    await assert.rejects(
      ExchangeClient.connect({ url: server.url, token: 'not-a-token', reconnect: false }),
      (error: unknown) => error instanceof RequestError,
    );
  });
});

describe('market_maker.ts', () => {
  test('quotes, trades, re-quotes within its position limit and cancels its orders on Ctrl-C', async () => {
    const market = await admin.createMarket('TS bot market', 0, 100);
    const bot = await fundedUser('ts-bot');
    const botId = bot.userId!;
    const taker = await fundedUser('ts-taker');
    const book = taker.book(market.id);
    const botOrders = (side: Side) => book.ordersOf(botId).filter((o) => o.side === side);

    const run = startBot(['--url', server.url, '--token', token('ts-bot'), '--market', String(market.id),
                          '--fair', '50', '--spread', '2', '--size', '2', '--max-position', '3', '--duration', '60']);
    const failure = run.exited.then((code) => {
      throw new Error(`the bot exited early (${code}):\n${run.output()}`);
    });
    const waitFor = <T>(what: string, check: () => T | undefined | null | false) =>
      Promise.race([eventually(what, check, 15_000), failure]).catch((error: Error) => {
        throw new Error(`${error.message}\nbot output:\n${run.output()}`);
      });

    // 1. It quotes 2 @ 49 / 2 @ 51.
    const firstBid = await waitFor('the bot\'s quotes', () => {
      const [bid] = botOrders(Side.BID);
      const [offer] = botOrders(Side.OFFER);
      return bid?.price === 49 && bid.size === 2 && offer?.price === 51 && offer.size === 2 && bid;
    });

    // 2. We sell 1 into its bid: a trade, and it tops its bid back up to 2.
    const sold = await taker.createOrder(market.id, Side.OFFER, 49, 1);
    assert.equal(sold.trades.length, 1);
    assert.equal(sold.trades[0].buyerId, botId);
    await waitFor('the fill in the bot\'s log', () => run.output().includes('filled: bought 1.00 at 49.00'));
    await waitFor('a new bid of 2', () => {
      const [bid] = botOrders(Side.BID);
      return bid && bid.id !== firstBid.id && bid.size === 2 && bid.price === 49;
    });

    // 3. We sell 2 more: it is long 3 = --max-position, so it stops bidding (and still offers).
    await taker.createOrder(market.id, Side.OFFER, 49, 2);
    await waitFor('no bid at the position limit', () => botOrders(Side.BID).length === 0 && botOrders(Side.OFFER)[0]?.size === 2);
    assert.equal(taker.position(market.id), -3);

    // 4. Ctrl-C: it cancels its orders and exits cleanly.
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /stopping: Ctrl-C/);
    assert.match(run.output(), /cancelled all orders/);
    await eventually('its orders gone', () => book.ordersOf(botId).length === 0);
    await eventually('its position of 3', () => bot.position(market.id) === 3);
  });

  test('without --fair it quotes around the others\' mid, and stops after --duration', async () => {
    const market = await admin.createMarket('TS bot mid market', 0, 100);
    const bot = await fundedUser('ts-bot-2');
    const other = await fundedUser('ts-other');
    await other.createOrder(market.id, Side.BID, 40, 1);
    await other.createOrder(market.id, Side.OFFER, 60, 1);

    const run = startBot(['--url', server.url, '--token', token('ts-bot-2'), '--market', 'TS bot mid market',
                          '--spread', '4', '--size', '1', '--duration', '2.5']);
    const book = other.book(market.id);
    await eventually('quotes at 48 / 52', () => {
      const mine = book.ordersOf(bot.userId!);
      return mine.some((o) => o.side === Side.BID && o.price === 48) && mine.some((o) => o.side === Side.OFFER && o.price === 52);
    }, 15_000).catch((error: Error) => {
      throw new Error(`${error.message}\nbot output:\n${run.output()}`);
    });
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /stopping: --duration/);
    await eventually('its orders gone', () => book.ordersOf(bot.userId!).length === 0);
    assert.equal(book.orders.size, 2); // the other trader's orders stay
  });
});
