// A service's per-instance objects (what its setup hook returned) are closed by the runtime at stop:
// every member with a close() or stop() method, last made first, each failure logged without stopping the rest.
import type { Logger } from '../observability/index.ts';

type Closer = () => unknown;

/** The close() or stop() of a member, if it has one (close wins when it has both). */
function closerOf(member: unknown): Closer | undefined {
  if (typeof member !== 'object' || member === null) return undefined;
  const { close, stop } = member as { close?: unknown; stop?: unknown };
  const method = typeof close === 'function' ? close : typeof stop === 'function' ? stop : undefined;
  return method ? () => (method as () => unknown).call(member) : undefined;
}

export async function closeOwnObjects(own: unknown, log: Logger): Promise<void> {
  if (typeof own !== 'object' || own === null) return;
  for (const [name, member] of Object.entries(own).reverse()) {
    const close = closerOf(member);
    if (!close) continue;
    try {
      await close();
    } catch (err) {
      // One stuck object must not keep the others (and the kernel's resources after them) open.
      log.error({ err, member: name }, 'a per-instance object failed to close');
    }
  }
}
