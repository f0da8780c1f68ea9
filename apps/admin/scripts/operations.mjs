// Part of `npm run openapi` (`npm run api -w @mall/admin`): the back office's operations, cut out of docs/openapi.json
// into src/api/operations.json — per "METHOD /path" (the route keys /api/me/permissions answers), the query
// parameters, the JSON body schema and the success answer's schema. The generic screens build their columns,
// filters, forms and validation from them: the contracts stay the one source.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url).pathname;
const doc = JSON.parse(readFileSync(`${root}docs/openapi.json`, 'utf8'));
const out = {};
for (const [path, item] of Object.entries(doc.paths)) {
  if (!path.startsWith('/api/admin/') && path !== '/api/me/permissions') continue;
  for (const [method, op] of Object.entries(item)) {
    const key = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
    const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
    const response = success?.[1].content?.['application/json']?.schema ?? null;
    const body = op.requestBody?.content?.['application/json']?.schema ?? null;
    out[key] = {
      summary: op.summary,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map(({ name, required, schema }) => ({ name, required, schema })),
      body,
      response,
    };
  }
}
writeFileSync(new URL('../src/api/operations.json', import.meta.url), JSON.stringify(out) + '\n');
