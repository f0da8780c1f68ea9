// The signed-in shopper. The tokens are kept in sessionStorage (the tab's life) until the API sets the refresh
// token as an httpOnly cookie (issue 15, security); the access token is attached to every API call, and renewed with
// the refresh token shortly before it expires (once at a time: a refresh token used twice ends the session).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ApiFailure, unwrap, useAccessToken } from '../api/client.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; roles: string[] };
}

const KEY = 'mall.session';

/** When a JWT expires (its exp claim), in epoch milliseconds; 0 when it cannot be read. */
function expiresAt(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export const useSessionStore = defineStore('session', () => {
  const saved = sessionStorage.getItem(KEY);
  const session = ref<Session | null>(saved ? (JSON.parse(saved) as Session) : null);
  let renewing: Promise<string | undefined> | null = null;

  function keep(next: Session | null): void {
    session.value = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  }

  /** The access token, renewed first when it has less than half a minute left. */
  async function accessToken(): Promise<string | undefined> {
    const current = session.value;
    if (!current) return undefined;
    if (expiresAt(current.accessToken) - Date.now() > 30_000) return current.accessToken;
    renewing ??= (async () => {
      try {
        const answer = await unwrap(api.POST('/api/auth/refresh', { body: { refreshToken: current.refreshToken } }));
        keep({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
        return answer.accessToken;
      } catch (failure) {
        // Revoked or expired: signed out; anything else (the network) leaves the session for the next try.
        if (failure instanceof ApiFailure && failure.status === 401) keep(null);
        return session.value?.accessToken;
      } finally {
        renewing = null;
      }
    })();
    return renewing;
  }
  useAccessToken(accessToken);

  async function login(email: string, password: string): Promise<void> {
    const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
    keep({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
  }

  /** A new account, in the language the shopper is using (mails and notifications are written in it). */
  async function register(email: string, password: string, nickname: string, locale: 'zh-CN' | 'en'): Promise<void> {
    const body = nickname ? { email, password, nickname, locale } : { email, password, locale };
    await unwrap(api.POST('/api/auth/register', { body, headers: { 'idempotency-key': crypto.randomUUID() } }));
    await login(email, password);
  }

  async function logout(): Promise<void> {
    const refreshToken = session.value?.refreshToken;
    keep(null);
    // The session is gone here whatever the API answers; the token merely dies sooner on the server.
    if (refreshToken) await api.POST('/api/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  }

  return { user: computed(() => session.value?.user ?? null), login, register, logout };
});
