/** Unit-subtree scoping: a unit role acts on its own unit and the units below it, nothing else. */
import { forbidden, ErrorReason } from '../graphql/errors';
import { isUnitScoped, StaffViewer } from './viewer';

/** True when the viewer may see/act on a unit with this materialised path. */
export function unitInScope(viewer: StaffViewer, unitPath: string): boolean {
  return !isUnitScoped(viewer) || unitPath.startsWith(viewer.unitPath);
}

export function assertUnitInScope(viewer: StaffViewer, unitPath: string, what = '该单位'): void {
  if (!unitInScope(viewer, unitPath))
    throw forbidden(`无权操作${what}：不在本单位及下级单位范围内 (outside your unit's subtree)`, { reason: ErrorReason.OUTSIDE_UNITS });
}

/** The path prefix that bounds the viewer's reach, or null when the role is not unit-scoped. */
export function scopePrefix(viewer: StaffViewer): string | null {
  return isUnitScoped(viewer) ? viewer.unitPath : null;
}
