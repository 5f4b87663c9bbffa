/**
 * Reply templates (常用语): a handler uses those of their unit and of every unit above it (the path of their
 * unit); a unit reviewer manages those of their unit and the units below it; an administrator any unit's.
 * Outside the viewer's reach a template answers like a missing one.
 */
import { In, type DataSource } from 'typeorm';
import { Capability, roleCan } from '../../auth/capabilities';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { parseId } from '../../common/text';
import { badInput, ErrorReason, forbidden, notFound } from '../../graphql/errors';
import { Unit } from '../unit/unit.entity';
import { ReplyTemplate } from './reply-template.entity';
import type { CreateReplyTemplateInput, ReplyTemplateFilter, UpdateReplyTemplateInput } from './reply-template.inputs';

/** Templates a list returns at most (a unit keeps a few dozen). */
const LIST_MAX = 500;

/** Unit ids along a materialised path ("/1/4/17/" → [1, 4, 17]). */
const idsOnPath = (path: string) => path.split('/').filter(Boolean).map(Number);

export class ReplyTemplateService {
  constructor(private readonly ds: DataSource) {}

  async list(viewer: StaffViewer, filter: ReplyTemplateFilter): Promise<ReplyTemplate[]> {
    const qb = this.ds.getRepository(ReplyTemplate).createQueryBuilder('t');
    if (filter.manage) {
      this.assertManager(viewer);
      if (!roleCan(viewer.role, Capability.TEMPLATE_MANAGE_ALL_UNITS))
        qb.innerJoin(Unit, 'u', 'u.id = t.unitId').andWhere('u.path LIKE :p', { p: `${viewer.unitPath}%` });
      if (filter.unitId) qb.andWhere('t.unitId = :unit', { unit: parseId('unitId', filter.unitId) });
    } else {
      qb.where({ unitId: In(idsOnPath(viewer.unitPath)), isActive: true });
    }
    return qb.orderBy('t.unitId', 'DESC').addOrderBy('t.sortOrder', 'ASC').addOrderBy('t.id', 'ASC').take(LIST_MAX).getMany();
  }

  async create(viewer: StaffViewer, input: CreateReplyTemplateInput): Promise<ReplyTemplate> {
    this.assertManager(viewer);
    const unitId = input.unitId ? parseId('unitId', input.unitId) : viewer.unitId;
    const unit = await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit || !unitInScope(viewer, unit.path)) throw badInput('unitId', `单位不存在 (no such unit): ${unitId}`, { reason: ErrorReason.UNIT_NOT_FOUND });
    const repo = this.ds.getRepository(ReplyTemplate);
    const saved = await repo.save(
      repo.create({ unitId, title: input.title.trim(), text: input.text, sortOrder: input.sortOrder ?? 0, isActive: true, createdById: viewer.userId }),
    );
    return repo.findOneByOrFail({ id: saved.id });
  }

  async update(viewer: StaffViewer, input: UpdateReplyTemplateInput): Promise<ReplyTemplate> {
    this.assertManager(viewer);
    const id = parseId('id', input.id);
    const repo = this.ds.getRepository(ReplyTemplate);
    const tpl = await repo.findOneBy({ id });
    const unit = tpl ? await this.ds.getRepository(Unit).findOneBy({ id: tpl.unitId }) : null;
    if (!tpl || !unit || !unitInScope(viewer, unit.path)) throw notFound('ReplyTemplate', id);
    const patch: Partial<ReplyTemplate> = {};
    if (input.title !== undefined) patch.title = input.title.trim();
    if (input.text !== undefined) patch.text = input.text;
    if (input.sortOrder !== undefined) patch.sortOrder = input.sortOrder;
    if (input.isActive !== undefined) patch.isActive = input.isActive;
    if (Object.keys(patch).length) await repo.update(id, patch);
    return repo.findOneByOrFail({ id });
  }

  /** Handlers read; reviewers and administrators keep them. */
  private assertManager(viewer: StaffViewer) {
    if (!roleCan(viewer.role, Capability.TEMPLATE_MANAGE))
      throw forbidden('只有单位审核人和管理员可以维护常用语 (reviewers and administrators keep templates)', {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role },
      });
  }
}
