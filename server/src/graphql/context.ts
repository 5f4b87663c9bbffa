import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import type { Viewer, StaffViewer } from '../auth/viewer';
import type { Loaders } from './loaders';
import type { Services } from '../services';
import { unauthenticated } from './errors';

/**
 * What every resolver and service receives for one request (or one subscription operation):
 * who is asking, from where, the per-request DataLoaders and the app's services.
 */
export interface RequestContext {
  config: AppConfig;
  ds: DataSource;
  services: Services;
  viewer: Viewer;
  loaders: Loaders;
  ip: string;
  requestId: string;
}

/** The staff viewer, or UNAUTHENTICATED. */
export function requireStaff(ctx: RequestContext): StaffViewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
