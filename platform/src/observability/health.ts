// Health: readiness checks with timeouts and the draining switch used by graceful shutdown.
// Liveness needs no checks (the process answering is the proof); readiness decides whether to send traffic.
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;

export interface CheckResult {
  ok: boolean;
  error?: string;
  ms: number;
}

export interface ReadinessReport {
  ok: boolean;
  draining: boolean;
  checks: Record<string, CheckResult>;
}

interface RegisteredCheck {
  check: ReadinessCheck;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

export class Health {
  readonly #checks = new Map<string, RegisteredCheck>();
  #draining = false;

  /** Registers a dependency check (database ping, broker connected…); a check fails by throwing or timing out. */
  addReadiness(name: string, check: ReadinessCheck, opts: { timeoutMs?: number } = {}): void {
    if (this.#checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.#checks.set(name, { check, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  /** Once draining, the instance reports not ready so balancers stop routing to it before it closes. */
  setDraining(): void {
    this.#draining = true;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Runs every check in parallel; while draining, answers not ready without running them. */
  async ready(): Promise<ReadinessReport> {
    if (this.#draining) return { ok: false, draining: true, checks: {} };
    const entries = await Promise.all([...this.#checks].map(async ([name, registered]) => [name, await runCheck(registered)] as const));
    const checks = Object.fromEntries(entries);
    return { ok: entries.every(([, result]) => result.ok), draining: false, checks };
  }
}

async function runCheck({ check, timeoutMs }: RegisteredCheck): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      // Reject before aborting: a check that settles on abort must not win the race and pass.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([check(controller.signal), timeout]);
    return { ok: true, ms: elapsed(started) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: elapsed(started) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
