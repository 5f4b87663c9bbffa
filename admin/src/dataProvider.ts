/**
 * react-admin's data provider over the schema's connections: getList → `<list>(first, offset, filter, sort)
 * { totalCount nodes }`, getOne → `<one>(id)`, create/update → `create<X>` / `update<X>` taking one input.
 * Each resource declares its operations (typed, generated from schema/schema.graphql) and how react-admin's
 * filters map onto the API's filter input.
 */
import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { gql } from './api/client';
import { i18nProvider } from './i18n/i18nProvider';

const notFoundError = (entity: string) =>
  new Error(i18nProvider.translate('wz.errors.code.NOT_FOUND', { entity: i18nProvider.translate(`wz.errors.entity.${entity}`) }));
import * as Ops from './generated/graphql';
import { shanghaiNow } from './components/common';

/** A resource's operation: typed variables and answer are generated; here only the field it answers under is known. */
type AnyDoc = Ops.TypedDocument<Record<string, unknown>, unknown>;
/** A field of an answer by name (each resource names the field its operations answer under). */
const fieldOf = <T>(data: unknown, name: string): T => (data as Record<string, T>)[name];
/** A list operation's answer: one page of a connection. */
type Connection = { totalCount: number; totalIsCapped?: boolean; nodes: RaRecord[] };
interface ResourceOps {
  list: AnyDoc;
  listField: string;
  one?: AnyDoc;
  oneField?: string;
  create?: AnyDoc;
  createPath?: [string, string];
  /** Fields of the create payload beside the record that the page needs once (a message's query code). */
  createExtra?: string[];
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

/** The message list's filter values (react-admin's) as the API's MessageFilter; the CSV export sends the same. */
export const messageFilterInput = (f: Record<string, unknown>) =>
  clean({
    states: arr(f.state),
    types: arr(f.type),
    channels: arr(f.channel),
    keyword: f.q,
    warningLevel: f.warningLevel,
    unitId: f.unitId,
    categoryId: f.categoryId,
    leaderId: f.leaderId,
    serialNo: f.serialNo,
    addressedToMe: f.addressedToMe,
    submittedFrom: f.submittedFrom ? new Date(String(f.submittedFrom)).toISOString() : undefined,
    submittedTo: f.submittedTo ? new Date(new Date(String(f.submittedTo)).getTime() + 86400_000).toISOString() : undefined,
    ids: arr(f.ids),
  });

/** The message list's sort (react-admin's field and order) as the API's MessageSort. */
const messageSort: ResourceOps['sort'] = (field, order) => ({
  field: { replyDueAt: 'REPLY_DUE_AT', updatedAt: 'UPDATED_AT' }[field] ?? 'SUBMITTED_AT',
  direction: order,
});

/**
 * The operations of a type the console reads one by one, creates and updates, all named after it (Unit: `unit(id)`,
 * `createUnit` and `updateUnit` answering `{ unit }`, and the keys of CreateUnitInput and UpdateUnitInput).
 */
const editable = (type: 'Unit' | 'User' | 'Leader' | 'Category'): Partial<ResourceOps> => {
  const field = type[0].toLowerCase() + type.slice(1);
  return {
    one: Ops[type],
    oneField: field,
    create: Ops[`Create${type}`],
    createPath: [`create${type}`, field],
    createKeys: Ops[`Create${type}InputKeys`],
    update: Ops[`Update${type}`],
    updatePath: [`update${type}`, field],
    updateKeys: Ops[`Update${type}InputKeys`],
  };
};

const RESOURCES: Record<string, ResourceOps> = {
  messages: {
    list: Ops.Messages,
    listField: 'messages',
    one: Ops.MessageDetail,
    oneField: 'message',
    create: Ops.CreateMessage,
    createPath: ['createMessage', 'message'],
    createKeys: Ops.CreateMessageInputKeys,
    createExtra: ['queryCode'],
    filter: messageFilterInput,
    sort: messageSort,
  },
  inbox: {
    list: Ops.Inbox,
    listField: 'inbox',
    one: Ops.AssignmentDetail,
    oneField: 'assignment',
    filter: (f) => clean({ states: arr(f.state), warningLevel: f.warningLevel, search: f.q }),
  },
  reviews: { list: Ops.ReviewQueue, listField: 'reviewQueue' },
  /** Urging, supervision and instructions (督办跟踪), by status. */
  supervisions: { list: Ops.Supervisions, listField: 'supervisions', filter: (f) => clean({ status: f.status, kinds: arr(f.kind), unitId: f.unitId }) },
  /** A leader's own messages (致我的留言): the message list with the leader's filter always on. */
  addressed: {
    list: Ops.AddressedMessages,
    listField: 'messages',
    filter: (f) => ({ ...messageFilterInput(f), addressedToMe: true }),
    sort: messageSort,
  },
  units: {
    list: Ops.Units,
    listField: 'units',
    ...editable('Unit'),
    filter: (f) =>
      clean({
        search: f.q,
        kinds: arr(f.kind),
        isActive: f.isActive,
        parentId: f.parentId,
        ids: arr(f.ids),
        subtreeOf: f.subtreeOf,
        handlesMessages: f.handlesMessages,
      }),
    sort: (field, order) => ({ field: { name: 'NAME', sortOrder: 'SORT_ORDER', createdAt: 'CREATED_AT' }[field] ?? 'PATH', direction: order }),
  },
  users: {
    list: Ops.Users,
    listField: 'users',
    ...editable('User'),
    filter: (f) => clean({ search: f.q, roles: arr(f.role), isActive: f.isActive, unitId: f.unitId }),
    sort: (field, order) => ({
      field: { displayName: 'DISPLAY_NAME', createdAt: 'CREATED_AT', lastLoginAt: 'LAST_LOGIN_AT' }[field] ?? 'USERNAME',
      direction: order,
    }),
  },
  leaders: {
    list: Ops.Leaders,
    listField: 'leaders',
    ...editable('Leader'),
    filter: (f) => clean({ search: f.q, isActive: f.isActive, unitId: f.unitId }),
  },
  /** Knowledge articles (知识库): 待审核 is the IN_REVIEW state, 需处理 the server's attention filter. */
  knowledge: {
    list: Ops.KnowledgeArticles,
    listField: 'knowledgeArticles',
    filter: (f) =>
      clean({
        search: f.q,
        states: f.review ? ['IN_REVIEW'] : arr(f.state),
        statuses: arr(f.status),
        attention: f.attention || undefined,
        mine: f.mine || undefined,
        unitId: f.unitId,
        categoryId: f.categoryId,
      }),
  },
  /** The dispatch catalogue (派单目录): entries in use first. */
  'dispatch-catalogue': {
    list: Ops.DispatchCatalogue,
    listField: 'dispatchCatalogue',
    filter: (f) => clean({ search: f.q, isActive: f.isActive, unitId: f.unitId }),
  },
  categories: {
    list: Ops.Categories,
    listField: 'categories',
    ...editable('Category'),
    filter: (f) => clean({ search: f.q, isActive: f.isActive, parentId: f.parentId, topOnly: f.topOnly }),
  },
};

/**
 * Resources whose API is not a connection with create/update inputs (SLA policies and holiday overrides are
 * plain lists; API clients return their key once; holiday overrides are keyed by date and may be removed).
 */
type Custom = Partial<Pick<DataProvider, 'getList' | 'getOne' | 'getMany' | 'create' | 'update' | 'delete'>>;

/** The record `match` finds in a list the API returns whole, or the NOT_FOUND the API would raise for it. */
function oneOf<T>(rows: T[], match: (x: T) => boolean, entity: string) {
  const found = rows.find(match);
  if (!found) throw notFoundError(entity);
  return { data: found } as never;
}

/** Sets the override of the day `date` (created or changed alike); the console keys an override by its date. */
async function setHoliday(date: string, d: { isWorkingDay?: unknown; note?: string | null }) {
  const h = (await gql(Ops.SetHolidayOverride, { input: { date, isWorkingDay: !!d.isWorkingDay, note: d.note || null } })).setHolidayOverride;
  return { data: { ...h, overrideId: h.id, id: h.date } } as never;
}

/** Sorts and pages a list the API returns whole (a few dozen rows at most). */
function page<T extends RaRecord>(rows: T[], params: Partial<GetListParams>) {
  const { page: p = 1, perPage = 25 } = params.pagination ?? {};
  const { field, order } = params.sort ?? { field: '', order: 'ASC' };
  const sorted = field
    ? [...rows].sort((a, b) => {
        const x = a[field],
          y = b[field];
        const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
        return order === 'DESC' ? -c : c;
      })
    : rows;
  return { data: sorted.slice((p - 1) * perPage, p * perPage), total: rows.length };
}

const SLA_KEYS = Ops.SlaPolicyInputKeys.filter((k) => k !== 'id' && k !== 'resetConditions');
const slaInput = (d: Record<string, unknown>) => Object.fromEntries(SLA_KEYS.map((k) => [k, d[k] === '' || d[k] === undefined ? null : d[k]]));
const slaPolicies = async () => (await gql(Ops.SlaPolicies, {})).slaPolicies;
const thisYear = () => shanghaiNow().getUTCFullYear();
/** Holiday overrides are keyed by their date (YYYY-MM-DD): that is what the API updates and deletes by. */
const holidays = async (year: number) => (await gql(Ops.HolidayOverrides, { year })).holidayOverrides.map((h) => ({ ...h, overrideId: h.id, id: h.date }));
async function apiClient(id: string) {
  for (let offset = 0; ; offset += 100) {
    const r = (await gql(Ops.ApiClients, { first: 100, offset })).apiClients;
    const found = r.nodes.find((c) => c.id === id);
    if (found) return found;
    if (offset + 100 >= r.totalCount) throw notFoundError('ApiClient');
  }
}

/** Reply templates the viewer keeps (a list: a unit has a few dozen at most). */
const keptTemplates = async () => (await gql(Ops.ReplyTemplates, { filter: { manage: true } })).replyTemplates;

/** An article as its form edits it: the questions one per line. */
const articleRecord = (a: Ops.KnowledgeArticleFull) => ({ ...a, questionsText: a.questions.join('\n'), sources: a.sources.map((x) => clean(x)) });
/** The form's values as the API's content input; "" clears a date, the category or the region. */
const articleContent = (d: Record<string, unknown>) => ({
  title: d.title,
  answer: d.answer,
  visibility: d.visibility,
  questions: String(d.questionsText ?? '')
    .split('\n')
    .map((q) => q.trim())
    .filter(Boolean),
  categoryId: d.categoryId ?? '',
  regionUnitId: d.regionUnitId ?? '',
  validFrom: d.validFrom ?? '',
  validUntil: d.validUntil ?? '',
  reviewBy: d.reviewBy || undefined,
  sources: ((d.sources ?? []) as Array<Record<string, unknown>>)
    .filter((x) => x?.title)
    .map((x) => clean({ title: x.title, number: x.number, date: x.date, url: x.url })),
});

/** A catalogue entry as its form edits it: the keywords one per line. */
const entryRecord = (e: Ops.CatalogueEntryFull) => ({ ...e, keywordsText: e.keywords.join('\n') });
const entryContent = (d: Record<string, unknown>) => ({
  matter: d.matter as string,
  keywords: String(d.keywordsText ?? '')
    .split(/[\n,，、]/)
    .map((k) => k.trim())
    .filter(Boolean),
  categoryId: (d.categoryId as string) ?? '',
  regionUnitId: (d.regionUnitId as string) ?? '',
  leadUnitId: d.leadUnitId as string,
  assistUnitIds: (d.assistUnitIds as string[]) ?? [],
  validFrom: (d.validFrom as string) ?? '',
  validUntil: (d.validUntil as string) ?? '',
  basis: (d.basis as string) ?? '',
});

const CUSTOM: Record<string, Custom> = {
  'dispatch-catalogue': {
    getOne: async (_r, params) => ({ data: entryRecord((await gql(Ops.DispatchCatalogueEntry, { id: String(params.id) })).dispatchCatalogueEntry) }) as never,
    async create(_r, params) {
      const input = clean(entryContent(params.data as Record<string, unknown>));
      return { data: entryRecord((await gql(Ops.CreateCatalogueEntry, { input: input as never })).createCatalogueEntry.entry) } as never;
    },
    async update(_r, params) {
      const d = params.data as Record<string, unknown>;
      const prev = params.previousData as Record<string, unknown>;
      const content = entryContent(d);
      const before = entryContent(prev);
      // Only what changed is sent: enabling or retiring alone is a version of its own.
      const changed = Object.fromEntries(Object.entries(content).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before])));
      const input = {
        ...changed,
        id: String(params.id),
        expectedVersion: d.version as number,
        isActive: d.isActive !== prev.isActive ? !!d.isActive : undefined,
      };
      return { data: entryRecord((await gql(Ops.UpdateCatalogueEntry, { input: input as never })).updateCatalogueEntry.entry) } as never;
    },
  },
  knowledge: {
    getOne: async (_r, params) => ({ data: articleRecord((await gql(Ops.KnowledgeArticle, { id: String(params.id) })).knowledgeArticle) }) as never,
    async create(_r, params) {
      const d = params.data as Record<string, unknown>;
      const input = clean({ ...articleContent(d), unitId: d.unitId });
      return { data: articleRecord((await gql(Ops.CreateKnowledgeArticle, { input: input as never })).createKnowledgeArticle.article) } as never;
    },
    async update(_r, params) {
      const d = params.data as Record<string, unknown>;
      const input = { ...articleContent(d), id: String(params.id), expectedVersion: d.version };
      return { data: articleRecord((await gql(Ops.UpdateKnowledgeArticle, { input: input as never })).updateKnowledgeArticle.article) } as never;
    },
  },
  /** A message's printable handling form (办理单): the message with everything that happened to it. */
  'message-print': {
    async getOne(_r, params) {
      return { data: (await gql(Ops.PrintMessage, { id: String(params.id) })).message } as never;
    },
  },
  /** The platform's queue of return and extension requests (待审批申请): the kind is the query's own argument. */
  'pending-requests': {
    async getList(_r, params) {
      const { page: p = 1, perPage = 25 } = params.pagination ?? {};
      const kind = params.filter?.kind || undefined;
      const r = (await gql(Ops.PendingRequests, { first: perPage, offset: (p - 1) * perPage, kind })).pendingRequests;
      return { data: r.nodes, total: r.totalCount } as never;
    },
  },
  'reply-templates': {
    getList: async (_r, params) => page(await keptTemplates(), params) as never,
    getOne: async (_r, params) => oneOf(await keptTemplates(), (x) => x.id === String(params.id), 'ReplyTemplate'),
    async create(_r, params) {
      const d = params.data as Record<string, unknown>;
      const input = clean({ unitId: d.unitId, title: d.title, text: d.text, sortOrder: d.sortOrder });
      return { data: (await gql(Ops.CreateReplyTemplate, { input: input as never })).createReplyTemplate.template } as never;
    },
    async update(_r, params) {
      const d = params.data as Record<string, unknown>;
      const input = { id: String(params.id), title: d.title, text: d.text, sortOrder: d.sortOrder, isActive: d.isActive };
      return { data: (await gql(Ops.UpdateReplyTemplate, { input: input as never })).updateReplyTemplate.template } as never;
    },
  },
  units: {
    /** Name, kind and order through updateUnit; a new parent through moveUnit; enabling/disabling through setUnitActive. */
    async update(resource, params) {
      const prev = params.previousData as Record<string, unknown>;
      const d = params.data as Record<string, unknown>;
      const id = String(params.id);
      const renamed = Ops.UpdateUnitInputKeys.some((k) => k !== 'id' && d[k] !== undefined && JSON.stringify(d[k]) !== JSON.stringify(prev[k]));
      let data = renamed ? (await base.update(resource, params)).data : prev;
      if ('parentId' in d && (d.parentId ?? null) !== (prev.parentId ?? null))
        data = (await gql(Ops.MoveUnit, { input: { id, parentId: (d.parentId as string) || null } })).moveUnit.unit;
      if (d.isActive !== undefined && d.isActive !== prev.isActive)
        data = (await gql(Ops.SetUnitActive, { input: { id, isActive: !!d.isActive } })).setUnitActive.unit;
      return { data } as never;
    },
  },
  'sla-policies': {
    getList: async (_r, params) => page(await slaPolicies(), params) as never,
    getOne: async (_r, params) => oneOf(await slaPolicies(), (x) => x.id === String(params.id), 'SlaPolicy'),
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
      return oneOf(await holidays(Number(date.slice(0, 4))), (x) => x.date === date, 'HolidayOverride');
    },
    create: async (_r, params) => setHoliday(params.data.date, params.data),
    update: async (_r, params) => setHoliday(String(params.id), params.data),
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
  const conn = fieldOf<Connection>(await gql(r.list, vars), r.listField);
  // A capped total (more than 10,000 rows match) is shown as "10,000+" (components/CappedPagination).
  return { data: conn.nodes, total: conn.totalCount, ...(conn.totalIsCapped ? { meta: { totalIsCapped: true } } : {}) };
}

const base: DataProvider = {
  getList: (resource, params) => list(resource, params) as never,
  async getOne(resource, params) {
    const r = ops(resource);
    if (!r.one) throw new Error(`${resource} has no detail view`);
    return { data: fieldOf<RaRecord>(await gql(r.one, { id: String(params.id) }), r.oneField!) } as never;
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
    const payload = fieldOf<Record<string, unknown>>(await gql(r.create, { input: clean(pick(params.data, r.createKeys)) }), r.createPath![0]);
    return { data: { ...fieldOf<RaRecord>(payload, r.createPath![1]), ...Object.fromEntries((r.createExtra ?? []).map((k) => [k, payload[k]])) } } as never;
  },
  async update(resource, params) {
    const r = ops(resource);
    if (!r.update) throw new Error(`${resource} cannot be edited here`);
    const changed = Object.fromEntries(
      Object.entries(params.data).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((params.previousData as Record<string, unknown>)[k])),
    );
    const payload = fieldOf<unknown>(await gql(r.update, { input: { ...pick(changed, r.updateKeys), id: String(params.id) } }), r.updatePath![0]);
    return { data: fieldOf<RaRecord>(payload, r.updatePath![1]) } as never;
  },
  async updateMany() {
    throw new Error(i18nProvider.translate('wz.errors.noBulkUpdate'));
  },
  async delete() {
    throw new Error(i18nProvider.translate('wz.errors.neverDeleted'));
  },
  async deleteMany() {
    throw new Error(i18nProvider.translate('wz.errors.neverDeleted'));
  },
};

/** The provider react-admin uses: a resource's own handler when it has one, else the connection-based one. */
const route = <K extends keyof Custom>(method: K) =>
  ((resource: string, params: unknown) => {
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
