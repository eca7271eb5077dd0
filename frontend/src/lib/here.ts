// Links inside the cohort the app is connected to: here('market/3') -> /<cohort>/market/3.
// Reads the store's cohort (Svelte state), so links in templates follow a cohort switch.
import { api } from './api.svelte';
import { cohortPath } from './cohort-routing';

export function here(rest = ''): string {
  return api.cohort ? cohortPath(api.cohort, rest) : '/';
}
