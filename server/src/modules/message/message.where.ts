/** Where a list of messages is restricted by place: the staff's and the public's message filters share these. */
import type { SelectQueryBuilder } from 'typeorm';
import { NO_SUCH, whereUnderNode } from '../../common/listing';
import { Category } from '../category/category.entity';
import { Unit } from '../unit/unit.entity';
import type { Message } from './message.entity';

const UNIT_COLUMNS = { unitId: ['m.leadUnitId', 'fu'], regionUnitId: ['m.regionUnitId', 'fr'] } as const;

/**
 * Keeps the messages `m` in the subtree of the category a filter names (categoryId), of its lead unit (unitId) and of
 * its region (regionUnitId); the unit filters are checked in the order `units` gives (the first unknown id is the
 * error).
 */
export async function whereMessagesUnder(
  qb: SelectQueryBuilder<Message>,
  f: { categoryId?: string | null; unitId?: string | null; regionUnitId?: string | null },
  units: ReadonlyArray<keyof typeof UNIT_COLUMNS>,
) {
  if (f.categoryId) {
    await whereUnderNode(
      qb,
      Category,
      { field: 'filter.categoryId', id: f.categoryId, missing: NO_SUCH.category },
      { column: 'm.categoryId', alias: 'fc', param: 'fcat' },
    );
  }
  for (const key of units) {
    const raw = f[key];
    const [column, alias] = UNIT_COLUMNS[key];
    if (raw) await whereUnderNode(qb, Unit, { field: `filter.${key}`, id: raw, missing: NO_SUCH.unit }, { column, alias, param: `${alias}p` });
  }
}
