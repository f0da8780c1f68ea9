// The signed-in shopper. The tokens are kept in sessionStorage (the tab's life) until the API sets the refresh
// token as an httpOnly cookie (issue 15, security); the access token is attached to every API call.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap, useAccessToken } from '../api/client.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; roles: string[] };
}

const KEY = 'mall.session';

export const useSessionStore = defineStore('session', () => {
  const saved = sessionStorage.getItem(KEY);
  const session = ref<Session | null>(saved ? (JSON.parse(saved) as Session) : null);
  useAccessToken(session.value?.accessToken);

  function keep(next: Session | null): void {
    session.value = next;
    useAccessToken(next?.accessToken);
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  }

  async function login(email: string, password: string): Promise<void> {
    const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
    keep({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
  }

  async function register(email: string, password: string, nickname: string): Promise<void> {
    const body = nickname ? { email, password, nickname } : { email, password };
    await unwrap(api.POST('/api/auth/register', { body }));
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
