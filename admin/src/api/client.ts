/**
 * The console's GraphQL client: one fetch per operation, the access token attached, renewed before it
 * expires (and once more on UNAUTHENTICATED), and errors turned into words for the user.
 */
import type { TypedDocument } from '../generated/graphql';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: { id: string; username: string; displayName: string; role: string; unitId: string; unit: { id: string; name: string } };
}

const KEY = 'wz.session';
export const loadSession = (): Session | null => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
};
export const saveSession = (s: Session | null) => (s ? localStorage.setItem(KEY, JSON.stringify(s)) : localStorage.removeItem(KEY));

export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly status: number, readonly extensions: Record<string, unknown> = {}) {
    super(message);
  }
}

const RENEW = `mutation RenewToken($input: RenewTokenInput!) { renewToken(input: $input) { accessToken accessTokenExpiresAt refreshToken user { id username displayName role unitId unit { id name } } } }`;

async function post(query: string, variables: unknown, token?: string) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }> };
}

let renewing: Promise<Session | null> | null = null;
export function renewSession(): Promise<Session | null> {
  renewing ??= (async () => {
    const s = loadSession();
    if (!s) return null;
    const r = await post(RENEW, { input: { refreshToken: s.refreshToken } });
    const next = r.data?.renewToken ? { ...s, ...r.data.renewToken } : null;
    saveSession(next);
    return next;
  })().finally(() => { renewing = null; });
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
    throw new ApiError(err.message, code, code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400, err.extensions ?? {});
  }
  return r.data as R;
}
