/**
 * What the viewer may do in the console: the server's `capabilities` of the logged-in user (server/src/auth/
 * capabilities.ts), kept in the session and handed to react-admin as its permissions. Menus, lists and forms are shown
 * from them; the console holds no list of roles.
 */
import { usePermissions } from 'react-admin';
import type { Capability } from './generated/graphql';

/** Whether the permissions react-admin holds (the viewer's capabilities) include one. */
export const can = (permissions: unknown, capability: Capability): boolean => Array.isArray(permissions) && permissions.includes(capability);

/** The viewer's capabilities as a test: `const may = useCan(); may('SLA_MANAGE')`. */
export function useCan(): (capability: Capability) => boolean {
  const { permissions } = usePermissions();
  return (capability) => can(permissions, capability);
}
