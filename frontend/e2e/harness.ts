// Browser-test harness: starts the real exchange server on a free port, launches Debian's
// Chromium through playwright-core, and re-exports the protocol client for setup steps the UI
// does not cover (wire-client.ts). Missing pieces fail loudly: no skipping.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const frontendBuild = resolve(here, '..', 'build');
export const screenshotDir = process.env.SCREENSHOT_DIR ?? join(repoRoot, 'build', 'screenshots');

function requireFile(path: string, what: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: ${hint}`);
  return path;
}

export function exchangeBinary(): string {
  return requireFile(
    process.env.EXCHANGE_BIN ?? join(repoRoot, 'build', 'bin', 'exchange'),
    'The exchange server binary',
    'build it with `cmake -S . -B build -G Ninja && cmake --build build --target exchange` (or set EXCHANGE_BIN)',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The instructor setup code the test servers are started with (`--setup-code`): with built-in
 * sign-in nobody is admin until someone registers through `/login?setup=<code>`.
 */
export const E2E_SETUP_CODE = 'e2e-instructor-setup-7Q4M';

let setupFlagKnown: boolean | undefined;
/** Whether this server binary has `--setup-code` (issue 13); older ones made the first user admin. */
export function serverHasSetupCode(): boolean {
  if (setupFlagKnown === undefined) {
    const help = spawnSync(exchangeBinary(), ['--help'], { encoding: 'utf8', timeout: 10_000 });
    setupFlagKnown = `${help.stdout ?? ''}${help.stderr ?? ''}`.includes('--setup-code');
  }
  return setupFlagKnown;
}

/** One exchange server process with its own data directory; restartable on the same port. */
export class ExchangeServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'exchange-e2e-'));
  /** The one-time instructor code this server was started with; '' when the binary has none. */
  setupCode = '';
  private process: ChildProcess | null = null;
  private log: string[] = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const binary = exchangeBinary();
    requireFile(join(frontendBuild, 'index.html'), 'The built web app', 'run `npm run build` in frontend/');
    if (!this.port) this.port = await freePort();
    this.setupCode = serverHasSetupCode() ? E2E_SETUP_CODE : '';
    const child = spawn(
      binary,
      [
        '--port', String(this.port),
        '--address', '127.0.0.1',
        '--data-dir', this.dataDir,
        '--web-dir', frontendBuild,
        '--insecure-test-auth',
        '--log-level', 'warn',
        ...(this.setupCode ? ['--setup-code', this.setupCode] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    const keep = (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 200) this.log.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exchange exited with ${child.exitCode}:\n${this.log.join('')}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`exchange did not become healthy on port ${this.port}:\n${this.log.join('')}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = requireFile(
    process.env.CHROMIUM ?? '/usr/bin/chromium',
    'Chromium',
    'install Debian’s chromium (apt-get install chromium) or set CHROMIUM',
  );
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Polls until `check` returns true (Playwright's expect is not part of playwright-core). */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = 15_000): Promise<void> {
  let last = '';
  try {
    await eventually(
      `text ${expected}`,
      async () => {
        last = ((await locator.first().textContent({ timeout: 1_000 })) ?? '').trim();
        return typeof expected === 'string' ? last === expected : expected.test(last);
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`Expected ${locator} to have text ${expected}, last saw "${last}"`);
  }
}

export async function expectCount(locator: Locator, count: number, timeoutMs = 15_000): Promise<void> {
  let last = -1;
  try {
    await eventually(`${count} matches`, async () => (last = await locator.count()) === count, timeoutMs);
  } catch {
    throw new Error(`Expected ${count} of ${locator}, saw ${last}`);
  }
}

export async function waitReady(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForSelector('[data-testid=connection-status][data-status=ready]', { timeout: timeoutMs });
}

/** After sign-in: the app enters a cohort and gets ready; says so when it found no cohort. */
export async function waitReadyInCohort(page: Page, timeoutMs = 20_000): Promise<void> {
  const settle = <T extends string>(p: Promise<unknown>, what: T) => p.then(() => what).catch(() => 'timeout' as const);
  const outcome = await Promise.race([
    settle(waitReady(page, timeoutMs), 'ready'),
    settle(page.getByTestId('no-cohort').waitFor({ timeout: timeoutMs }), 'no cohort'),
    settle(page.getByTestId('cohort-picker').waitFor({ timeout: timeoutMs }), 'picker'),
  ]);
  if (outcome === 'timeout') await waitReady(page, 1); // the usual error
  if (outcome !== 'ready') throw new Error(`signed in, but the app shows ${outcome === 'picker' ? 'the cohort picker' : '"not authorized for any cohort"'} (${page.url()})`);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

export { WireClient } from './wire-client';

// ---------------------------------------------------------------------------------------
// Signing people in, shared by the browser suites.

export type AuthMode = 'builtin' | 'test-tokens';

/** Built-in registration when the server offers it (E2E_AUTH=test-tokens forces test tokens). */
export async function authMode(server: ExchangeServer): Promise<AuthMode> {
  if (process.env.E2E_AUTH === 'test-tokens') return 'test-tokens';
  const config = await fetch(`${server.url}/api/config`);
  if (!config.ok) return 'test-tokens';
  const body = (await config.json()) as { auth?: string; registration?: string };
  return body.auth === 'builtin' && body.registration === 'open' ? 'builtin' : 'test-tokens';
}

export interface Person {
  name: string;
  password: string;
  /** Admin role: with built-in sign-in, registered through the instructor setup link. */
  admin: boolean;
  /** Filled in by signIn: the tokens the page used, for WireClient. */
  jwt?: string;
  idJwt?: string;
}

/** The login page; for registering an admin, the instructor setup link (`/login?setup=<code>`). */
export function loginUrl(server: ExchangeServer, admin: boolean, register: boolean): string {
  return `${server.url}/login${admin && register && server.setupCode ? `?setup=${encodeURIComponent(server.setupCode)}` : ''}`;
}

/**
 * Signs a person in through the UI (registering on first use) and waits for the snapshot.
 * With built-in sign-in an admin registers through the setup link (only one admin per server).
 */
export async function signIn(page: Page, server: ExchangeServer, mode: AuthMode, who: Person, register = true): Promise<void> {
  if (mode === 'builtin') {
    await page.goto(loginUrl(server, who.admin, register));
    if (register) await page.getByTestId('tab-register').click();
    await page.fill('#name', who.name);
    await page.fill('#password', who.password);
    if (register) await page.fill('#password2', who.password);
    await page.getByTestId('auth-submit').click();
    await waitReadyInCohort(page);
    const session = await page.evaluate(() => localStorage.getItem('exchange.session'));
    const parsed = JSON.parse(session ?? '{}') as { accessToken?: string; idToken?: string };
    if (!parsed.accessToken) throw new Error('no session stored after sign-in');
    who.jwt = parsed.accessToken;
    who.idJwt = parsed.idToken ?? '';
  } else {
    const token = `test::${who.name}::${who.name}::${who.admin}`;
    await page.goto(`${server.url}/?testToken=${encodeURIComponent(token)}`);
    await waitReadyInCohort(page);
    who.jwt = token;
    who.idJwt = '';
  }
}

/** The cohort the page is in (or was last in): the app remembers it in local storage. */
export async function cohortOf(page: Page): Promise<string> {
  const cohort = await page.evaluate(() => localStorage.getItem('exchange.lastCohort'));
  if (!cohort) throw new Error(`no cohort entered (at ${page.url()})`);
  return cohort;
}

/** The cohort HTTP API (cohorts.md 7) with a bearer token; returns the parsed JSON body. */
export async function cohortApi<T = unknown>(server: ExchangeServer, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface CohortsBody {
  cohorts: { id: number; name: string; auctions_enabled: boolean }[];
  default_cohort: string | null;
}

/** The default cohort (else the only one) as the admin sees it, with auctions switched on. */
export async function enableAuctions(server: ExchangeServer, adminToken: string): Promise<string> {
  const body = await cohortApi<CohortsBody>(server, adminToken, 'GET', '/api/cohorts');
  const cohort = body.cohorts.find((c) => c.name === body.default_cohort) ?? body.cohorts[0];
  if (!cohort) throw new Error('the server has no cohort');
  if (!cohort.auctions_enabled) await cohortApi(server, adminToken, 'PUT', `/api/admin/cohorts/${cohort.name}`, { auctions_enabled: true });
  return cohort.name;
}

/** A small valid PNG (solid colour, 24-bit RGB), made here so the test ships no binary. */
export function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What a watched page reported: uncaught errors, and Content Security Policy violations. */
export interface PageProblems {
  pageErrors: string[];
  cspProblems: string[];
}

// Runs in every document before the app: reports CSP violations through the console.
const reportCspViolations = () => {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(
      `securitypolicyviolation: Content Security Policy directive ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ` +
        `at ${e.sourceFile}:${e.lineNumber}`,
    );
  });
};

/** A page in `context` whose page errors and CSP violations are collected into `problems`. */
export async function watchedPage(context: BrowserContext, label: string, problems: PageProblems): Promise<Page> {
  await context.addInitScript(reportCspViolations);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.pageErrors.push(`${label}: ${e.message}\n${e.stack ?? ''}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/content[- ]security[- ]policy|securitypolicyviolation/i.test(text)) problems.cspProblems.push(`${label} ${page.url()}: ${text}`);
  });
  return page;
}
