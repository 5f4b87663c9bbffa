/** The category (领域) tree. Categories are disabled, never deleted, so that history keeps its meaning. */
import type { DataSource } from 'typeorm';
import { pageOf, whereContains } from '../../common/listing';
import { parseId } from '../../common/text';
import { insertTreeNode, moveSubtree } from '../../common/tree';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, conflict, notFound, ErrorReason } from '../../graphql/errors';
import { CategoryFilter, CreateCategoryInput, UpdateCategoryInput } from './category.inputs';
import { Category } from './category.entity';

export class CategoryService {
  constructor(private readonly ds: DataSource) {}

  async get(id: number): Promise<Category> {
    const c = await this.ds.getRepository(Category).findOneBy({ id });
    if (!c) throw notFound('Category', id);
    return c;
  }

  async list(filter: CategoryFilter = {}, page: Page) {
    const qb = this.ds.getRepository(Category).createQueryBuilder('c');
    if (filter.parentId) qb.andWhere('c.parentId = :p', { p: parseId('filter.parentId', filter.parentId) });
    if (filter.topOnly) qb.andWhere('c.parentId IS NULL');
    if (filter.isActive != null) qb.andWhere('c.isActive = :active', { active: filter.isActive });
    whereContains(qb, ['c.name', 'c.code'], filter.search);
    qb.orderBy('c.path', 'ASC').addOrderBy('c.id', 'ASC');
    return pageOf(qb, page);
  }

  async create(input: CreateCategoryInput): Promise<Category> {
    const parentId = input.parentId ? parseId('parentId', input.parentId) : null;
    try {
      return await inTransaction(this.ds, async (em) => {
        const repo = em.getRepository(Category);
        const parent = parentId ? await repo.findOneBy({ id: parentId }) : null;
        if (parentId && !parent) throw badInput('parentId', `上级领域不存在 (no such parent): ${parentId}`, { reason: ErrorReason.PARENT_NOT_FOUND });
        const saved = await insertTreeNode(em, Category, { code: input.code, name: input.name.trim() }, parent, input.sortOrder ?? 0);
        return repo.findOneByOrFail({ id: saved.id });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`领域编码已存在 (category code taken): ${input.code}`, { reason: ErrorReason.CODE_TAKEN, params: { code: input.code } });
      throw e;
    }
  }

  async update(input: UpdateCategoryInput): Promise<Category> {
    const id = parseId('id', input.id);
    if (input.parentId && input.moveToTop) throw badInput('moveToTop', 'give either parentId or moveToTop, not both');
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Category);
      const cat = await repo.findOneBy({ id });
      if (!cat) throw notFound('Category', id);
      if (input.parentId || input.moveToTop) {
        const parent = input.parentId ? await repo.findOneBy({ id: parseId('parentId', input.parentId) }) : null;
        if (input.parentId && !parent)
          throw badInput('parentId', `上级领域不存在 (no such parent): ${input.parentId}`, { reason: ErrorReason.PARENT_NOT_FOUND });
        await moveSubtree(em, Category, cat, parent);
      }
      const fresh = await repo.findOneByOrFail({ id });
      if (input.name != null) fresh.name = input.name.trim();
      if (input.sortOrder != null) fresh.sortOrder = input.sortOrder;
      if (input.isActive != null) fresh.isActive = input.isActive;
      await repo.save(fresh);
      return repo.findOneByOrFail({ id });
    });
  }
}
