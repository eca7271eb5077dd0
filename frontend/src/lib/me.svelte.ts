// The signed-in person as the global user (GET /api/users/me): display name and whether they
// are a global admin. Loaded after sign-in and again after /api/cohorts (which creates the
// global row on first contact); the WebSocket's Authenticated.is_admin also counts.
import { api } from './api.svelte';
import type { MyUser } from './cohorts';
import { cohortsApi } from './cohorts-api';

class Me {
  user = $state<MyUser | null>(null);
  /** A global admin: /api/users/me says so, or the cohort socket did. */
  isAdmin = $derived((this.user?.is_admin ?? false) || api.serverAdmin === true);

  async load(): Promise<void> {
    try {
      this.user = await cohortsApi.me();
    } catch {
      /* no global row yet (404) or offline: keep what we had */
    }
  }

  clear(): void {
    this.user = null;
  }
}

export const me = new Me();
