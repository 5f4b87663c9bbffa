/**
 * The console's GraphQL client: one fetch per operation, the access token attached, renewed before it
 * expires (and once more on UNAUTHENTICATED), and errors turned into words for the user.
 */
import type { TypedDocument } from '../generated/graphql';
import { wordError } from './errorText';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    unitId: string;
    unit: { id: string; name: string };
    mustChangePassword?: boolean;
    /** What the viewer may do in the console, from the server (capabilities.ts); absent in a session saved before it. */
    capabilities?: string[];
  };
}

/** Fired when the server says the session's password is a temporary one to change first (components/PasswordChangeGate.tsx). */
export const PASSWORD_CHANGE_EVENT = 'wz:password-change-required';

const KEY = 'wz.session';
export const loadSession = (): Session | null => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
};
export const saveSession = (s: Session | null) => (s ? localStorage.setItem(KEY, JSON.stringify(s)) : localStorage.removeItem(KEY));

/**
 * An error of the API. Its message is in the console's language, worded from the code, reason and figures the
 * server sent (api/errorText.ts); the server's own text is kept aside (serverMessage) and never shown.
 */
export class ApiError extends Error {
  readonly serverMessage: string;
  constructor(
    serverMessage: string,
    readonly code: string | undefined,
    readonly status: number,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(wordError(code, extensions));
    this.serverMessage = serverMessage;
  }
}

const RENEW = `mutation RenewToken($input: RenewTokenInput!) { renewToken(input: $input) { accessToken accessTokenExpiresAt refreshToken user { id username displayName role unitId mustChangePassword unit { id name } } } }`;

type Answer = { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }> };

async function post(query: string, variables: unknown, token?: string): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    // The server cannot be reached (offline, restarting): an error in words, not the browser's "Failed to fetch".
    return { errors: [{ message: 'network', extensions: { code: 'NETWORK' } }] };
  }
  try {
    return (await res.json()) as Answer;
  } catch {
    return { errors: [{ message: `HTTP ${res.status}`, extensions: { code: res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNKNOWN' } }] };
  }
}

let renewing: Promise<Session | null> | null = null;
/**
 * Renews the session's tokens, once at a time in this tab and across the browser's tabs (Web Locks): the server
 * treats a refresh token presented twice as stolen and ends the session, so a tab that waited for another one's
 * renewal takes the tokens that tab stored instead of presenting the used refresh token again.
 */
export function renewSession(): Promise<Session | null> {
  const seen = loadSession()?.refreshToken;
  const renew = async () => {
    const s = loadSession();
    if (!s) return null;
    if (s.refreshToken !== seen && Date.parse(s.accessTokenExpiresAt) - Date.now() > 60_000) return s;
    const r = await post(RENEW, { input: { refreshToken: s.refreshToken } });
    const renewed = r.data?.renewToken as Partial<Session> | undefined;
    const next: Session | null = renewed ? { ...s, ...renewed } : null;
    saveSession(next);
    return next;
  };
  // locks.request resolves to what the callback resolves to (the DOM typing nests the promise)
  renewing ??= (navigator.locks ? (navigator.locks.request('wz.renew-session', renew) as unknown as Promise<Session | null>) : renew()).finally(() => {
    renewing = null;
  });
  return renewing;
}

/** Runs a typed operation; throws ApiError with the server's message (words, never bare codes). */
export async function gql<V, R>(doc: TypedDocument<V, R> | string, variables?: V, retry = true): Promise<R> {
  let s = loadSession();
  if (s && Date.parse(s.accessTokenExpiresAt) - Date.now() < 60_000) s = await renewSession();
  const r = await post(doc, variables ?? {}, s?.accessToken);
  const err = r.errors?.[0];
  if (err) {
    const code = err.extensions?.code;
    if (code === 'UNAUTHENTICATED' && retry && s) {
      if (await renewSession()) return gql(doc, variables, false);
    }
    if (code === 'FORBIDDEN' && err.extensions?.reason === 'PASSWORD_CHANGE_REQUIRED' && s) {
      saveSession({ ...s, user: { ...s.user, mustChangePassword: true } });
      window.dispatchEvent(new Event(PASSWORD_CHANGE_EVENT));
    }
    throw new ApiError(err.message, code, code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400, err.extensions ?? {});
  }
  return r.data as R;
}
