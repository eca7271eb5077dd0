// Bot tokens (docs/authentication.md, "Bot tokens"): long-lived tokens a bot puts in
// Authenticate.jwt to act as the person who made them. The three routes need the web app's own
// access token as `Authorization: Bearer`. And the commands that run a starter bot with one.

export interface BotToken {
  id: string;
  name: string;
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC; null until a bot first signed in with it. */
  last_used_at: string | null;
}

export interface CreatedBotToken extends BotToken {
  /** `bot_` + 43 characters; the server shows it this once. */
  token: string;
}

/**
 * The commands a student runs from a clone of the repository: make a virtual environment with
 * the SDK, then start the starter market maker against this server. `{url}` and `{token}` are
 * filled in by botCommands(). Kept here, in one place, so they are easy to adjust.
 */
export const SDK_INSTALL_COMMAND =
  'python3 -m venv --system-site-packages .venv && .venv/bin/pip install --no-build-isolation ./clients/python';
export const STARTER_BOT_COMMAND = '.venv/bin/python clients/python/examples/strategy_market_maker.py --url {url} --token {token}';
/** What the token field shows before a token is created. */
export const TOKEN_PLACEHOLDER = '<your bot token>';

/**
 * The WebSocket address of a cohort on the exchange serving this page
 * (ws://host/api/ws/<cohort>, wss:// behind TLS); without a cohort the default cohort's /api.
 */
export function websocketUrl(origin: string, cohort = ''): string {
  const url = new URL(origin);
  const base = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/api`;
  return cohort ? `${base}/ws/${encodeURIComponent(cohort)}` : base;
}

/** A POSIX shell word: left alone when it is safe, otherwise single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function botCommands(origin: string, token = '', cohort = ''): { install: string; run: string } {
  const run = STARTER_BOT_COMMAND.replace('{url}', shellWord(websocketUrl(origin, cohort))).replace('{token}', token ? shellWord(token) : TOKEN_PLACEHOLDER);
  return { install: SDK_INSTALL_COMMAND, run };
}

/** The server refused; `message` is its own text when it sent one. */
export class TokenError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const FALLBACK: Record<number, string> = {
  400: 'The server did not accept that name',
  401: 'Sign in again to manage bot tokens',
  404: 'That token no longer exists',
  409: 'You have too many bot tokens; revoke one first',
  429: 'Too many requests, try again in a minute',
};

async function fail(response: Response): Promise<never> {
  let text = '';
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') text = body.error;
  } catch {
    /* not JSON */
  }
  throw new TokenError(response.status, text || FALLBACK[response.status] || `Server error ${response.status}`);
}

export class BotTokensClient {
  constructor(
    private readonly accessToken: () => Promise<string>,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly base = '',
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.accessToken()}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetcher(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new TokenError(0, `Could not reach the server: ${(e as Error).message}`);
    }
    if (!response.ok) await fail(response);
    return response;
  }

  async list(): Promise<BotToken[]> {
    const body = (await (await this.call('GET', '/api/auth/tokens')).json()) as BotToken[] | { tokens?: BotToken[] };
    const tokens = Array.isArray(body) ? body : (body.tokens ?? []);
    return tokens.map((t) => ({ ...t, id: String(t.id), last_used_at: t.last_used_at ?? null }));
  }

  async create(name: string): Promise<CreatedBotToken> {
    const body = (await (await this.call('POST', '/api/auth/tokens', { name })).json()) as CreatedBotToken;
    return { ...body, id: String(body.id), last_used_at: body.last_used_at ?? null };
  }

  async revoke(id: string): Promise<void> {
    await this.call('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`);
  }
}
