import { describe, expect, it, vi } from 'vitest';
import {
  CohortApiError,
  CohortsClient,
  acceptSuggestions,
  apiPath,
  initialBalanceText,
  parseEmails,
  parseRenameResponse,
  renameWithConfirmation,
  type RenameResult,
} from './cohorts';

function client(responses: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return responses.shift() ?? new Response('', { status: 500 });
  });
  const c = new CohortsClient(async () => ({ accessToken: 'AT', idToken: 'IT' }), fetcher as unknown as typeof fetch, 'http://h');
  return { c, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('URLs', () => {
  it('encodes each dynamic segment', () => {
    expect(apiPath('admin', 'cohorts', 'fir-26', 'members', 7)).toBe('/api/admin/cohorts/fir-26/members/7');
    expect(apiPath('admin', 'cohorts', 'a/b c')).toBe('/api/admin/cohorts/a%2Fb%20c');
  });

  it('sends the bearer token, the ID token for /api/cohorts, and JSON bodies', async () => {
    const { c, calls } = client([json({ cohorts: [], public_auction_cohorts: [], default_cohort: null }), new Response('')]);
    await c.cohorts();
    expect(calls[0].url).toBe('http://h/api/cohorts');
    const h0 = calls[0].init.headers as Record<string, string>;
    expect(h0.authorization).toBe('Bearer AT');
    expect(h0['x-id-token']).toBe('IT');
    await c.setDefaultCohort(null);
    expect(calls[1]).toMatchObject({ url: 'http://h/api/admin/config', init: { method: 'PUT', body: '{"default_cohort_id":null}' } });
    expect((calls[1].init.headers as Record<string, string>)['x-id-token']).toBeUndefined();
  });

  it('builds the member routes', async () => {
    const { c, calls } = client([json({ added: 2, already_existing: 1 }), new Response(''), new Response('')]);
    expect(await c.addMembers('spring', { emails: ['a@x'], initial_balance: '500' })).toEqual({ added: 2, already_existing: 1 });
    await c.setInitialBalance('spring', 4, null);
    await c.removeMember('spring', 4);
    expect(calls.map((x) => `${x.init.method} ${x.url} ${x.init.body ?? ''}`)).toEqual([
      'POST http://h/api/admin/cohorts/spring/members {"emails":["a@x"],"initial_balance":"500"}',
      'PUT http://h/api/admin/cohorts/spring/members/4 {"initial_balance":null}',
      'DELETE http://h/api/admin/cohorts/spring/members/4 ',
    ]);
  });

  it('throws the plain-text error body', async () => {
    const { c } = client([new Response('Cohort name must match [a-z0-9]…', { status: 400 })]);
    const e = await c.createCohort('Bad Name', 'x', false).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CohortApiError);
    expect(e).toMatchObject({ status: 400, message: 'Cohort name must match [a-z0-9]…' });
  });

  it('fills in missing lists of /api/cohorts', async () => {
    const { c } = client([json({ cohorts: [] })]);
    expect(await c.cohorts()).toEqual({ cohorts: [], public_auction_cohorts: [], default_cohort: null });
  });
});

describe('rename confirmation', () => {
  const conflicts = [{ cohort_name: 'spring', cohort_display_name: 'Spring', suggested_name: 'Ann-2' }];

  it('parses ok, needs_confirmation and plain-text 409s', () => {
    expect(parseRenameResponse(200, '{"status":"ok","display_name":"Ann"}')).toEqual({ status: 'ok', display_name: 'Ann' });
    expect(parseRenameResponse(409, JSON.stringify({ status: 'needs_confirmation', conflicts }))).toEqual({ status: 'needs_confirmation', conflicts });
    expect(() => parseRenameResponse(409, 'Could not find an available numeric suffix for this name')).toThrow('numeric suffix');
    expect(acceptSuggestions(conflicts)).toEqual({ spring: 'Ann-2' });
  });

  it('returns the 409 JSON from the client and sends the confirmed overrides', async () => {
    const { c, calls } = client([json({ status: 'needs_confirmation', conflicts }, 409), json({ status: 'ok', display_name: 'Ann' })]);
    const confirm = vi.fn(async () => true);
    expect(await renameWithConfirmation((o) => c.renameSelf('Ann', o), confirm)).toBe('renamed');
    expect(confirm).toHaveBeenCalledWith(conflicts);
    expect(calls.map((x) => x.init.body)).toEqual(['{"display_name":"Ann"}', '{"display_name":"Ann","confirmed_overrides":{"spring":"Ann-2"}}']);
    expect(calls[0].url).toBe('http://h/api/users/me/display-name');
  });

  it('throws the plain-text 400s and 409s of a rename, on both routes', async () => {
    const { c, calls } = client([
      new Response('Display name cannot be empty', { status: 400, headers: { 'content-type': 'text/plain' } }),
      new Response('Display name unchanged', { status: 400, headers: { 'content-type': 'text/plain' } }),
      new Response("Race: 'Ann' was taken in cohort 'Spring' between preflight and commit. Please retry.", { status: 409 }),
    ]);
    await expect(c.renameSelf(' ')).rejects.toMatchObject({ status: 400, message: 'Display name cannot be empty' });
    await expect(c.renameUser(7, 'Ann')).rejects.toMatchObject({ status: 400, message: 'Display name unchanged' });
    await expect(c.renameUser(7, 'Ann', { spring: 'Ann-2' })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^Race: /) });
    expect(calls.map((x) => `${x.init.method} ${x.url}`)).toEqual([
      'PUT http://h/api/users/me/display-name',
      'PUT http://h/api/admin/users/7/display-name',
      'PUT http://h/api/admin/users/7/display-name',
    ]);
  });

  it('stops when the person declines', async () => {
    const send = vi.fn(async (): Promise<RenameResult> => ({ status: 'needs_confirmation', conflicts }));
    expect(await renameWithConfirmation(send, async () => false)).toBe('cancelled');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('renames without asking when nothing clashes', async () => {
    const confirm = vi.fn(async () => true);
    expect(await renameWithConfirmation(async () => ({ status: 'ok', display_name: 'A' }), confirm)).toBe('renamed');
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('form helpers', () => {
  it('splits e-mail lists', () => {
    expect(parseEmails('A@x.org, b@y.org\nc@z.org; a@x.org  ')).toEqual(['a@x.org', 'b@y.org', 'c@z.org']);
  });
  it('checks initial balances', () => {
    expect(initialBalanceText(' ')).toBeNull();
    expect(initialBalanceText('1,000.50')).toBe('1000.50');
    expect(() => initialBalanceText('-5')).toThrow();
  });
});
