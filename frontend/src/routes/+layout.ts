import { redirect } from '@sveltejs/kit';
import { auth } from '$lib/auth.svelte';

// A client-side app: the exchange server serves the static build and falls back to index.html.
export const ssr = false;
export const prerender = false;

export function load({ url }) {
  // Development only: ?testToken=test::<subject>::<name>::<admin> signs in with a server
  // test token (accepted only by a server started with --insecure-test-auth).
  const testToken = url.searchParams.get('testToken');
  if (testToken) {
    auth.loginWithTestToken(testToken);
    const clean = new URL(url);
    clean.searchParams.delete('testToken');
    redirect(307, clean.pathname + clean.search);
  }
}
