/**
 * The reach rule of messages as SQL (docs/security.md): the same rule as `canViewIn` (message.service.ts), for queries
 * that read many messages at once (the list, the ledger, a page of groups' members).
 */
import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { Role } from '../user/user.entity';
import { READABLE_ASSIGNMENT_STATES } from './message.states';

/**
 * Unit roles see messages assigned to their subtree; leaders also those addressed to them or their region.
 * The query must have the message as alias `m` (its own root, or joined).
 */
export function applyMessageVisibility<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, viewer: StaffViewer): void {
  if (!isUnitScoped(viewer)) return;
  const scope = { vscope: `${viewer.unitPath}%`, vstates: READABLE_ASSIGNMENT_STATES };
  const assigned = `EXISTS (SELECT 1 FROM assignment va INNER JOIN unit vu ON vu.id = va.unitId WHERE va.messageId = m.id AND va.state IN (:...vstates) AND vu.path LIKE :vscope)`;
  if (viewer.role !== Role.LEADER) {
    qb.andWhere(assigned, scope);
    return;
  }
  qb.andWhere(
    new Brackets((w) => {
      w.where(assigned, scope)
        .orWhere('m.regionUnitId IN (SELECT ru.id FROM unit ru WHERE ru.path LIKE :vscope)', scope)
        .orWhere('m.addressedUnitId IN (SELECT au.id FROM unit au WHERE au.path LIKE :vscope)', scope);
      if (viewer.leaderId !== null) w.orWhere('m.addressedLeaderId = :vleader', { vleader: viewer.leaderId });
    }),
  );
}
