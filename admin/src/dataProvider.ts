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

/**
 * Resources whose API is not a connection with create/update inputs (SLA policies and holiday overrides are
 * plain lists; API clients return their key once; holiday overrides are keyed by date and may be removed).
 */
type Custom = Partial<Pick<DataProvider, 'getList' | 'getOne' | 'getMany' | 'create' | 'update' | 'delete'>>;

/** Sorts and pages a list the API returns whole (a few dozen rows at most). */
function page<T extends RaRecord>(rows: T[], params: Partial<GetListParams>) {
  const { page: p = 1, perPage = 25 } = params.pagination ?? {};
  const { field, order } = params.sort ?? { field: '', order: 'ASC' };
  const sorted = field
    ? [...rows].sort((a, b) => {
      const x = (a as any)[field], y = (b as any)[field];
      const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return order === 'DESC' ? -c : c;
    })
    : rows;
  return { data: sorted.slice((p - 1) * perPage, p * perPage), total: rows.length };
}

const SLA_KEYS = Ops.SlaPolicyInputKeys.filter((k) => k !== 'id' && k !== 'resetConditions');
const slaInput = (d: Record<string, unknown>) => Object.fromEntries(SLA_KEYS.map((k) => [k, d[k] === '' || d[k] === undefined ? null : d[k]]));
const slaPolicies = async () => (await gql(Ops.SlaPolicies, {})).slaPolicies;
const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
/** Holiday overrides are keyed by their date (YYYY-MM-DD): that is what the API updates and deletes by. */
const holidays = async (year: number) => (await gql(Ops.HolidayOverrides, { year })).holidayOverrides.map((h) => ({ ...h, overrideId: h.id, id: h.date }));
async function apiClient(id: string) {
  for (let offset = 0; ; offset += 100) {
    const r = (await gql(Ops.ApiClients, { first: 100, offset })).apiClients;
    const found = r.nodes.find((c) => c.id === id);
    if (found) return found;
    if (offset + 100 >= r.totalCount) throw new Error('找不到该接入方 (API client not found)');
  }
}

const CUSTOM: Record<string, Custom> = {
  units: {
    /** Name, kind and order through updateUnit; a new parent through moveUnit; enabling/disabling through setUnitActive. */
    async update(resource, params) {
      const prev = params.previousData as Record<string, unknown>;
      const d = params.data as Record<string, unknown>;
      const id = String(params.id);
      const renamed = Ops.UpdateUnitInputKeys.some((k) => k !== 'id' && d[k] !== undefined && JSON.stringify(d[k]) !== JSON.stringify(prev[k]));
      let data = renamed ? (await base.update(resource, params)).data : prev;
      if ((d.parentId ?? null) !== (prev.parentId ?? null)) data = (await gql(Ops.MoveUnit, { input: { id, parentId: (d.parentId as string) || null } })).moveUnit.unit;
      if (d.isActive !== undefined && d.isActive !== prev.isActive) data = (await gql(Ops.SetUnitActive, { input: { id, isActive: !!d.isActive } })).setUnitActive.unit;
      return { data } as never;
    },
  },
  'sla-policies': {
    getList: async (_r, params) => page(await slaPolicies(), params) as never,
    async getOne(_r, params) {
      const p = (await slaPolicies()).find((x) => x.id === String(params.id));
      if (!p) throw new Error('找不到该时限规则 (SLA policy not found)');
      return { data: p } as never;
    },
    async getMany(_r, params) {
      const ids = params.ids.map(String);
      return { data: (await slaPolicies()).filter((x) => ids.includes(x.id)) } as never;
    },
    async create(_r, params) {
      const input = Object.fromEntries(Object.entries(slaInput(params.data)).filter(([, v]) => v !== null));
      return { data: (await gql(Ops.SaveSlaPolicy, { input: input as never })).saveSlaPolicy } as never;
    },
    async update(_r, params) {
      // Every field is sent, conditions included: a condition cleared in the form is cleared on the server.
      const input = { ...slaInput(params.data), id: String(params.id), resetConditions: true };
      return { data: (await gql(Ops.SaveSlaPolicy, { input: input as never })).saveSlaPolicy } as never;
    },
  },
  holidays: {
    async getList(_r, params) {
      // A year being typed (2, 20, 202…) lists nothing rather than raising the API's range error.
      const year = params.filter?.year === undefined || params.filter.year === '' ? thisYear() : Number(params.filter.year);
      if (!(year >= 2000 && year <= 2100)) return { data: [], total: 0 } as never;
      return page(await holidays(year), params) as never;
    },
    async getOne(_r, params) {
      const date = String(params.id);
      const h = (await holidays(Number(date.slice(0, 4)))).find((x) => x.date === date);
      if (!h) throw new Error('该日期没有调整 (no override on this date)');
      return { data: h } as never;
    },
    async create(_r, params) {
      const d = params.data;
      const h = (await gql(Ops.SetHolidayOverride, { input: { date: d.date, isWorkingDay: !!d.isWorkingDay, note: d.note || null } })).setHolidayOverride;
      return { data: { ...h, overrideId: h.id, id: h.date } } as never;
    },
    async update(_r, params) {
      const d = params.data;
      const h = (await gql(Ops.SetHolidayOverride, { input: { date: String(params.id), isWorkingDay: !!d.isWorkingDay, note: d.note || null } })).setHolidayOverride;
      return { data: { ...h, overrideId: h.id, id: h.date } } as never;
    },
    async delete(_r, params) {
      await gql(Ops.DeleteHolidayOverride, { date: String(params.id) });
      return { data: params.previousData ?? { id: params.id } } as never;
    },
  },
  'api-clients': {
    async getList(_r, params) {
      const { page: p = 1, perPage = 25 } = params.pagination ?? {};
      const r = (await gql(Ops.ApiClients, { first: perPage, offset: (p - 1) * perPage })).apiClients;
      return { data: r.nodes, total: r.totalCount } as never;
    },
    getOne: async (_r, params) => ({ data: await apiClient(String(params.id)) }) as never,
    async create(_r, params) {
      const input = clean(pick(params.data, Ops.CreateApiClientInputKeys));
      const r = (await gql(Ops.CreateApiClient, { input: input as never })).createApiClient;
      // The key is shown once, by the create page, from this result; it is never stored in the console.
      return { data: { ...r.client, key: r.key } } as never;
    },
    async update(_r, params) {
      const prev = params.previousData as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(params.data).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(prev[k])));
      const input = { ...pick(changed, Ops.UpdateApiClientInputKeys), id: String(params.id) };
      return { data: (await gql(Ops.UpdateApiClient, { input: input as never })).updateApiClient.client } as never;
    },
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

const base: DataProvider = {
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
    return { data: await Promise.all(params.ids.map(async (id) => (await base.getOne(resource, { id })).data)) } as never;
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

/** The provider react-admin uses: a resource's own handler when it has one, else the connection-based one. */
const route = <K extends keyof Custom>(method: K) => ((resource: string, params: unknown) => {
  const own = CUSTOM[resource]?.[method] as ((r: string, p: unknown) => Promise<unknown>) | undefined;
  return own ? own(resource, params) : (base[method] as (r: string, p: unknown) => Promise<unknown>)(resource, params);
}) as DataProvider[K];

export const dataProvider: DataProvider = {
  ...base,
  getList: route('getList'),
  getOne: route('getOne'),
  async getMany(resource, params) {
    const c = CUSTOM[resource];
    if (c?.getMany) return c.getMany(resource, params);
    if (c?.getOne) return { data: await Promise.all(params.ids.map(async (id) => (await c.getOne!(resource, { id })).data)) } as never;
    return base.getMany(resource, params);
  },
  create: route('create'),
  update: route('update'),
  delete: route('delete'),
};
