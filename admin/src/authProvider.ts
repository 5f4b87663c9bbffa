/** Login, logout, session checks and permissions (the server's capabilities of the viewer) over `login` / `me` / `renewToken`. */
import type { AuthProvider } from 'react-admin';
import { ApiError, gql, loadSession, saveSession } from './api/client';
import { Login, Logout, Me } from './generated/graphql';

export const authProvider: AuthProvider = {
  async login({ username, password }) {
    try {
      const r = await gql(Login, { input: { username, password } });
      saveSession(r.login as never);
    } catch (e) {
      // The login form shows the reason (wrong password, disabled, too many attempts) in the console's language:
      // an ApiError's message is worded from the server's code and reason (api/errorText.ts).
      if (e instanceof ApiError) throw new Error(e.message);
      throw e;
    }
  },
  async logout() {
    if (loadSession()) await gql(Logout, {}).catch(() => undefined);
    saveSession(null);
  },
  async checkAuth() {
    if (!loadSession()) throw new Error('请先登录');
  },
  async checkError(error: unknown) {
    if (error instanceof ApiError && error.status === 401) {
      saveSession(null);
      throw error;
    }
  },
  async getIdentity() {
    const s = loadSession();
    if (!s) throw new Error('请先登录');
    return { id: s.user.id, fullName: `${s.user.displayName}（${s.user.unit?.name ?? ''}）` };
  },
  /** The viewer's capabilities (capabilities.ts); a session saved before they were kept asks the server once. */
  async getPermissions() {
    const s = loadSession();
    if (!s) return [];
    if (s.user.capabilities) return s.user.capabilities;
    const me = (await gql(Me, {})).me;
    saveSession({ ...s, user: { ...s.user, capabilities: me.capabilities } });
    return me.capabilities;
  },
};
