import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import type { Viewer, StaffViewer } from '../auth/viewer';
import type { Loaders } from './loaders';
import type { Services } from '../services';
import { isServiceUnavailable, unauthenticated } from './errors';

/** An API client as its key authenticates it. */
type ClientPrincipal = Awaited<ReturnType<Services['apiClients']['authenticate']>>;

/** The third-party caller of a request, by API key (x-api-key), if any. */
export interface ApiCaller {
  client: ClientPrincipal | null;
  /** Why the key given was refused (raised by the first public operation that needs it). */
  clientError: unknown;
  /** The browser origin (checked against the client's allowed origins before the request runs). */
  origin: string | null;
}

export const NO_API_CALLER: ApiCaller = { client: null, clientError: null, origin: null };

/** The client named by an x-api-key header; a refused key is kept as `clientError` (an unreachable database is thrown). */
export async function apiCallerOf(services: Services, key: unknown): Promise<ApiCaller> {
  if (typeof key !== 'string' || !key) return NO_API_CALLER;
  try {
    return { client: await services.apiClients.authenticate(key), clientError: null, origin: null };
  } catch (e) {
    if (isServiceUnavailable(e)) throw e;
    return { client: null, clientError: e, origin: null };
  }
}

/**
 * What every resolver and service receives for one request (or one subscription operation):
 * who is asking, from where, the per-request DataLoaders and the app's services.
 */
export interface RequestContext extends ApiCaller {
  config: AppConfig;
  ds: DataSource;
  services: Services;
  viewer: Viewer;
  loaders: Loaders;
  /** The caller's address: the end user's for a key that may pass it (x-end-user-ip), else the peer's. */
  ip: string;
  requestId: string;
}

/** The staff viewer, or UNAUTHENTICATED. */
export function requireStaff(ctx: RequestContext): StaffViewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
