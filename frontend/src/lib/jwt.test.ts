import { describe, expect, it } from 'vitest';
import { AccountColors } from './account-colors.svelte';
import { auctionImageSrc, imageFilename, imageProblem, uploadImage } from './images';
import { jwtPayload, tokenClaimsAdmin } from './jwt';
import { MemoryStorage } from './test/fake-server';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'RS256' })}.${b64url(payload)}.sig`;

describe('tokenClaimsAdmin (display only)', () => {
  it('reads the roles claim of a JWT', () => {
    expect(tokenClaimsAdmin(jwt({ sub: 'x', roles: [{ key: 'admin' }] }))).toBe(true);
    expect(tokenClaimsAdmin(jwt({ sub: 'x', roles: [{ key: 'trader' }] }))).toBe(false);
    expect(tokenClaimsAdmin(jwt({ sub: 'x', roles: ['admin'] }))).toBe(true);
    expect(tokenClaimsAdmin(jwt({ sub: 'x' }))).toBe(false);
    expect(tokenClaimsAdmin(jwt({ sub: 'x', roles: [{ key: 'staff' }] }), 'staff')).toBe(true);
    expect(tokenClaimsAdmin('not a token')).toBe(false);
    expect(jwtPayload(jwt({ name: 'Zoë ✓' }))).toEqual({ name: 'Zoë ✓' });
  });
  it('reads test tokens', () => {
    expect(tokenClaimsAdmin('test::a::A::true')).toBe(true);
    expect(tokenClaimsAdmin('test::a::A::True')).toBe(false);
    expect(tokenClaimsAdmin('test::a::A::false')).toBe(false);
  });
});

describe('images', () => {
  it('checks type and size before uploading', () => {
    expect(imageProblem({ type: 'image/png', size: 100 })).toBeNull();
    expect(imageProblem({ type: 'image/svg+xml', size: 100 })).toBe('Choose a PNG, JPEG, GIF or WebP image');
    expect(imageProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toMatch(/at most 5 MiB/);
    expect(imageProblem({ type: 'image/webp', size: 0 })).toBe('The file is empty');
  });

  it('posts the file as the first multipart part named "file" and reads the answer', async () => {
    const calls: { url: string; body: FormData; headers: Record<string, string> }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: init.body as FormData, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ filename: 'abc.png', url: '/api/images/abc.png' }), { status: 200 });
    }) as unknown as typeof fetch;
    const file = new File([new Uint8Array([1, 2, 3])], 'x.png', { type: 'image/png' });
    await expect(uploadImage(file, { token: 'tok', fetcher, base: 'http://host' })).resolves.toEqual({
      filename: 'abc.png',
      url: '/api/images/abc.png',
    });
    expect(calls[0].url).toBe('http://host/api/upload-image');
    expect(calls[0].headers).toEqual({ authorization: 'Bearer tok' });
    expect([...calls[0].body.keys()]).toEqual(['file']);

    const refusing = (async () => new Response('Invalid file type. Only images are allowed.', { status: 415 })) as unknown as typeof fetch;
    await expect(uploadImage(file, { fetcher: refusing, base: 'http://host' })).rejects.toThrow('Invalid file type. Only images are allowed.');
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    await expect(uploadImage(big, { fetcher, base: 'http://host' })).rejects.toThrow(/at most 5 MiB/);
    expect(calls).toHaveLength(1);
  });

  it("shows the server's message when an upload is refused (login, quota)", async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'x.png', { type: 'image/png' });
    const answer = (status: number, body: string) => (async () => new Response(body, { status })) as unknown as typeof fetch;
    const upload = (fetcher: typeof fetch) => uploadImage(file, { token: 't', fetcher, base: 'http://host' });
    await expect(upload(answer(401, '{"error":"Sign in to upload images"}'))).rejects.toThrow('Sign in to upload images');
    await expect(upload(answer(413, '{"error":"Upload quota exceeded: 50 MiB per user"}'))).rejects.toThrow('Upload quota exceeded: 50 MiB per user');
    await expect(upload(answer(429, 'Too many uploads; wait a minute'))).rejects.toThrow('Too many uploads; wait a minute');
    await expect(upload(answer(401, ''))).rejects.toThrow('Sign in again to upload images');
    await expect(upload(answer(413, ''))).rejects.toThrow('The image is too large for the server');
    await expect(upload(answer(429, ''))).rejects.toThrow('Too many uploads, try again later');
  });

  it('builds the fetch address from image_url ("/images/" means none)', () => {
    expect(auctionImageSrc('/images/abc.png', 'https://x')).toBe('https://x/api/images/abc.png');
    expect(auctionImageSrc('/images/', 'https://x')).toBeNull();
    expect(auctionImageSrc(undefined, 'https://x')).toBeNull();
    expect(imageFilename('/images/abc.png')).toBe('abc.png');
  });
});

describe('AccountColors', () => {
  it('remembers colours per account in storage and ignores junk', () => {
    const storage = new MemoryStorage();
    const colors = new AccountColors(storage);
    colors.set(5n, '#2563eb');
    colors.set(6n, 'red'); // not a colour we offer
    expect(colors.get(5n)).toBe('#2563eb');
    expect(colors.get(6n)).toBeUndefined();
    const again = new AccountColors(storage);
    expect(again.get(5n)).toBe('#2563eb');
    again.set(5n, undefined);
    expect(new AccountColors(storage).get(5n)).toBeUndefined();
    storage.setItem('exchange.accountColors', '{"x":1,"7":"#000000"}');
    expect([...new AccountColors(storage).colors]).toEqual([['7', '#000000']]);
  });
});
