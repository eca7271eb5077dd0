// Links inside the cohort the app is connected to: here('market/3') -> /<cohort>/market/3.
// Reads the store's cohort (Svelte state), so links in templates follow a cohort switch.
import { api } from './api.svelte';
import { cohortPath } from './cohort-routing';
import { CohortsClient } from './cohorts';
import { auth } from './auth.svelte';

export function here(rest = ''): string {
  return api.cohort ? cohortPath(api.cohort, rest) : '/';
}

/** The cohort HTTP API with the app's tokens. */
export const cohortsApi = new CohortsClient(async () => {
  const creds = await auth.credentials();
  return { accessToken: creds.jwt, idToken: creds.idJwt };
});
