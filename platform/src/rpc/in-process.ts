// The all-in-one transport: calls the bound handlers of a service hosted in the same process,
// through the same input validation and output shaping the wire applies.
import { context, trace } from '@opentelemetry/api';
import type { MethodDef } from '@mall/contracts';
import { MallError } from '@mall/contracts';
import type { BoundService } from './bind.ts';
import type { Transport, TransportCall } from './transport.ts';
import { UnavailableError } from './transport.ts';

/** Services hosted in this process, by name. */
export class LocalDirectory {
  private readonly services = new Map<string, BoundService>();
  add(bound: BoundService): void {
    if (this.services.has(bound.service)) throw new Error(`service ${bound.service} is already hosted in this process`);
    this.services.set(bound.service, bound);
  }
  remove(service: string): void {
    this.services.delete(service);
  }
  get(service: string): BoundService | undefined {
    return this.services.get(service);
  }
}

export class InProcessTransport implements Transport {
  constructor(
    readonly service: string,
    private readonly directory: LocalDirectory,
  ) {}

  async call(def: MethodDef, input: unknown, call: TransportCall): Promise<unknown> {
    const bound = this.directory.get(this.service);
    if (!bound) throw new UnavailableError(`service ${this.service} is not running in this process`, { sent: false });
    const method = bound.methods.get(def.name);
    if (!method) throw new MallError('NOT_FOUND', `${this.service} has no method ${def.name}`);
    // The wire would hand the handler its own copy of the input; so do we.
    // The handler runs under the client span, as it would under a server span continuing it over the wire.
    const running = context.with(trace.setSpan(call.parent, call.span), () =>
      method.invoke(structuredClone(input), { deadline: call.deadline, requestId: call.requestId }),
    );
    const output = await untilDeadline(running, call.deadline, `${def.service}.${def.name}`);
    return method.shapeOutput(output);
  }

  async close(): Promise<void> {}
}

/** The caller stops waiting at its deadline, as it would over HTTP; the handler itself runs on. */
function untilDeadline<T>(running: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MallError('DEADLINE_EXCEEDED', `${what}: deadline exceeded`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([running, expired]).finally(() => clearTimeout(timer));
}
