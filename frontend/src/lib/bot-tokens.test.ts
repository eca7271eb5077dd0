import { describe, expect, it } from 'vitest';
import { BotTokensClient, STARTER_BOT_COMMAND, TokenError, botCommands, shellWord, websocketUrl } from './bot-tokens';

describe('starter bot commands', () => {
  it('point at this server’s WebSocket', () => {
    expect(websocketUrl('http://localhost:8080')).toBe('ws://localhost:8080/api');
    expect(websocketUrl('https://exchange.example.org')).toBe('wss://exchange.example.org/api');
    expect(websocketUrl('https://exchange.example.org', 'spring-26')).toBe('wss://exchange.example.org/api/ws/spring-26');
    expect(botCommands('http://h:1', 'bot_x', 'spring').run).toContain('--url ws://h:1/api/ws/spring --token bot_x');
  });

  it('fill in the token, or a placeholder before there is one', () => {
    expect(STARTER_BOT_COMMAND).toContain('{url}');
    const token = `bot_${'a'.repeat(40)}-_Z`;
    expect(botCommands('http://10.0.0.5:8080', token).run).toBe(
      `.venv/bin/python clients/python/examples/strategy_market_maker.py --url ws://10.0.0.5:8080/api --token ${token}`,
    );
    expect(botCommands('http://h:1').run).toMatch(/--token <your bot token>$/);
    expect(botCommands('http://h:1').install).toMatch(/^python3 -m venv .*pip install .*\.\/clients\/python$/);
  });

  it('quote shell words only when needed', () => {
    expect(shellWord('ws://a:1/api')).toBe('ws://a:1/api');
    expect(shellWord("it's $x")).toBe(`'it'\\''s $x'`);
  });
});

describe('BotTokensClient', () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const reply = (status: number, body?: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status });
  const client = (answer: Response) =>
    new BotTokensClient(
      async () => 'access-1',
      (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return answer;
      }) as typeof fetch,
      'http://x',
    );

  it('sends the access token and the JSON the routes expect', async () => {
    calls.length = 0;
    const created = await client(reply(201, { id: 7, name: 'mm', token: 'bot_x', created_at: '2024-01-01T00:00:00Z' })).create('mm');
    expect(created).toEqual({ id: '7', name: 'mm', token: 'bot_x', created_at: '2024-01-01T00:00:00Z', last_used_at: null });
    expect(calls[0].url).toBe('http://x/api/auth/tokens');
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer access-1');
    expect(calls[0].init.body).toBe('{"name":"mm"}');
    const list = await client(reply(200, [{ id: 7, name: 'mm', created_at: 'c', last_used_at: null }])).list();
    expect(list).toEqual([{ id: '7', name: 'mm', created_at: 'c', last_used_at: null }]);
    await client(reply(204)).revoke('7');
    expect(calls.at(-1)?.url).toBe('http://x/api/auth/tokens/7');
    expect(calls.at(-1)?.init.method).toBe('DELETE');
  });

  it('reports the server’s refusal text', async () => {
    await expect(client(reply(401, { error: 'Bot tokens cannot manage tokens' })).list()).rejects.toThrow('Bot tokens cannot manage tokens');
    const error = await client(reply(404)).revoke('9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).status).toBe(404);
  });
});
