import { Role, UNIT_SCOPED_ROLES } from './roles';

/** The authenticated staff user of a request, as resolved from a valid access token and live session. */
export interface StaffViewer {
  kind: 'staff';
  userId: number;
  username: string;
  role: Role;
  unitId: number;
  /** Materialised path of the viewer's unit ("/1/4/"): unit roles act on units whose path starts with it. */
  unitPath: string;
  leaderId: number | null;
  sessionId: string;
  /** The password is a temporary one: until it is changed only `me`, `changeMyPassword` and `logout` work (./passwordChange.ts). */
  mustChangePassword: boolean;
}

export type Viewer = StaffViewer | null;

/** True when the role's reach is limited to its unit's subtree. */
export const isUnitScoped = (v: StaffViewer) => UNIT_SCOPED_ROLES.has(v.role);
