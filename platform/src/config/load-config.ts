// Builds one service's configuration: schema defaults < file < env < config center, validated at start and on
// every change from the center; an invalid change is logged and refused, so `current` is always valid.
import { isDeepStrictEqual } from 'node:util';
import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';
import { stderrLog, type PlatformLog } from '../observability/index.ts';
import type { ConfigCenter, ConfigChange } from './port.ts';
import { readConfigFile } from './config-file.ts';
import { settingNames, strictConfigSchema } from './config-schema.ts';
import { envLayers } from './env-layer.ts';
import { isPlainObject, mergeLayers, pickKnown, type ConfigLayer } from './layers.ts';
import { compileValidator, describeProblems, type ConfigProblem } from './validation.ts';

/** The config center key every service reads besides its own. */
export const GLOBAL_CONFIG_KEY = 'global';

export interface LoadConfigOptions<S extends TObject> {
  /** Names the file section, the env prefix (MALL_<SERVICE>_) and the center key. */
  service: string;
  /** TypeBox object schema; defaults live in it. Keys it does not declare are rejected. */
  schema: S;
  /** JSON file with 'global' and per-service sections; default env MALL_CONFIG_FILE; none when both are unset. */
  file?: string;
  /** Default process.env. */
  env?: Record<string, string | undefined>;
  /** When given, keys 'global' and <service> override everything else and are watched for hot reload. */
  center?: ConfigCenter;
  log?: PlatformLog;
}

export interface LiveConfig<T> {
  /** The latest valid configuration, deeply frozen. */
  readonly current: T;
  /** Called after every accepted change that alters `current`; returns an unsubscribe. */
  onChange(listener: (next: T, prev: T) => void): () => void;
  /**
   * Calls `onChange(next, prev)` with the slice `select` picks, only when an accepted change really altered
   * that slice (deep equality), so a service rebuilds what it derives from it only when it must. Returns an unsubscribe.
   */
  watch<V>(select: (config: T) => V, onChange: (next: V, prev: V) => void): () => void;
  /** Stops watching the center (the center itself stays open: it belongs to the caller). */
  close(): Promise<void>;
}

type Resolved<T> = { value: T; problems?: undefined } | { value?: undefined; problems: ConfigProblem[] };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

async function fileLayers(service: string, file: string | undefined, known: ReadonlySet<string>): Promise<ConfigLayer[]> {
  if (file === undefined || file === '') return [];
  const sections = await readConfigFile(file);
  const layers: ConfigLayer[] = [];
  const shared = sections[GLOBAL_CONFIG_KEY];
  if (shared) layers.push({ source: `file ${file} [${GLOBAL_CONFIG_KEY}]`, value: pickKnown(shared, known) });
  const own = sections[service];
  if (own) layers.push({ source: `file ${file} [${service}]`, value: own });
  return layers;
}

/** Stacks the fixed layers with the center's documents and validates the result. */
class ConfigResolver<T> {
  private readonly validate;
  private readonly known;

  constructor(
    private readonly service: string,
    private readonly schema: TObject,
    private readonly fixedLayers: readonly ConfigLayer[],
  ) {
    this.validate = compileValidator(schema);
    this.known = settingNames(schema);
  }

  resolve(center: ReadonlyMap<string, unknown>): Resolved<T> {
    const layers = [...this.fixedLayers];
    const problems: ConfigProblem[] = [];
    for (const key of [GLOBAL_CONFIG_KEY, this.service]) {
      const document = center.get(key);
      if (document === undefined) continue;
      const source = `config center key "${key}"`;
      if (!isPlainObject(document)) problems.push({ field: '(root)', reason: 'must be a JSON object', source });
      else layers.push({ source, value: key === GLOBAL_CONFIG_KEY ? pickKnown(document, this.known) : document });
    }
    if (problems.length > 0) return { problems };
    const value = Value.Default(this.schema, mergeLayers(layers));
    problems.push(...this.validate(value, layers));
    return problems.length > 0 ? { problems } : { value: deepFreeze(value as T) };
  }
}

class LiveServiceConfig<T> implements LiveConfig<T> {
  private readonly listeners = new Set<(next: T, prev: T) => void>();
  /** Revision last applied per center key, so a change already seen in the initial read is not applied twice. */
  private readonly revisions = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly resolver: ConfigResolver<T>,
    private readonly log: PlatformLog,
    /** The center documents last accepted; a refused change leaves them as they were. */
    private accepted: Map<string, unknown>,
    public current: T,
    private readonly stopWatching: () => Promise<void>,
  ) {}

  noteRevision(key: string, revision: number): void {
    this.revisions.set(key, revision);
  }

  onChange(listener: (next: T, prev: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch<V>(select: (config: T) => V, onChange: (next: V, prev: V) => void): () => void {
    return this.onChange((next, prev) => {
      const [nextSlice, prevSlice] = [select(next), select(prev)];
      if (!isDeepStrictEqual(nextSlice, prevSlice)) onChange(nextSlice, prevSlice);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.stopWatching();
  }

  apply(change: ConfigChange): void {
    if (this.closed || change.revision <= (this.revisions.get(change.key) ?? 0)) return;
    this.revisions.set(change.key, change.revision);
    const candidate = new Map(this.accepted);
    if (change.value === undefined) candidate.delete(change.key);
    else candidate.set(change.key, change.value);
    const resolved = this.resolver.resolve(candidate);
    if (resolved.problems) return this.refuse(change, resolved.problems);
    this.accepted = candidate;
    if (isDeepStrictEqual(resolved.value, this.current)) return;
    const prev = this.current;
    this.current = resolved.value;
    this.log('info', 'config change applied', { key: change.key, revision: change.revision });
    this.notify(resolved.value, prev);
  }

  private refuse(change: ConfigChange, problems: ConfigProblem[]): void {
    this.log(
      'error',
      `config change refused, previous config kept: center key "${change.key}" revision ${change.revision}: ${describeProblems(problems)}`,
      {
        key: change.key,
        revision: change.revision,
        problems,
      },
    );
  }

  private notify(next: T, prev: T): void {
    for (const listener of this.listeners) {
      try {
        listener(next, prev);
      } catch (err) {
        this.log('error', 'config change listener threw', { err: String(err) });
      }
    }
  }
}

function startFailure(service: string, problems: readonly ConfigProblem[]): Error {
  return new Error(`invalid configuration for service "${service}": ${describeProblems(problems)}`);
}

export async function loadConfig<S extends TObject>(options: LoadConfigOptions<S>): Promise<LiveConfig<Static<S>>> {
  const { service, center } = options;
  if (service === GLOBAL_CONFIG_KEY) throw new TypeError(`"${GLOBAL_CONFIG_KEY}" is the shared config key, not a service name`);
  const env = options.env ?? process.env;
  const log = options.log ?? stderrLog;
  const schema = strictConfigSchema(options.schema);
  const fixed = [
    ...(await fileLayers(service, options.file ?? env.MALL_CONFIG_FILE, settingNames(schema))),
    ...envLayers(service, schema, env),
  ];
  const resolver = new ConfigResolver<Static<S>>(service, schema, fixed);
  if (!center) {
    const resolved = resolver.resolve(new Map());
    if (resolved.problems) throw startFailure(service, resolved.problems);
    return new LiveServiceConfig(resolver, log, new Map(), resolved.value, async () => undefined);
  }
  return watchCenter(center, service, resolver, log);
}

/** Watches first and reads second, so no change falls between the read and the watch; early changes wait in a queue. */
async function watchCenter<T>(
  center: ConfigCenter,
  service: string,
  resolver: ConfigResolver<T>,
  log: PlatformLog,
): Promise<LiveConfig<T>> {
  const early: ConfigChange[] = [];
  let live: LiveServiceConfig<T> | undefined;
  const route = (change: ConfigChange) => {
    if (change.key !== GLOBAL_CONFIG_KEY && change.key !== service) return;
    if (live) live.apply(change);
    else early.push(change);
  };
  const stops = [await center.watch(GLOBAL_CONFIG_KEY, route), await center.watch(service, route)];
  const stopWatching = async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
  try {
    const entries = (await Promise.all([center.get(GLOBAL_CONFIG_KEY), center.get(service)])).filter((entry) => entry !== undefined);
    const documents = new Map(entries.map((entry) => [entry.key, entry.value]));
    const resolved = resolver.resolve(documents);
    if (resolved.problems) throw startFailure(service, resolved.problems);
    live = new LiveServiceConfig(resolver, log, documents, resolved.value, stopWatching);
    for (const entry of entries) live.noteRevision(entry.key, entry.revision);
  } catch (err) {
    await stopWatching();
    throw err;
  }
  for (const change of early) live.apply(change);
  return live;
}
