// The IDL: an RPC method or an event is declared once, as TypeBox schemas, and everything else
// (server validation and serialization, the typed client, OpenAPI) is derived from it.
import type { Static, TSchema } from 'typebox';

export interface MethodSpec<I extends TSchema = TSchema, O extends TSchema = TSchema> {
  input: I;
  output: O;
  /** Business error codes this method may answer with, and their HTTP status. */
  errors?: Readonly<Record<string, number>>;
  /** Safe to call twice with the same input (reads, or writes keyed by an idempotency key): the client may retry it. */
  idempotent: boolean;
  summary?: string;
}

export interface MethodDef<I extends TSchema = TSchema, O extends TSchema = TSchema> extends MethodSpec<I, O> {
  service: string;
  name: string;
}

export type MethodsOf<M extends Record<string, MethodSpec>> = {
  [K in keyof M & string]: MethodDef<M[K]['input'], M[K]['output']>;
};

export interface Contract<S extends string = string, M extends Record<string, MethodSpec> = Record<string, MethodSpec>> {
  service: S;
  methods: MethodsOf<M>;
}

export function defineContract<const S extends string, const M extends Record<string, MethodSpec>>(service: S, methods: M): Contract<S, M> {
  assertName(service, 'service');
  const defs = {} as Record<string, MethodDef>;
  for (const [name, spec] of Object.entries(methods)) {
    assertName(name, 'method');
    defs[name] = { ...spec, service, name };
  }
  return { service, methods: defs as MethodsOf<M> };
}

export type InputOf<D> = D extends MethodDef<infer I, TSchema> ? Static<I> : never;
export type OutputOf<D> = D extends MethodDef<TSchema, infer O> ? Static<O> : never;

/** A method's input by contract and name, `MethodInput<typeof IdentityContract, 'login'>`: no `['methods']` spelt out at every use. */
export type MethodInput<C extends Contract, K extends keyof C['methods']> = InputOf<C['methods'][K]>;
export type MethodOutput<C extends Contract, K extends keyof C['methods']> = OutputOf<C['methods'][K]>;

export interface EventDef<P extends TSchema = TSchema> {
  /** NATS subject, e.g. `order.placed`; the first token names the owning service. */
  subject: string;
  version: number;
  payload: P;
}

export function defineEvent<const P extends TSchema>(def: EventDef<P>): EventDef<P> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(def.subject)) {
    throw new Error(`event subject "${def.subject}" must be dot-separated lower-case tokens`);
  }
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`event ${def.subject}: version must be a positive integer`);
  return def;
}

export type PayloadOf<E> = E extends EventDef<infer P> ? Static<P> : never;

function assertName(name: string, what: string): void {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new Error(`${what} name "${name}" must be lowerCamelCase`);
}
