// Declares an atomic kv script once for both stores; see KvScript for the contract between them.
// Kernel scripts live in scripts.ts; a service declares its own next to the code that uses it.
import type { KvScript, ScriptReply } from './port.ts';

export function defineScript<R extends ScriptReply>(script: KvScript<R>): KvScript<R> {
  if (!/^[\w.:-]+$/.test(script.name)) throw new Error(`kv script name "${script.name}" must be a plain identifier`);
  return Object.freeze({ ...script });
}

/** Redis hands every ARGV entry to Lua as a string; the embedded twin receives exactly the same. */
export function scriptArgs(args: (string | number)[]): string[] {
  return args.map((arg) => (typeof arg === 'number' ? numberArg(arg) : arg));
}

function numberArg(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`script argument must be a finite number, got ${n}`);
  return String(n);
}
