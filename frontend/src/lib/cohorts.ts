// The cohort HTTP API (cohorts.md 7): listing cohorts, the admin routes and display names.
// Every call carries the app's access token as `Authorization: Bearer` (the one the WebSocket
// uses); `GET /api/cohorts` also sends the ID token as `X-ID-Token` so the server learns the
// person's name and e-mail. Errors are plain text; a 409 of a rename may be JSON
// (`needs_confirmation`), which `renameSelf`/`renameUser` return instead of throwing.

export interface CohortInfo {
  id: number;
  name: string;
  display_name: string;
  /** Only in the admin overview (our server leaves it out of GET /api/cohorts). */
  db_path?: string;
  is_read_only: boolean;
  auctions_enabled: boolean;
}

export interface CohortsResponse {
  cohorts: CohortInfo[];
  /** Cohorts the person may enter as an auction guest (not a member). */
  public_auction_cohorts: string[];
  default_cohort: string | null;
}

export interface GlobalUser {
  id: number;
  kinde_id: string;
  display_name: string;
  is_admin: boolean;
  is_kinde_admin: boolean;
  admin_grant: boolean;
  email: string | null;
}

export interface OverviewUser extends GlobalUser {
  cohorts: { cohort_name: string; cohort_display_name: string }[];
}

export interface AdminOverview {
  cohorts: CohortInfo[];
  config: { default_cohort_id: number | null };
  available_dbs: string[];
  users: OverviewUser[];
}

export interface CohortMember {
  id: number;
  cohort_id: number;
  global_user_id: number | null;
  email: string | null;
  display_name: string | null;
  initial_balance: string | null;
  balance: number | null;
}

export interface UserBalance {
  account_id: number;
  global_user_id: number;
  display_name: string;
  email: string | null;
  balance: number;
}

export interface CohortBalances {
  cohort_name: string;
  cohort_display_name: string;
  members: UserBalance[];
  guests: UserBalance[];
}

export interface MyUser {
  id: number;
  display_name: string;
  email: string | null;
  is_admin: boolean;
}

export interface RenameConflict {
  cohort_name: string;
  cohort_display_name: string;
  suggested_name: string;
}

export type RenameResult =
  | { status: 'ok'; display_name: string }
  | { status: 'needs_confirmation'; conflicts: RenameConflict[] };

export interface CohortSettings {
  display_name?: string;
  is_read_only?: boolean;
  auctions_enabled?: boolean;
}

export interface AddMembers {
  emails?: string[];
  user_ids?: number[];
  initial_balance?: string | null;
}

/** What the server answered when it refused; `message` is its plain-text body. */
export class CohortApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CohortApiError';
  }
}

/** The names the server accepts for a cohort (also a URL segment and a file name). */
export const COHORT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A path of the API with each dynamic segment percent-encoded. */
export function apiPath(...segments: (string | number)[]): string {
  return '/api/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

const FALLBACK: Record<number, string> = {
  401: 'The server did not accept your sign-in; sign in again',
  403: 'Admin access required',
  404: 'Not found',
};

export interface Tokens {
  accessToken: string;
  idToken?: string;
}

export class CohortsClient {
  constructor(
    private readonly tokens: () => Promise<Tokens>,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly base = '',
  ) {}

  /** Sends a request; `raw` hands back 409 responses instead of throwing (renames). */
  private async call(method: string, path: string, body?: unknown, opts: { idToken?: boolean; raw409?: boolean } = {}): Promise<Response> {
    const tokens = await this.tokens();
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' };
    if (opts.idToken && tokens.idToken) headers['x-id-token'] = tokens.idToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetcher(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new CohortApiError(0, `Could not reach the server: ${(e as Error).message}`);
    }
    if (response.ok || (opts.raw409 && response.status === 409)) return response;
    let text = '';
    try {
      text = (await response.text()).trim();
    } catch {
      /* no body */
    }
    throw new CohortApiError(response.status, text || FALLBACK[response.status] || `Server error ${response.status}`);
  }

  private async json<T>(method: string, path: string, body?: unknown, opts?: { idToken?: boolean }): Promise<T> {
    return (await (await this.call(method, path, body, opts)).json()) as T;
  }

  cohorts(): Promise<CohortsResponse> {
    return this.json<CohortsResponse>('GET', apiPath('cohorts'), undefined, { idToken: true }).then((r) => ({
      cohorts: r.cohorts ?? [],
      public_auction_cohorts: r.public_auction_cohorts ?? [],
      default_cohort: r.default_cohort ?? null,
    }));
  }

  me(): Promise<MyUser> {
    return this.json('GET', apiPath('users', 'me'));
  }

  overview(): Promise<AdminOverview> {
    return this.json('GET', apiPath('admin', 'overview'));
  }

  createCohort(name: string, displayName: string, existingDb: boolean): Promise<CohortInfo> {
    return this.json('POST', apiPath('admin', 'cohorts'), { name, display_name: displayName, existing_db: existingDb });
  }

  async updateCohort(name: string, settings: CohortSettings): Promise<void> {
    await this.call('PUT', apiPath('admin', 'cohorts', name), settings);
  }

  members(cohort: string): Promise<CohortMember[]> {
    return this.json('GET', apiPath('admin', 'cohorts', cohort, 'members'));
  }

  addMembers(cohort: string, add: AddMembers): Promise<{ added: number; already_existing?: number }> {
    return this.json('POST', apiPath('admin', 'cohorts', cohort, 'members'), add);
  }

  async setInitialBalance(cohort: string, memberId: number, initialBalance: string | null): Promise<void> {
    await this.call('PUT', apiPath('admin', 'cohorts', cohort, 'members', memberId), { initial_balance: initialBalance });
  }

  async removeMember(cohort: string, memberId: number): Promise<void> {
    await this.call('DELETE', apiPath('admin', 'cohorts', cohort, 'members', memberId));
  }

  balances(): Promise<{ cohorts: CohortBalances[] }> {
    return this.json('GET', apiPath('admin', 'balances'));
  }

  /** Sets the default cohort; null clears it. */
  async setDefaultCohort(id: number | null): Promise<void> {
    await this.call('PUT', apiPath('admin', 'config'), { default_cohort_id: id });
  }

  async setAdmin(userId: number, isAdmin: boolean): Promise<void> {
    await this.call('PUT', apiPath('admin', 'users', userId, 'admin'), { is_admin: isAdmin });
  }

  async deleteUser(userId: number): Promise<void> {
    await this.call('DELETE', apiPath('admin', 'users', userId));
  }

  /** Renames the caller; a 409 asking to confirm suffixed names comes back as a result. */
  renameSelf(displayName: string, confirmed?: Record<string, string>): Promise<RenameResult> {
    return this.rename(apiPath('users', 'me', 'display-name'), displayName, confirmed);
  }

  renameUser(userId: number, displayName: string, confirmed?: Record<string, string>): Promise<RenameResult> {
    return this.rename(apiPath('admin', 'users', userId, 'display-name'), displayName, confirmed);
  }

  private async rename(path: string, displayName: string, confirmed?: Record<string, string>): Promise<RenameResult> {
    const body: Record<string, unknown> = { display_name: displayName };
    if (confirmed && Object.keys(confirmed).length > 0) body.confirmed_overrides = confirmed;
    const response = await this.call('PUT', path, body, { raw409: true });
    const text = await response.text();
    return parseRenameResponse(response.status, text);
  }
}

/** A rename's answer: ok, a confirmation request (409 JSON), or an error (409 plain text). */
export function parseRenameResponse(status: number, text: string): RenameResult {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  const b = body as Partial<{ status: string; display_name: string; conflicts: RenameConflict[] }> | null;
  if (status === 409) {
    if (b?.status === 'needs_confirmation' && Array.isArray(b.conflicts)) return { status: 'needs_confirmation', conflicts: b.conflicts };
    throw new CohortApiError(409, text.trim() || 'Conflict');
  }
  return { status: 'ok', display_name: b?.display_name ?? '' };
}

/** The overrides that accept every suggested name of a confirmation request. */
export function acceptSuggestions(conflicts: readonly RenameConflict[]): Record<string, string> {
  return Object.fromEntries(conflicts.map((c) => [c.cohort_name, c.suggested_name]));
}

/** Asks to rename; if names must be suffixed, `confirm` decides; true: sent again with them. */
export async function renameWithConfirmation(
  send: (confirmed?: Record<string, string>) => Promise<RenameResult>,
  confirm: (conflicts: RenameConflict[]) => Promise<boolean>,
): Promise<'renamed' | 'cancelled'> {
  const first = await send();
  if (first.status === 'ok') return 'renamed';
  if (!(await confirm(first.conflicts))) return 'cancelled';
  const second = await send(acceptSuggestions(first.conflicts));
  if (second.status === 'ok') return 'renamed';
  // Names changed again between the two calls: let the person look at the new suggestions.
  return (await confirm(second.conflicts)) && (await send(acceptSuggestions(second.conflicts))).status === 'ok' ? 'renamed' : 'cancelled';
}

/** Splits an admin's list of e-mails (commas, semicolons, spaces or lines) into addresses. */
export function parseEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter((e) => e.length > 0),
    ),
  ];
}

/** An initial balance as the API wants it: a plain decimal string, or null when empty. */
export function initialBalanceText(text: string): string | null {
  const t = text.trim().replaceAll(',', '').replaceAll('_', '');
  if (t === '') return null;
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error('Initial balance must be a non-negative number');
  return t;
}
