// The web app's part of backend/tests/deploy/nginx_split_test.py (an exchange split over two
// processes behind nginx): Chromium logs in through the proxy over HTTPS, opens a market of a
// cohort, sees the offer resting there and buys it, and waits until the page shows the trade
// and the position. Plain JavaScript on playwright-core (no vitest: the Python test runs it
// with its own servers). Exits non-zero with a reason on any failure.
//
// node e2e/split-proxy.mjs --base https://localhost:PORT --name NAME --password PASSWORD
//                          --market-path /<cohort>/market/<id> --price 55 --size 3
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'market-path': { type: 'string' },
    price: { type: 'string' },
    size: { type: 'string' },
  },
});
for (const key of ['base', 'name', 'password', 'market-path', 'price', 'size']) {
  if (!args[key]) throw new Error(`--${key} is required`);
}

/** Polls until `check` is true (bounded; each try is a real look at the page). */
async function eventually(what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

const text = async (locator) => ((await locator.first().textContent({ timeout: 1_000 })) ?? '').trim();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  // The test's certificate comes from a throw-away CA that Chromium does not know.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();

  await page.goto(`${args.base}/login`);
  await page.fill('#name', args.name);
  await page.fill('#password', args.password);
  await page.getByTestId('auth-submit').click();
  await eventually('a stored session after login', async () =>
    Boolean(JSON.parse((await page.evaluate(() => localStorage.getItem('exchange.session'))) ?? '{}').accessToken),
  );
  console.log('web app: logged in through the proxy');

  await page.goto(`${args.base}${args['market-path']}`);
  await page.waitForSelector('[data-testid=connection-status][data-status=ready]', { timeout: 20_000 });
  await page.getByTestId('market-page').waitFor();
  const offers = page.locator('[data-testid=order-book] [data-testid=offer-level]');
  await eventually('the resting offer in the book', async () => (await offers.count()) === 1);
  console.log(`web app: sees the offer ${await text(offers)}`);

  await page.getByTestId('side-buy').click();
  await page.getByTestId('order-price').fill(args.price);
  await page.getByTestId('order-size').fill(args.size);
  await page.getByTestId('place-order').click();
  const trades = page.locator('[data-testid=trade-tape] [data-testid=trade]');
  await eventually('the trade on the tape', async () => (await trades.count()) === 1);
  const position = page.getByTestId('position');
  const expected = `+${Number(args.size).toFixed(2)}`;
  await eventually(`position ${expected}`, async () => (await text(position)) === expected);
  await eventually('the offer gone from the book', async () => (await offers.count()) === 0);
  console.log(`web app: bought, trade ${await text(trades)}, position ${expected}`);
  await context.close();
} finally {
  await browser.close();
}
