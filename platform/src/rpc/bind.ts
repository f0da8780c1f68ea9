// Binds a contract to its handlers once: input validation, the call scope, and error mapping, used
// identically by the HTTP server and by in-process calls in the all-in-one host.
import { context as otelContext, type Context } from '@opentelemetry/api';
import type { Contract, InputOf, MethodDef, OutputOf } from '@mall/contracts';
import { MallError } from '@mall/contracts';
import type { JsonText } from './json-text.ts';
import { callScope, type CallScope } from './scope.ts';
import { compileOutputShaper, compileValidator, type InputValidator } from './validation.ts';

export interface HandlerContext extends CallScope {
  /** Which instance serves this call (for logs and tests). */
  instanceId: string;
}

/** A handler answers its output, or the output's JSON text when it holds it serialized already (JsonText). */
export type Handlers<C extends Contract> = {
  [K in keyof C['methods']]: (
    input: InputOf<C['methods'][K]>,
    ctx: HandlerContext,
  ) => Promise<OutputOf<C['methods'][K]> | JsonText<OutputOf<C['methods'][K]>>>;
};

export interface BoundMethod {
  def: MethodDef;
  validator: InputValidator;
  shapeOutput: (value: unknown) => unknown;
  /** Validates and calls the handler with errors as the caller sees them (declared codes, or INTERNAL). */
  invoke(input: unknown, scope: CallScope): Promise<unknown>;
  /**
   * invoke without the mapping: throws bad input at once, returns the handler's own promise (map with wireError).
   * The handler runs in `parent` (default: the active context) with the call scope added.
   */
  run(input: unknown, scope: CallScope, parent?: Context): Promise<unknown>;
  wireError(err: unknown): MallError;
}

export interface BoundService {
  service: string;
  instanceId: string;
  methods: Map<string, BoundMethod>;
  /** Errors thrown by handlers that are not MallErrors are reported here before they become INTERNAL. */
  onUnexpectedError?: (err: unknown, method: MethodDef) => void;
}

export function bindService<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  opts: { instanceId: string; onUnexpectedError?: (err: unknown, method: MethodDef) => void },
): BoundService {
  const bound: BoundService = {
    service: contract.service,
    instanceId: opts.instanceId,
    methods: new Map(),
    onUnexpectedError: opts.onUnexpectedError,
  };
  for (const def of Object.values(contract.methods) as MethodDef[]) {
    const handler = (handlers as Record<string, (input: unknown, ctx: HandlerContext) => Promise<unknown>>)[def.name];
    if (!handler) throw new Error(`${contract.service}: no handler for method ${def.name}`);
    const validator = compileValidator(def.input, `${def.service}.${def.name} input`);
    // Spelt out rather than spread: a spread of the scope costs more than the handler of a small call.
    const handlerContext = (scope: CallScope): HandlerContext => ({
      deadline: scope.deadline,
      requestId: scope.requestId,
      instanceId: opts.instanceId,
    });
    const method: BoundMethod = {
      def,
      validator,
      shapeOutput: compileOutputShaper(def.output),
      run(input, scope, parent = otelContext.active()) {
        validator.assert(input);
        if (Date.now() >= scope.deadline)
          throw new MallError('DEADLINE_EXCEEDED', `${def.service}.${def.name}: deadline passed before the call started`);
        return Promise.resolve(otelContext.with(callScope.within(parent, scope), handler, undefined, input, handlerContext(scope)));
      },
      wireError: (err) => asWireError(err, def, bound.onUnexpectedError),
      invoke(input, scope) {
        try {
          return method.run(input, scope).catch((err: unknown) => {
            throw method.wireError(err);
          });
        } catch (err) {
          return Promise.reject(method.wireError(err));
        }
      },
    };
    bound.methods.set(def.name, method);
  }
  return bound;
}

/** A handler's error as the caller will see it: declared codes keep their status, anything else is INTERNAL. */
function asWireError(err: unknown, def: MethodDef, report?: (err: unknown, def: MethodDef) => void): MallError {
  if (err instanceof MallError) {
    const declared = def.errors?.[err.code];
    return declared !== undefined && declared !== err.status
      ? new MallError(err.code, err.message, { status: declared, details: err.details, cause: err })
      : err;
  }
  report?.(err, def);
  return new MallError('INTERNAL', `${def.service}.${def.name} failed`, { cause: err });
}
