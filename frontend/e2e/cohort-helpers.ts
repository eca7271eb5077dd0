// Helpers shared by the cohort suites (universes, members, renames): one server and one
// browser per suite, a page per person, test-token sign-in, and the markets a page lists.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ExchangeServer, WireClient, launchChromium, signIn, type Person } from './harness';

/** A suite's server, browser and pages; `close` ends them all. */
export class Suite {
  server = new ExchangeServer();
  browser!: Browser;
  readonly contexts: BrowserContext[] = [];
  readonly pageErrors: string[] = [];
  readonly wires: WireClient[] = [];

  async start(): Promise<void> {
    await this.server.start();
    this.browser = await launchChromium();
  }

  /** A page in a new browser context (its own local storage, i.e. its own person). */
  async newPage(width = 1280, height = 900): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width, height } });
    this.contexts.push(context);
    return this.watch(await context.newPage());
  }

  /** Another tab of the same person (same context, same session). */
  async anotherTab(page: Page): Promise<Page> {
    return this.watch(await page.context().newPage());
  }

  private watch(page: Page): Page {
    page.on('pageerror', (e) => this.pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
    return page;
  }

  /** A protocol client for setup steps, signed in as `who` on `cohort`'s socket. */
  async wire(who: Person, cohort: string): Promise<WireClient> {
    const client = await WireClient.connect(this.server.url, who.jwt!, who.idJwt ?? '', cohort);
    this.wires.push(client);
    return client;
  }

  async close(): Promise<void> {
    for (const wire of this.wires) wire.close();
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser?.close();
    await this.server.dispose();
  }
}

/**
 * The test token of a person (`test::<subject>::<name>::<admin>[::<email>::<join>]`, cohorts.md
 * 3.1). `join: false` turns off dev-mode auto-enrolment, so the person is admitted only as a
 * member (or as an auction guest), like a real sign-in.
 */
export function testToken(who: Person, join = true): string {
  const base = `test::${who.name}::${who.name}::${who.admin}`;
  return join ? base : `${base}::${who.name}@example.test::false`;
}

/** Signs in with a test token through `/?testToken=` and waits until the app is in a cohort. */
export async function signInWithToken(page: Page, suite: Suite, who: Person, join = true): Promise<void> {
  if (join) {
    await signIn(page, suite.server, 'test-tokens', who);
    return;
  }
  const token = testToken(who, false);
  await page.goto(`${suite.server.url}/?testToken=${encodeURIComponent(token)}`);
  who.jwt = token;
  who.idJwt = '';
}

/** The rows of a market list with that name. */
export function marketRows(page: Page, name: string): Locator {
  return page.locator('[data-testid=market-row]', { hasText: name });
}

/** The id of a `Market` reply (0 when the reply was something else). */
export function marketIdOf(reply: Awaited<ReturnType<WireClient['request']>>): bigint {
  return reply.message.case === 'market' ? reply.message.value.id : 0n;
}

/** Creates a market through a protocol client, in the universe of the account it acts as. */
export async function createMarket(wire: WireClient, name: string): Promise<bigint> {
  const reply = await wire.request({ case: 'createMarket', value: { name, description: 'cohort e2e', minSettlement: 0, maxSettlement: 100 } });
  const id = marketIdOf(reply);
  if (id === 0n) throw new Error(`createMarket ${name}: no Market in the reply`);
  return id;
}
