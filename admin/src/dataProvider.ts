/**
 * react-admin's data provider over the schema's connections: getList → `<list>(first, offset, filter, sort)
 * { totalCount nodes }`, getOne → `<one>(id)`, create/update → `create<X>` / `update<X>` taking one input.
 * Each resource declares its operations (typed, generated from schema/schema.graphql) and how react-admin's
 * filters map onto the API's filter input.
 */
import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { gql } from './api/client';
import * as Ops from './generated/graphql';

type AnyDoc = Ops.TypedDocument<any, any>;
interface ResourceOps {
  list: AnyDoc;
  listField: string;
  one?: AnyDoc;
  oneField?: string;
  create?: AnyDoc;
  createPath?: [string, string];
  update?: AnyDoc;
  updatePath?: [string, string];
  /** Turns react-admin's filter values into the API's filter input. */
  filter?: (f: Record<string, unknown>) => Record<string, unknown>;
  sort?: (field: string, order: 'ASC' | 'DESC') => Record<string, unknown> | undefined;
  /** Keys the update input accepts (others are dropped). */
  updateKeys?: readonly string[];
  createKeys?: readonly string[];
}

const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));
const pick = (o: Record<string, unknown>, keys?: readonly string[]) => (keys ? Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) : o);
const arr = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Array.isArray(v) ? v : [v]);

const RESOURCES: Record<string, ResourceOps> = {
  messages: {
    list: Ops.Messages, listField: 'messages', one: Ops.MessageDetail, oneField: 'message',
    create: Ops.CreateMessage, createPath: ['createMessage', 'message'], createKeys: Ops.CreateMessageInputKeys,
    filter: (f) => clean({
      states: arr(f.state), types: arr(f.type), channels: arr(f.channel), keyword: f.q, warningLevel: f.warningLevel,
      unitId: f.unitId, categoryId: f.categoryId, leaderId: f.leaderId, serialNo: f.serialNo,
      submittedFrom: f.submittedFrom ? new Date(String(f.submittedFrom)).toISOString() : undefined,
      submittedTo: f.submittedTo ? new Date(new Date(String(f.submittedTo)).getTime() + 86400_000).toISOString() : undefined,
      ids: arr(f.ids),
    }),
    sort: (field, order) => ({ field: { replyDueAt: 'REPLY_DUE_AT', updatedAt: 'UPDATED_AT' }[field] ?? 'SUBMITTED_AT', direction: order }),
  },
  inbox: { list: Ops.Inbox, listField: 'inbox', one: Ops.AssignmentDetail, oneField: 'assignment', filter: (f) => clean({ states: arr(f.state), warningLevel: f.warningLevel }) },
  reviews: { list: Ops.ReviewQueue, listField: 'reviewQueue' },
  units: {
    list: Ops.Units, listField: 'units', one: Ops.Unit, oneField: 'unit',
    create: Ops.CreateUnit, createPath: ['createUnit', 'unit'], createKeys: Ops.CreateUnitInputKeys,
    update: Ops.UpdateUnit, updatePath: ['updateUnit', 'unit'], updateKeys: Ops.UpdateUnitInputKeys,
    filter: (f) => clean({ search: f.q, kinds: arr(f.kind), isActive: f.isActive, parentId: f.parentId, ids: arr(f.ids), subtreeOf: f.subtreeOf }),
    sort: (field, order) => ({ field: { name: 'NAME', sortOrder: 'SORT_ORDER', createdAt: 'CREATED_AT' }[field] ?? 'PATH', direction: order }),
  },
  users: {
    list: Ops.Users, listField: 'users', one: Ops.User, oneField: 'user',
    create: Ops.CreateUser, createPath: ['createUser', 'user'], createKeys: Ops.CreateUserInputKeys,
    update: Ops.UpdateUser, updatePath: ['updateUser', 'user'], updateKeys: Ops.UpdateUserInputKeys,
    filter: (f) => clean({ search: f.q, roles: arr(f.role), isActive: f.isActive, unitId: f.unitId }),
    sort: (field, order) => ({ field: { displayName: 'DISPLAY_NAME', createdAt: 'CREATED_AT', lastLoginAt: 'LAST_LOGIN_AT' }[field] ?? 'USERNAME', direction: order }),
  },
  leaders: {
    list: Ops.Leaders, listField: 'leaders', one: Ops.Leader, oneField: 'leader',
    create: Ops.CreateLeader, createPath: ['createLeader', 'leader'], createKeys: Ops.CreateLeaderInputKeys,
    update: Ops.UpdateLeader, updatePath: ['updateLeader', 'leader'], updateKeys: Ops.UpdateLeaderInputKeys,
    filter: (f) => clean({ search: f.q, isActive: f.isActive, unitId: f.unitId }),
  },
  categories: {
    list: Ops.Categories, listField: 'categories', one: Ops.Category, oneField: 'category',
    create: Ops.CreateCategory, createPath: ['createCategory', 'category'], createKeys: Ops.CreateCategoryInputKeys,
    update: Ops.UpdateCategory, updatePath: ['updateCategory', 'category'], updateKeys: Ops.UpdateCategoryInputKeys,
    filter: (f) => clean({ search: f.q, isActive: f.isActive, parentId: f.parentId, topOnly: f.topOnly }),
  },
};

function ops(resource: string): ResourceOps {
  const r = RESOURCES[resource];
  if (!r) throw new Error(`unknown resource ${resource}`);
  return r;
}

async function list(resource: string, params: Partial<GetListParams>) {
  const r = ops(resource);
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const vars: Record<string, unknown> = { first: perPage, offset: (page - 1) * perPage };
  const filter = r.filter?.(params.filter ?? {});
  if (filter && Object.keys(filter).length) vars.filter = filter;
  const sort = params.sort && r.sort?.(params.sort.field, params.sort.order as 'ASC' | 'DESC');
  if (sort) vars.sort = sort;
  const data = await gql(r.list, vars);
  const conn = data[r.listField];
  return { data: conn.nodes as RaRecord[], total: conn.totalCount as number };
}

export const dataProvider: DataProvider = {
  getList: (resource, params) => list(resource, params) as never,
  async getOne(resource, params) {
    const r = ops(resource);
    if (!r.one) throw new Error(`${resource} has no detail view`);
    const data = await gql(r.one, { id: String(params.id) });
    return { data: data[r.oneField!] };
  },
  async getMany(resource, params) {
    const r = ops(resource);
    if (r.filter?.({ ids: ['1'] }).ids) return list(resource, { filter: { ids: params.ids.map(String) }, pagination: { page: 1, perPage: 100 } }) as never;
    return { data: await Promise.all(params.ids.map(async (id) => (await dataProvider.getOne(resource, { id })).data)) } as never;
  },
  async getManyReference(resource, params) {
    return list(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }) as never;
  },
  async create(resource, params) {
    const r = ops(resource);
    if (!r.create) throw new Error(`${resource} cannot be created here`);
    const data = await gql(r.create, { input: clean(pick(params.data, r.createKeys)) });
    return { data: data[r.createPath![0]][r.createPath![1]] };
  },
  async update(resource, params) {
    const r = ops(resource);
    if (!r.update) throw new Error(`${resource} cannot be edited here`);
    const changed = Object.fromEntries(Object.entries(params.data).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((params.previousData as Record<string, unknown>)[k])));
    const data = await gql(r.update, { input: { ...pick(changed, r.updateKeys), id: String(params.id) } });
    return { data: data[r.updatePath![0]][r.updatePath![1]] };
  },
  async updateMany() {
    throw new Error('不支持批量修改');
  },
  async delete() {
    throw new Error('记录不能删除：请停用 (records are disabled, never deleted)');
  },
  async deleteMany() {
    throw new Error('记录不能删除：请停用 (records are disabled, never deleted)');
  },
};
