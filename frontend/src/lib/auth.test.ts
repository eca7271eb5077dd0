import { describe, expect, it } from 'vitest';
import { auth, AuthError } from './auth.svelte';

type Call = { url: string; body: Record<string, unknown> };

function fakeFetch(status: number, answer: unknown, calls: Call[]): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(answer), { status });
  }) as unknown as typeof fetch;
}

describe('built-in registration', () => {
  it('sends the setup code only when there is one', async () => {
    const calls: Call[] = [];
    const ok = fakeFetch(200, { access_token: 'a', id_token: 'i', expires_in: 60 }, calls);
    await auth.register('Ada', 'correct horse', '', ok);
    await auth.register('Grace', 'correct horse', 'SETUP123', ok);
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/register', '/api/auth/register']);
    expect(calls[0].body).toEqual({ name: 'Ada', password: 'correct horse' });
    expect(calls[1].body).toEqual({ name: 'Grace', password: 'correct horse', setup_code: 'SETUP123' });
    expect(auth.session?.accessToken).toBe('a');
    await auth.signOut();
  });

  it("shows the server's message for refused passwords, names and setup codes", async () => {
    const refuse = (status: number, error: string) => auth.register('Ada', 'password', 'x', fakeFetch(status, { error }, []));
    await expect(refuse(400, 'Password is too common')).rejects.toThrow('Password is too common');
    await expect(refuse(403, 'Invalid setup code')).rejects.toThrow('Invalid setup code');
    const error = await refuse(400, 'Name is too long (at most 64 characters)').catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('Name is too long (at most 64 characters)');
    expect(auth.session).toBeNull();
  });
});
