// The app's one client of the cohort HTTP API (cohorts.ts), with the signed-in person's tokens.
import { auth } from './auth.svelte';
import { CohortsClient } from './cohorts';

export const cohortsApi = new CohortsClient(async () => {
  const creds = await auth.credentials();
  return { accessToken: creds.jwt, idToken: creds.idJwt };
});
