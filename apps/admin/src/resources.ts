// Every back-office screen as data: which contract operations list, create, change and delete its rows, which
// operations its row actions call, and where a field's choices come from. ResourcePage renders any of them from the
// operations' JSON schemas (columns, filters, forms, validation): no screen has a hand-written form.

/** A route key, `METHOD /path` with `:params`, as in operations.json and /api/me/permissions. */
export type RouteKey = string;

export interface RowAction {
  key: string;
  /** i18n key of its label. */
  label: string;
  op: RouteKey;
  /** Path parameters from the row (default: every `:name` from the row's field of that name, else its id). */
  params?: (row: Row) => Record<string, string>;
  /** Query parameters from the row (a DELETE that names its rule in the query string). */
  query?: (row: Row) => Record<string, string>;
  /** Shown only for rows it applies to. */
  when?: (row: Row) => boolean;
  /** A GET whose answer is shown (a ledger), instead of a form sent. */
  view?: { itemsKey: string };
  /** Ask before a call without a form. */
  confirm?: boolean;
  /** The form's starting values from the row. */
  initial?: (row: Row) => Record<string, unknown>;
}

export interface Resource {
  key: string;
  /** i18n key of its title (its menu entry). */
  title: string;
  list: RouteKey;
  /** The answer's property that holds the rows (`items`, `users`, `roles`…). */
  itemsKey: string;
  rowKey: string;
  /** `offset` (limit/offset) or `page` (page/pageSize) paging; none for short lists. */
  paging?: 'offset' | 'page';
  /** The columns to show, in order (default: the items' scalar fields). */
  columns?: readonly string[];
  create?: RouteKey;
  update?: RouteKey;
  remove?: RouteKey;
  /** Row's query for the delete, when the delete route names its row in the query string. */
  removeQuery?: (row: Row) => Record<string, string>;
  actions?: readonly RowAction[];
  /** A screen of its own opens to create or edit a row (the product editor), instead of the generic dialog. */
  editor?: string;
  /** The list's filters that the screen fixes (a category's children). */
  fixedQuery?: Record<string, string>;
}

export type Row = Record<string, unknown>;

/** Where a field's choices come from, by its name, wherever it appears in a form or a filter. */
export interface Lookup {
  op: RouteKey;
  itemsKey: string;
  value: string;
  /** The row field shown (a `{ zh, en }` text or a string). */
  label: string;
  query?: Record<string, string>;
}

export const lookups: Record<string, Lookup> = {
  categoryId: { op: 'GET /api/admin/catalog/categories', itemsKey: 'items', value: 'id', label: 'name', query: { limit: '100' } },
  parentId: { op: 'GET /api/admin/catalog/categories', itemsKey: 'items', value: 'id', label: 'name', query: { limit: '100' } },
  brandId: { op: 'GET /api/admin/catalog/brands', itemsKey: 'items', value: 'id', label: 'name', query: { limit: '100' } },
  groupId: { op: 'GET /api/admin/catalog/attribute-groups', itemsKey: 'items', value: 'id', label: 'name', query: { limit: '100' } },
  attributeId: { op: 'GET /api/admin/catalog/attributes', itemsKey: 'items', value: 'id', label: 'name', query: { limit: '100' } },
  role: { op: 'GET /api/admin/roles', itemsKey: 'roles', value: 'name', label: 'name' },
  roles: { op: 'GET /api/admin/roles', itemsKey: 'roles', value: 'name', label: 'name' },
  inherits: { op: 'GET /api/admin/roles', itemsKey: 'roles', value: 'name', label: 'name' },
};

const C = '/api/admin/catalog';

export const resources: Record<string, Resource> = {
  categories: {
    key: 'categories',
    title: 'menu.categories',
    list: `GET ${C}/categories`,
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'offset',
    columns: ['name', 'level', 'position', 'id'],
    create: `POST ${C}/categories`,
    update: `PATCH ${C}/categories/:id`,
    remove: `DELETE ${C}/categories/:id`,
  },
  brands: {
    key: 'brands',
    title: 'menu.brands',
    list: `GET ${C}/brands`,
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'offset',
    create: `POST ${C}/brands`,
    update: `PATCH ${C}/brands/:id`,
    remove: `DELETE ${C}/brands/:id`,
  },
  attributeGroups: {
    key: 'attributeGroups',
    title: 'menu.attributeGroups',
    list: `GET ${C}/attribute-groups`,
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'offset',
    create: `POST ${C}/attribute-groups`,
    update: `PATCH ${C}/attribute-groups/:id`,
    remove: `DELETE ${C}/attribute-groups/:id`,
  },
  attributes: {
    key: 'attributes',
    title: 'menu.attributes',
    list: `GET ${C}/attributes`,
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'offset',
    columns: ['name', 'kind', 'values', 'position', 'id'],
    create: `POST ${C}/attributes`,
    update: `PATCH ${C}/attributes/:id`,
    remove: `DELETE ${C}/attributes/:id`,
  },
  products: {
    key: 'products',
    title: 'menu.products',
    list: `GET ${C}/products`,
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'offset',
    columns: ['title', 'status', 'skus', 'updatedAt', 'id'],
    create: `POST ${C}/products`,
    update: `PATCH ${C}/products/:id`,
    remove: `DELETE ${C}/products/:id`,
    editor: 'product',
  },
  stock: {
    key: 'stock',
    title: 'menu.stock',
    list: 'GET /api/admin/inventory/stock',
    itemsKey: 'items',
    rowKey: 'skuId',
    paging: 'page',
    actions: [
      { key: 'restock', label: 'action.restock', op: 'POST /api/admin/inventory/stock/:skuId/restock' },
      { key: 'adjust', label: 'action.adjust', op: 'POST /api/admin/inventory/stock/:skuId/adjust' },
      { key: 'ledger', label: 'action.ledger', op: 'GET /api/admin/inventory/stock/:skuId/ledger', view: { itemsKey: 'entries' } },
    ],
  },
  audit: {
    key: 'audit',
    title: 'menu.audit',
    list: 'GET /api/admin/inventory/audit',
    itemsKey: 'findings',
    rowKey: 'skuId',
  },
  orders: {
    key: 'orders',
    title: 'menu.orders',
    list: 'GET /api/admin/orders',
    itemsKey: 'items',
    rowKey: 'id',
    paging: 'page',
    actions: [
      { key: 'ship', label: 'action.ship', op: 'POST /api/admin/orders/:id/ship', when: (row) => row.status === 'PAID' },
      {
        key: 'approveRefund',
        label: 'action.approveRefund',
        op: 'POST /api/admin/orders/:id/refund/approve',
        when: (row) => row.status === 'REFUND_REQUESTED',
        confirm: true,
      },
    ],
  },
  users: {
    key: 'users',
    title: 'menu.users',
    list: 'GET /api/admin/users',
    itemsKey: 'users',
    rowKey: 'id',
    paging: 'offset',
    actions: [
      { key: 'roles', label: 'action.roles', op: 'PUT /api/admin/users/:id/roles', initial: (row) => ({ roles: row.roles }) },
      { key: 'ban', label: 'action.ban', op: 'POST /api/admin/users/:id/ban', when: (row) => row.ban === null },
      { key: 'unban', label: 'action.unban', op: 'POST /api/admin/users/:id/unban', when: (row) => row.ban !== null, confirm: true },
    ],
  },
  roles: {
    key: 'roles',
    title: 'menu.roles',
    list: 'GET /api/admin/roles',
    itemsKey: 'roles',
    rowKey: 'name',
    create: 'POST /api/admin/roles',
  },
  permissions: {
    key: 'permissions',
    title: 'menu.permissions',
    list: 'GET /api/admin/permissions',
    itemsKey: 'permissions',
    rowKey: 'pattern',
    create: 'POST /api/admin/permissions',
    remove: 'DELETE /api/admin/permissions',
    removeQuery: (row) => ({ role: String(row.role), pattern: String(row.pattern), kind: String(row.kind) }),
  },
  ipRules: {
    key: 'ipRules',
    title: 'menu.ipRules',
    list: 'GET /api/admin/ip-rules',
    itemsKey: 'rules',
    rowKey: 'cidr',
    create: 'POST /api/admin/ip-rules',
    remove: 'DELETE /api/admin/ip-rules',
    removeQuery: (row) => ({ cidr: String(row.cidr) }),
  },
};

export interface MenuGroup {
  key: string;
  title: string;
  items: Array<{ path: string; title: string; needs: RouteKey }>;
}

/** The menu: an entry shows only when the user's roles allow the route its screen lists with. */
export const menu: readonly MenuGroup[] = [
  {
    key: 'catalog',
    title: 'menu.catalog',
    items: ['categories', 'brands', 'attributeGroups', 'attributes', 'products'].map((key) => ({
      path: `/catalog/${key}`,
      title: resources[key]!.title,
      needs: resources[key]!.list,
    })),
  },
  {
    key: 'inventory',
    title: 'menu.inventory',
    items: [
      { path: '/inventory/stock', title: 'menu.stock', needs: resources.stock!.list },
      { path: '/inventory/audit', title: 'menu.audit', needs: 'GET /api/admin/inventory/audit' },
    ],
  },
  { key: 'orders', title: 'menu.orders', items: [{ path: '/orders', title: 'menu.orders', needs: resources.orders!.list }] },
  { key: 'users', title: 'menu.users', items: [{ path: '/users', title: 'menu.users', needs: resources.users!.list }] },
  {
    key: 'access',
    title: 'menu.access',
    items: ['roles', 'permissions', 'ipRules'].map((key) => ({
      path: `/access/${key}`,
      title: resources[key]!.title,
      needs: resources[key]!.list,
    })),
  },
];
