/** The per-request DataLoaders of assignments and of the rows that hang on them. */
import { Unit } from '../unit/unit.entity';
import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { groupLoader } from '../../graphql/loaders';
import { sqlName, sqlOnce } from '../../db/rows';
import { UNFINISHED_REPLY_STATES } from '../message/message.enums';
import { OPEN_ASSIGNMENT_STATES } from '../message/message.states';
import { Reply } from '../reply/reply.entity';
import { Assignment, ExtensionRequest } from './assignment.entity';
import { AssignmentObjection } from './objection.entity';
import { Supervision } from '../supervision/supervision.entity';
import { SupervisionKind } from '../message/message.enums';

/** What the guards of an assignment's actions need to know of the rows that hang on it (see assignmentGuardFacts). */
export interface AssignmentGuardFacts {
  extensionPending: boolean;
  objectionPending: boolean;
  /** Kinds of reply with an unfinished draft of the assignment. */
  unfinishedKinds: Set<string>;
  /** An unanswered supervision (督办) of the message for all its units or for the assignment's unit. */
  openSupervision: boolean;
  /**
   * An enabled unit directly below the assignment's unit holds no open hand-down of it (where it could still be handed
   * down to): one row per assignment from the statement, not one per unit below (a department has dozens; issue 19).
   */
  freeUnitBelow: boolean;
}

/** The guard facts' statement (assignmentLoaders), split where a batch's ids go. */
const IDS = '\u0000ids\u0000';
function guardFactsSqlOf(ds: DataSource): readonly string[] {
  const table = (e: EntityTarget<ObjectLiteral>) => sqlName(ds, e);
  const col = (e: EntityTarget<ObjectLiteral>, property: string) => sqlName(ds, e, property);
  const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  return `SELECT 'E' AS t, ${col(ExtensionRequest, 'assignmentId')} AS k, NULL AS u, NULL AS v FROM ${table(ExtensionRequest)}
           WHERE ${col(ExtensionRequest, 'state')} = 'PENDING' AND ${col(ExtensionRequest, 'assignmentId')} IN (${IDS})
         UNION ALL SELECT 'O', ${col(AssignmentObjection, 'assignmentId')}, NULL, NULL FROM ${table(AssignmentObjection)}
           WHERE ${col(AssignmentObjection, 'state')} = 'PENDING' AND ${col(AssignmentObjection, 'assignmentId')} IN (${IDS})
         UNION ALL SELECT 'R', ${col(Reply, 'assignmentId')}, NULL, ${col(Reply, 'kind')} FROM ${table(Reply)}
           WHERE ${col(Reply, 'assignmentId')} IN (${IDS}) AND ${col(Reply, 'state')} IN (${list(UNFINISHED_REPLY_STATES)})
         UNION ALL SELECT 'S', ga.${col(Assignment, 'id')}, NULL, NULL FROM ${table(Supervision)} s
           INNER JOIN ${table(Assignment)} ga ON ga.${col(Assignment, 'messageId')} = s.${col(Supervision, 'messageId')}
           WHERE ga.${col(Assignment, 'id')} IN (${IDS}) AND s.${col(Supervision, 'kind')} = '${SupervisionKind.SUPERVISE}'
             AND s.${col(Supervision, 'respondedAt')} IS NULL
             AND (s.${col(Supervision, 'unitId')} IS NULL OR s.${col(Supervision, 'unitId')} = ga.${col(Assignment, 'unitId')})
         UNION ALL SELECT 'C', ca.${col(Assignment, 'id')}, NULL, NULL FROM ${table(Assignment)} ca
           WHERE ca.${col(Assignment, 'id')} IN (${IDS}) AND EXISTS (SELECT 1 FROM ${table(Unit)} c
             WHERE c.${col(Unit, 'parentId')} = ca.${col(Assignment, 'unitId')} AND c.${col(Unit, 'isActive')} = 1
               AND NOT EXISTS (SELECT 1 FROM ${table(Assignment)} h WHERE h.${col(Assignment, 'parentId')} = ca.${col(Assignment, 'id')}
                 AND h.${col(Assignment, 'unitId')} = c.${col(Unit, 'id')} AND h.${col(Assignment, 'state')} IN (${list(OPEN_ASSIGNMENT_STATES)})))`.split(IDS);
}

export function assignmentLoaders(ds: DataSource) {
  const extensionsByAssignment = groupLoader(ds, ExtensionRequest, 'assignmentId');
  const objectionsByAssignment = groupLoader(ds, AssignmentObjection, 'assignmentId');
  return {
    /**
     * A message's assignments with their units, extension requests and objections, in one statement (the detail page
     * shows all three): the requests and objections answer extensionsByAssignment and objectionsByAssignment.
     */
    assignmentsByMessage: groupLoader(ds, Assignment, 'messageId', { column: 'unitId', entity: Unit }, [
      { entity: ExtensionRequest, column: 'assignmentId', prime: (id, rows) => extensionsByAssignment.prime(id, rows as ExtensionRequest[]) },
      { entity: AssignmentObjection, column: 'assignmentId', prime: (id, rows) => objectionsByAssignment.prime(id, rows as AssignmentObjection[]) },
    ]),
    extensionsByAssignment,
    objectionsByAssignment,
    /**
     * The guard facts of a page of assignments in one statement (pending extension, pending objection,
     * unfinished replies, open supervision, whether an enabled unit below holds no open hand-down of it), so that availableActions of N rows costs the same few statements as of one.
     */
    assignmentGuardFacts: new DataLoader<number, AssignmentGuardFacts>(
      async (keys) => {
        const ids = [...new Set(keys)].filter((id) => Number.isSafeInteger(id)).join(',') || '0';
        // the statement's text is built once (split where the ids go): only the ids change from batch to batch
        const sql = sqlOnce(ds, 'assignment.guardFacts', () => guardFactsSqlOf(ds));
        const rows: Array<{ t: string; k: number | string; u: number | string | null; v: string | null }> = await ds.query(sql.join(ids));
        const facts = new Map<number, AssignmentGuardFacts>();
        const of = (id: number) => {
          let f = facts.get(id);
          if (!f)
            facts.set(
              id,
              (f = {
                extensionPending: false,
                objectionPending: false,
                unfinishedKinds: new Set(),
                openSupervision: false,
                freeUnitBelow: false,
              }),
            );
          return f;
        };
        for (const r of rows) {
          const f = of(Number(r.k));
          if (r.t === 'E') f.extensionPending = true;
          else if (r.t === 'O') f.objectionPending = true;
          else if (r.t === 'R' && r.v) f.unfinishedKinds.add(r.v);
          else if (r.t === 'S') f.openSupervision = true;
          else if (r.t === 'C') f.freeUnitBelow = true;
        }
        return keys.map((id) => of(id));
      },
      { maxBatchSize: 1000 },
    ),
  };
}
