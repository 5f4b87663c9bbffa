/** Leaders: the people with public titles that citizens may address. */
import type { DataSource } from 'typeorm';
import { pageOf, whereContains, whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { inTransaction } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, notFound, ErrorReason } from '../../graphql/errors';
import { Unit } from '../unit/unit.entity';
import { CreateLeaderInput, LeaderFilter, UpdateLeaderInput } from './leader.inputs';
import { Leader } from './leader.entity';

export class LeaderService {
  constructor(private readonly ds: DataSource) {}

  async get(id: number): Promise<Leader> {
    const leader = await this.ds.getRepository(Leader).findOneBy({ id });
    if (!leader) throw notFound('Leader', id);
    return leader;
  }

  async list(filter: LeaderFilter = {}, page: Page) {
    const qb = this.ds.getRepository(Leader).createQueryBuilder('l').innerJoin(Unit, 'un', 'un.id = l.unitId');
    if (filter.unitId) {
      const unit = await this.ds.getRepository(Unit).findOneBy({ id: parseId('filter.unitId', filter.unitId) });
      if (!unit) throw notFound('Unit', filter.unitId);
      whereInSubtree(qb, 'un.path', unit.path, 'sub');
    }
    if (filter.isActive != null) qb.andWhere('l.isActive = :active', { active: filter.isActive });
    whereContains(qb, ['l.name', 'l.title'], filter.search);
    qb.orderBy('un.path', 'ASC').addOrderBy('l.sortOrder', 'ASC').addOrderBy('l.id', 'ASC');
    return pageOf(qb, page);
  }

  async create(input: CreateLeaderInput): Promise<Leader> {
    const unitId = await this.activeUnitId(input.unitId);
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Leader);
      const saved = await repo.save(
        repo.create({ name: input.name.trim(), title: input.title.trim(), unitId, sortOrder: input.sortOrder ?? 0, isActive: true }),
      );
      return repo.findOneByOrFail({ id: saved.id });
    });
  }

  async update(input: UpdateLeaderInput): Promise<Leader> {
    const id = parseId('id', input.id);
    const unitId = input.unitId ? await this.activeUnitId(input.unitId) : undefined;
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Leader);
      const leader = await repo.findOneBy({ id });
      if (!leader) throw notFound('Leader', id);
      if (input.name != null) leader.name = input.name.trim();
      if (input.title != null) leader.title = input.title.trim();
      if (unitId !== undefined) leader.unitId = unitId;
      if (input.sortOrder != null) leader.sortOrder = input.sortOrder;
      if (input.isActive != null) leader.isActive = input.isActive;
      await repo.save(leader);
      return repo.findOneByOrFail({ id });
    });
  }

  private async activeUnitId(raw: string): Promise<number> {
    const unitId = parseId('unitId', raw);
    const unit = await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw badInput('unitId', `单位不存在 (no such unit): ${unitId}`, { reason: ErrorReason.UNIT_NOT_FOUND });
    if (!unit.isActive) throw badInput('unitId', '单位已停用 (unit disabled)', { reason: ErrorReason.UNIT_DISABLED });
    return unitId;
  }
}
