// Signing in: which method the server offers (GET /api/config), the built-in name/password
// forms, the OIDC authorization-code flow with PKCE (oidc-client-ts), and the tokens that
// the connection sends in Authenticate.
//
// Development only: `?testToken=test::<subject>::<name>::<true|false>` signs in with the
// server's unsigned test tokens (accepted only by a server started with --insecure-test-auth).
import type { UserManager } from 'oidc-client-ts';
import type { Credentials } from './api.svelte';

export type AuthConfig =
  | { auth: 'builtin'; registration: 'open' | 'closed'; setup_required?: boolean }
  | { auth: 'oidc'; issuer: string; client_id: string; audience?: string }
  | { auth: 'unavailable'; error: string };

export interface Session {
  method: 'builtin' | 'oidc' | 'test';
  accessToken: string;
  idToken: string;
  /** Milliseconds since the epoch; 0 = unknown. */
  expiresAt: number;
  /** A display name, when known before the server tells us. */
  name: string;
}

/** An HTTP failure of the auth endpoints, with the server's error text. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const SESSION_KEY = 'exchange.session';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What a built-in auth endpoint answered, as an AuthError when it failed. */
async function readTokens(response: Response): Promise<{ access_token: string; id_token: string; expires_in: number }> {
  let body: Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    /* empty or not JSON */
  }
  if (!response.ok) {
    const fallback: Record<number, string> = {
      400: 'Invalid name or password',
      401: 'Invalid name or password',
      403: 'Registration is closed',
      404: 'Sign-in is not available on this server',
      409: 'Name already taken',
      429: 'Too many attempts, try again in a minute',
    };
    const text = typeof body.error === 'string' && body.error ? body.error : (fallback[response.status] ?? `Server error ${response.status}`);
    throw new AuthError(response.status, text);
  }
  if (typeof body.access_token !== 'string') throw new AuthError(500, 'The server sent no token');
  return {
    access_token: body.access_token,
    id_token: typeof body.id_token === 'string' ? body.id_token : '',
    expires_in: typeof body.expires_in === 'number' ? body.expires_in : 0,
  };
}

/** The name in a test token (test::subject::name::admin). */
export function testTokenName(token: string): string | null {
  const parts = token.split('::');
  return parts.length === 4 && parts[0] === 'test' ? parts[2] : null;
}

class Auth {
  config = $state<AuthConfig | null>(null);
  session = $state<Session | null>(null);
  /** Set when the session ended on its own (expired, refused); shown on the login page. */
  notice = $state('');
  private userManager: UserManager | null = null;

  get signedIn(): boolean {
    return this.session !== null;
  }

  /** Loads the server's auth configuration and any stored session. */
  async init(fetcher: typeof fetch = fetch): Promise<void> {
    const stored = storage()?.getItem(SESSION_KEY);
    if (stored && !this.session) {
      try {
        const session = JSON.parse(stored) as Session;
        if (session.accessToken && (!session.expiresAt || session.expiresAt > Date.now())) this.session = session;
        else storage()?.removeItem(SESSION_KEY);
      } catch {
        storage()?.removeItem(SESSION_KEY);
      }
    }
    if (this.config && this.config.auth !== 'unavailable') return;
    try {
      const response = await fetcher('/api/config', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`GET /api/config answered ${response.status}`);
      const config = (await response.json()) as AuthConfig;
      if (config.auth !== 'builtin' && config.auth !== 'oidc') throw new Error(`unknown auth mode ${String((config as { auth: unknown }).auth)}`);
      this.config = config;
    } catch (e) {
      this.config = { auth: 'unavailable', error: (e as Error).message };
    }
  }

  private save(session: Session): void {
    this.session = session;
    this.notice = '';
    storage()?.setItem(SESSION_KEY, JSON.stringify(session));
  }

  private fromTokens(method: Session['method'], name: string, t: { access_token: string; id_token: string; expires_in: number }): Session {
    return {
      method,
      accessToken: t.access_token,
      idToken: t.id_token,
      expiresAt: t.expires_in > 0 ? Date.now() + t.expires_in * 1000 : 0,
      name,
    };
  }

  async login(name: string, password: string, fetcher: typeof fetch = fetch): Promise<void> {
    const response = await fetcher('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    this.save(this.fromTokens('builtin', name, await readTokens(response)));
  }

  /** Registers; with the server's one-time setup code (the instructor link) the account is the admin. */
  async register(name: string, password: string, setupCode = '', fetcher: typeof fetch = fetch): Promise<void> {
    const response = await fetcher('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setupCode ? { name, password, setup_code: setupCode } : { name, password }),
    });
    this.save(this.fromTokens('builtin', name, await readTokens(response)));
    // The instructor exists now: the setup hint no longer applies.
    if (setupCode && this.config?.auth === 'builtin') this.config = { ...this.config, setup_required: false };
  }

  /** Development only: sign in with an unsigned server test token. */
  loginWithTestToken(token: string): void {
    this.save({ method: 'test', accessToken: token, idToken: '', expiresAt: 0, name: testTokenName(token) ?? 'test user' });
  }

  private async oidc(): Promise<UserManager> {
    if (this.userManager) return this.userManager;
    const config = this.config;
    if (!config || config.auth !== 'oidc') throw new AuthError(0, 'This server does not use an identity provider');
    const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
    const origin = window.location.origin;
    this.userManager = new UserManager({
      authority: config.issuer,
      client_id: config.client_id,
      redirect_uri: `${origin}/auth/callback`,
      silent_redirect_uri: `${origin}/auth/callback`,
      post_logout_redirect_uri: `${origin}/login`,
      response_type: 'code',
      scope: 'openid profile',
      extraQueryParams: config.audience ? { audience: config.audience } : {},
      userStore: new WebStorageStateStore({ store: window.localStorage }),
      automaticSilentRenew: true,
    });
    this.userManager.events.addUserLoaded((user) => {
      if (this.session?.method !== 'oidc') return;
      this.save({
        method: 'oidc',
        accessToken: user.access_token,
        idToken: user.id_token ?? '',
        expiresAt: user.expires_at ? user.expires_at * 1000 : 0,
        name: String(user.profile.name ?? user.profile.preferred_username ?? ''),
      });
    });
    return this.userManager;
  }

  /** Sends the browser to the identity provider. */
  async startOidcLogin(): Promise<void> {
    const manager = await this.oidc();
    await manager.signinRedirect();
  }

  /** Finishes the redirect back from the identity provider (the /auth/callback page). */
  async completeOidcLogin(): Promise<void> {
    const manager = await this.oidc();
    if (window.parent !== window) {
      await manager.signinSilentCallback();
      return;
    }
    const user = await manager.signinRedirectCallback();
    this.save({
      method: 'oidc',
      accessToken: user.access_token,
      idToken: user.id_token ?? '',
      expiresAt: user.expires_at ? user.expires_at * 1000 : 0,
      name: String(user.profile.name ?? user.profile.preferred_username ?? ''),
    });
  }

  /** The tokens for Authenticate; refreshes OIDC tokens when they are about to expire. */
  credentials = async (): Promise<Credentials> => {
    const session = this.session;
    if (!session) throw new AuthError(401, 'Not signed in');
    if (session.method === 'oidc') {
      const manager = await this.oidc();
      let user = await manager.getUser();
      if (!user || user.expires_in === undefined || user.expires_in < 30) {
        user = await manager.signinSilent().catch(() => null);
      }
      if (!user) throw new AuthError(401, 'Your session has expired, sign in again');
      return { jwt: user.access_token, idJwt: user.id_token ?? '' };
    }
    if (session.expiresAt && session.expiresAt < Date.now()) {
      throw new AuthError(401, 'Your session has expired, sign in again');
    }
    return { jwt: session.accessToken, idJwt: session.idToken };
  };

  /** Forgets the session; `notice` explains why on the login page. */
  async signOut(notice = ''): Promise<void> {
    const method = this.session?.method;
    this.session = null;
    this.notice = notice;
    storage()?.removeItem(SESSION_KEY);
    if (method === 'oidc' && this.userManager) await this.userManager.removeUser().catch(() => undefined);
  }
}

export const auth = new Auth();
