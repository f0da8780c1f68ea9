// The signed-in staff member and what their roles allow: GET /api/me/permissions, asked again on every navigation
// (router.ts), so a revoked permission hides its menu entry at the next click. The API refuses the rest anyway.
// Tokens are kept in sessionStorage (the tab's life), like the storefront's, until the API sets the refresh token as an
// httpOnly cookie (issue 15); the refresh token is never sent anywhere but /api/auth.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap, useAccessToken } from '../api/client.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; roles: string[] };
}

const KEY = 'mall.admin.session';

export const useSessionStore = defineStore('session', () => {
  const saved = sessionStorage.getItem(KEY);
  const session = ref<Session | null>(saved ? (JSON.parse(saved) as Session) : null);
  const routes = ref<ReadonlySet<string>>(new Set());
  useAccessToken(session.value?.accessToken);

  function keep(next: Session | null): void {
    session.value = next;
    useAccessToken(next?.accessToken);
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
    if (!next) routes.value = new Set();
  }

  async function login(email: string, password: string): Promise<void> {
    const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
    keep({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
    await loadPermissions();
  }

  /** The routes the user may call now; a session the API no longer honours ends here. */
  async function loadPermissions(): Promise<void> {
    if (!session.value) return;
    try {
      const answer = await unwrap(api.GET('/api/me/permissions'));
      routes.value = new Set(answer.routes);
    } catch (error) {
      if ((error as { status?: number }).status === 401 && (await refresh())) return loadPermissions();
      if ((error as { status?: number }).status === 401 || (error as { status?: number }).status === 403) keep(null);
      else throw error;
    }
  }

  /** A new pair for an expired access token; false when the refresh token is no longer good. */
  async function refresh(): Promise<boolean> {
    const refreshToken = session.value?.refreshToken;
    if (!refreshToken) return false;
    try {
      const answer = await unwrap(api.POST('/api/auth/refresh', { body: { refreshToken } }));
      keep({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
      return true;
    } catch {
      keep(null);
      return false;
    }
  }

  async function logout(): Promise<void> {
    const refreshToken = session.value?.refreshToken;
    keep(null);
    if (refreshToken) await api.POST('/api/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  }

  /** Whether the user's roles allow a route (`GET /api/admin/users`). */
  function can(route: string): boolean {
    return routes.value.has(route);
  }

  return { user: computed(() => session.value?.user ?? null), routes, login, logout, loadPermissions, can };
});
