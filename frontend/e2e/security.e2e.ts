// Hardening (issue 13) end to end, against the real server started with `--setup-code`:
// - nobody is the instructor until someone registers through the setup link: a stranger who
//   registers first is a normal user, a wrong code is refused, the link makes the admin;
// - the server's password policy is shown as the server words it;
// - every main page, as the admin and as a student, loads under the server's Content Security
//   Policy without a single violation, and the HTML carries the security headers;
// - image uploads need the access token; name inputs stop at the server's 64 characters.
// Built-in sign-in only (that is what the setup link is for): no test tokens here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ExchangeServer,
  WireClient,
  expectCount,
  expectText,
  launchChromium,
  makePng,
  screenshot,
  signIn,
  waitReady,
  watchedPage,
  type Person,
  cohortOf,
  enableAuctions,
} from './harness';

const run = Date.now().toString(36);
const stranger: Person = { name: `stranger-${run}`, password: 'stranger pass 9', admin: false };
const teacher: Person = { name: `teacher-${run}`, password: 'teacher pass 4', admin: true };
const student: Person = { name: `student-${run}`, password: 'student pass 7', admin: false };

let server: ExchangeServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** Console messages and securitypolicyviolation events that mention the CSP, per page. */
const cspProblems: string[] = [];
let teacherPage: Page;
let studentPage: Page;
let marketId = 0n;

async function newPage(label: string, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return watchedPage(context, label, { pageErrors, cspProblems });
}

async function config(): Promise<{ auth?: string; registration?: string; setup_required?: boolean }> {
  const response = await fetch(`${server.url}/api/config`);
  expect(response.status).toBe(200);
  return response.json();
}

/** Fills and submits the register form on whatever /login page is open. */
async function register(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('tab-register').click();
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.fill('#password2', password);
  await page.getByTestId('auth-submit').click();
}

/** What the server answers a registration with, straight from the HTTP API. */
async function registerRaw(body: Record<string, string>): Promise<{ status: number; error: string }> {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as { error?: string };
  return { status: response.status, error: json.error ?? '' };
}

function checkSecurityHeaders(headers: Record<string, string>, what: string): void {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${what}: Content-Security-Policy header`).not.toBe('');
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0].toLowerCase(), d.slice(1)] as const),
  );
  expect(directives.get('default-src'), `${what}: default-src`).toContain("'self'");
  expect(directives.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(directives.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
  expect(scripts, `${what}: script-src allows no arbitrary inline script`).not.toContain("'unsafe-inline'");
  expect(scripts, `${what}: script-src allows no eval`).not.toContain("'unsafe-eval'");
  expect(headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('same-origin');
}

/** A full page load (fresh HTML, so the CSP applies to it); checks headers and waits for data. */
async function visit(page: Page, path: string, ready: string): Promise<void> {
  const response = await page.goto(`${server.url}${path}`);
  expect(response, `a response for ${path}`).not.toBeNull();
  expect(response!.headers()['content-type'] ?? '').toMatch(/text\/html/);
  checkSecurityHeaders(response!.headers(), `GET ${path}`);
  await waitReady(page);
  await page.getByTestId(ready).waitFor();
  // Charts, images and lazily loaded chunks get a moment to run into the policy.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

describe('instructor setup, password policy and the Content Security Policy', () => {
  beforeAll(async () => {
    server = new ExchangeServer();
    await server.start();
    browser = await launchChromium();
    console.log(`e2e: server on ${server.url}, setup code ${server.setupCode || '(binary has no --setup-code)'}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('starts with no instructor: the server takes --setup-code and says setup is required', async () => {
    expect(server.setupCode, 'the exchange binary accepts --setup-code (issue 13)').not.toBe('');
    const body = await config();
    expect(body.auth).toBe('builtin');
    expect(body.setup_required).toBe(true);
  });

  it('a stranger who registers first, without the setup link, is not the instructor', async () => {
    const page = await newPage('stranger');
    const response = await page.goto(`${server.url}/login`);
    checkSecurityHeaders(response!.headers(), 'GET /login');
    await page.getByTestId('tab-register').click();
    await expectText(page.getByTestId('setup-hint'), "The instructor account is created with the setup link printed on the server's console.");
    await screenshot(page, 'register-setup-hint', false);
    await register(page, stranger.name, stranger.password);
    await waitReady(page);
    // The header is complete once the markets page shows; no admin console, no admin mode.
    await page.getByTestId('nav-markets').waitFor();
    await expectCount(page.getByTestId('nav-admin'), 0);
    // And the server agrees: admin mode is refused.
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('exchange.session'))) ?? '{}');
    const wire = await WireClient.connect(server.url, session.accessToken, session.idToken ?? '');
    try {
      await expect(wire.request({ case: 'setSudo', value: { enabled: true } })).rejects.toThrow(/admin/i);
    } finally {
      wire.close();
    }
    expect((await config()).setup_required).toBe(true);
  });

  it('a wrong setup code is refused with the server’s message', async () => {
    const page = await newPage('wrong-code');
    await page.goto(`${server.url}/login?setup=not-the-code`);
    await expectText(page.getByTestId('setup-heading'), 'Create the instructor account');
    await register(page, `guess-${run}`, 'guess pass 55');
    await expectText(page.getByTestId('auth-error'), /Invalid setup code/i);
  });

  it('the setup link makes the instructor the admin, once', async () => {
    teacherPage = await newPage('teacher');
    await teacherPage.goto(`${server.url}/login?setup=${encodeURIComponent(server.setupCode)}`);
    // The link opens straight on the register tab, with its own heading.
    await expectText(teacherPage.getByTestId('setup-heading'), 'Create the instructor account');
    await teacherPage.getByTestId('register-form').waitFor();
    await expectCount(teacherPage.getByTestId('setup-hint'), 0);
    await screenshot(teacherPage, 'register-instructor', false);
    await signIn(teacherPage, server, 'builtin', teacher);
    await teacherPage.getByTestId('nav-admin').waitFor();
    await teacherPage.getByTestId('nav-admin').click();
    await teacherPage.getByTestId('admin-page').waitFor();
    expect((await config()).setup_required).toBe(false);

    // The code is spent: using it again does not make a second admin.
    const again = await newPage('second-use');
    await again.goto(`${server.url}/login?setup=${encodeURIComponent(server.setupCode)}`);
    await register(again, `late-${run}`, 'late pass 321');
    const outcome = await Promise.race([
      again.getByTestId('auth-error').waitFor().then(() => 'refused' as const),
      waitReady(again).then(() => 'registered' as const),
    ]);
    if (outcome === 'registered') {
      await again.getByTestId('nav-markets').waitFor();
      await expectCount(again.getByTestId('nav-admin'), 0);
    }
  });

  it('a too-common password shows the server’s message', async () => {
    const page = await newPage('weak-password');
    await page.goto(`${server.url}/login`);
    await register(page, `weak-${run}`, 'password');
    const shown = page.getByTestId('auth-error');
    await shown.waitFor();
    const text = ((await shown.textContent()) ?? '').trim();
    // Exactly what the server says about that password (for another name: nothing is created).
    const answer = await registerRaw({ name: `weak2-${run}`, password: 'password' });
    expect(answer.status).toBe(400);
    expect(answer.error).not.toBe('');
    expect(text).toBe(answer.error);
    await screenshot(page, 'register-weak-password', false);
    // The other refusals come from the server too, and are shown as it words them.
    for (const [name, password] of [
      [`short-${run}`, 'abc123'],
      [`same-name-${run}`, `same-name-${run}`],
      [`digits-${run}`, '12345678'],
    ]) {
      const raw = await registerRaw({ name: `${name}-raw`, password: password.replace(name, `${name}-raw`) });
      expect(raw.status, `registering ${name} with a weak password`).toBe(400);
      await register(page, name, password);
      await expectText(page.getByTestId('auth-error'), raw.error);
    }
  });

  it('every main page loads under the Content Security Policy, as the admin and as a student', async () => {
    studentPage = await newPage('student');
    await signIn(studentPage, server, 'builtin', student);
    const teacherWire = await WireClient.connect(server.url, teacher.jwt!, teacher.idJwt);
    try {
      const created = await teacherWire.request({
        case: 'createMarket',
        value: { name: `CSP check ${run}`, description: 'Pays 100 if the headers hold', minSettlement: 0, maxSettlement: 100 },
      });
      marketId = created.message.case === 'market' ? created.message.value.id : 0n;
      expect(marketId).not.toBe(0n);
      await teacherWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 3, side: 1 } });
    } finally {
      teacherWire.close();
    }
    await enableAuctions(server, teacher.jwt!);
    const pages: [string, string][] = [
      ['/', 'market-search'],
      [`/market/${marketId}`, 'market-page'],
      ['/portfolio', 'performance'],
      ['/accounts', 'accounts-page'],
      ['/transfers', 'transfers-page'],
      ['/auctions', 'auctions-page'],
    ];
    for (const [path, ready] of pages) {
      await visit(teacherPage, path, ready);
      await visit(studentPage, path, ready);
    }
    await visit(teacherPage, `/${await cohortOf(teacherPage)}/admin`, 'admin-page');
    // The auction form previews a chosen image from a blob: address.
    await studentPage.getByTestId('new-auction').click();
    await studentPage
      .getByTestId('auction-form-dialog')
      .getByTestId('auction-image')
      .setInputFiles({ name: 'tiny.png', mimeType: 'image/png', buffer: makePng(8, 8, [10, 120, 200]) });
    await studentPage.getByTestId('image-preview').waitFor();
    await studentPage.waitForTimeout(300);
    // The server's string limits are the inputs' maxlength: typing stops at 64 characters.
    const auctionForm = studentPage.getByTestId('auction-form-dialog');
    expect(await auctionForm.locator('#auction-description').getAttribute('maxlength')).toBe('10000');
    await auctionForm.locator('#auction-name').pressSequentially('n'.repeat(70));
    expect((await auctionForm.locator('#auction-name').inputValue()).length).toBe(64);
    // Not only pages: API answers carry the headers too.
    const api = await fetch(`${server.url}/api/config`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(cspProblems, 'Content Security Policy violations').toEqual([]);
    expect(pageErrors, 'uncaught page errors').toEqual([]);
  });

  it('image uploads need the access token', async () => {
    const form = () => {
      const body = new FormData();
      body.append('file', new Blob([makePng(4, 4, [0, 0, 0])], { type: 'image/png' }), 'dot.png');
      return body;
    };
    const anonymous = await fetch(`${server.url}/api/upload-image`, { method: 'POST', body: form() });
    expect(anonymous.status).toBe(401);
    const signedIn = await fetch(`${server.url}/api/upload-image`, {
      method: 'POST',
      body: form(),
      headers: { authorization: `Bearer ${student.jwt}` },
    });
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { filename?: string }).filename).toBeTruthy();
  });
});
