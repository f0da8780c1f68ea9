// The public-route whitelist: "METHOD /path" patterns compiled once per configuration change and
// matched against the route a request was routed to (never the raw URL, which encodings can disguise).

/** JSON Schema pattern of one entry: a method (or *), one space, a path. */
export const ROUTE_PATTERN = '^(\\*|GET|POST|PUT|PATCH|DELETE) /\\S*$';

interface Entry {
  method: string;
  path: RegExp;
}

export class Whitelist {
  private readonly entries: Entry[];

  constructor(patterns: readonly string[]) {
    this.entries = patterns.map(compileEntry);
  }

  /** Whether `method` on the route `routePath` (Fastify's pattern, e.g. `/api/me/addresses/:id`) needs no token. */
  allows(method: string, routePath: string): boolean {
    // Fastify answers HEAD with the GET route, so HEAD is as public as GET.
    const m = method === 'HEAD' ? 'GET' : method;
    return this.entries.some((e) => (e.method === '*' || e.method === m) && e.path.test(routePath));
  }
}

function compileEntry(pattern: string): Entry {
  if (!new RegExp(ROUTE_PATTERN).test(pattern)) throw new Error(`public route "${pattern}" must read "METHOD /path"`);
  const [method = '', path = ''] = pattern.split(' ');
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.split('*').map(escapeRegExp).join('.*')))
    .join('/');
  return { method, path: new RegExp(`^${source}$`) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
