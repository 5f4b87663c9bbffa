/** The unit tree: listing, creation, renaming, moving (with the subtree), disabling. Units are never deleted. */
import type { DataSource } from 'typeorm';
import { pageOf, whereContains, whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { insertTreeNode, moveSubtree } from '../../common/tree';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { Page, SortDirection } from '../../graphql/connection';
import { badInput, conflict, notFound, ErrorReason } from '../../graphql/errors';
import { CreateUnitInput, MoveUnitInput, UnitFilter, UnitSort, UnitSortField, UpdateUnitInput } from './unit.inputs';
import { Unit } from './unit.entity';

const SORT: Record<UnitSortField, string[]> = {
  PATH: ['u.path'],
  NAME: ['u.name'],
  SORT_ORDER: ['u.sortOrder', 'u.name'],
  CREATED_AT: ['u.createdAt'],
};

export class UnitService {
  constructor(private readonly ds: DataSource) {}

  async get(id: number): Promise<Unit> {
    const unit = await this.ds.getRepository(Unit).findOneBy({ id });
    if (!unit) throw notFound('Unit', id);
    return unit;
  }

  async list(filter: UnitFilter = {}, sort: UnitSort | undefined, page: Page) {
    const qb = this.ds.getRepository(Unit).createQueryBuilder('u');
    if (filter.parentId) qb.andWhere('u.parentId = :parentId', { parentId: parseId('filter.parentId', filter.parentId) });
    if (filter.rootsOnly) qb.andWhere('u.parentId IS NULL');
    // the rule of canHandleMessages (unit.entity.ts), in SQL
    if (filter.handlesMessages === true) qb.andWhere('u.parentId IS NOT NULL AND u.level > 0');
    if (filter.handlesMessages === false) qb.andWhere('(u.parentId IS NULL OR u.level = 0)');
    if (filter.subtreeOf) {
      const root = await this.get(parseId('filter.subtreeOf', filter.subtreeOf));
      whereInSubtree(qb, 'u.path', root.path, 'sub');
    }
    if (filter.kinds?.length) qb.andWhere('u.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.ids?.length) qb.andWhere('u.id IN (:...ids)', { ids: filter.ids.map((id) => parseId('filter.ids', id)) });
    if (filter.isActive !== undefined && filter.isActive !== null) qb.andWhere('u.isActive = :active', { active: filter.isActive });
    whereContains(qb, ['u.name', 'u.code'], filter.search);
    const dir = sort?.direction ?? SortDirection.ASC;
    const [first, ...rest] = SORT[sort?.field ?? UnitSortField.PATH];
    qb.orderBy(first, dir);
    for (const c of rest) qb.addOrderBy(c, dir);
    qb.addOrderBy('u.id', 'ASC');
    return pageOf(qb, page);
  }

  async create(input: CreateUnitInput): Promise<Unit> {
    const parentId = input.parentId ? parseId('parentId', input.parentId) : null;
    try {
      return await inTransaction(this.ds, async (em) => {
        const repo = em.getRepository(Unit);
        const parent = parentId ? await repo.findOneBy({ id: parentId }) : null;
        if (parentId && !parent) throw badInput('parentId', `上级单位不存在 (no such parent unit): ${parentId}`, { reason: ErrorReason.PARENT_NOT_FOUND });
        if (parent && !parent.isActive) throw badInput('parentId', '上级单位已停用 (parent unit is disabled)', { reason: ErrorReason.PARENT_UNIT_DISABLED });
        const unit = await insertTreeNode(em, Unit, { code: input.code, name: input.name.trim(), kind: input.kind }, parent, input.sortOrder ?? 0);
        return repo.findOneByOrFail({ id: unit.id });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`单位编码已存在 (unit code taken): ${input.code}`, { reason: ErrorReason.CODE_TAKEN, params: { code: input.code } });
      throw e;
    }
  }

  async update(input: UpdateUnitInput): Promise<Unit> {
    const id = parseId('id', input.id);
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Unit);
      const unit = await repo.findOneBy({ id });
      if (!unit) throw notFound('Unit', id);
      if (input.name != null) unit.name = input.name.trim();
      if (input.kind != null) unit.kind = input.kind;
      if (input.sortOrder != null) unit.sortOrder = input.sortOrder;
      await repo.save(unit);
      return repo.findOneByOrFail({ id });
    });
  }

  async move(input: MoveUnitInput): Promise<Unit> {
    const id = parseId('id', input.id);
    const parentId = input.parentId ? parseId('parentId', input.parentId) : null;
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Unit);
      const unit = await repo.findOneBy({ id });
      if (!unit) throw notFound('Unit', id);
      const parent = parentId ? await repo.findOneBy({ id: parentId }) : null;
      if (parentId && !parent) throw badInput('parentId', `上级单位不存在 (no such parent unit): ${parentId}`, { reason: ErrorReason.PARENT_NOT_FOUND });
      await moveSubtree(em, Unit, unit, parent);
      return repo.findOneByOrFail({ id });
    });
  }

  /** Disabling keeps the unit and its history; a unit with enabled children cannot be disabled. */
  async setActive(idRaw: string, isActive: boolean): Promise<Unit> {
    const id = parseId('id', idRaw);
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Unit);
      const unit = await repo.findOneBy({ id });
      if (!unit) throw notFound('Unit', id);
      if (!isActive && (await repo.countBy({ parentId: id, isActive: true })) > 0) {
        throw conflict('请先停用下级单位 (disable the child units first)', { reason: ErrorReason.CHILD_UNITS_ACTIVE });
      }
      if (isActive && unit.parentId) {
        const parent = await repo.findOneByOrFail({ id: unit.parentId });
        if (!parent.isActive) throw conflict('上级单位已停用 (enable the parent unit first)', { reason: ErrorReason.PARENT_UNIT_DISABLED });
      }
      unit.isActive = isActive;
      await repo.save(unit);
      return repo.findOneByOrFail({ id });
    });
  }
}
