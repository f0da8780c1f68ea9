// The one AsyncLocalStorage of a process: OpenTelemetry's context, installed at import, which the trace and
// the RPC call scope both ride in. One store instead of two halves the work Node 20 does on every promise.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * Installs the AsyncLocalStorage context manager unless one is installed already (a test's, say); tracing
 * never replaces or removes it, so the call scope keeps flowing whether or not spans are made.
 */
export function installContextManager(): void {
  const manager = new AsyncLocalStorageContextManager();
  // setGlobalContextManager refuses a second registration; the one in place is then kept.
  if (context.setGlobalContextManager(manager)) manager.enable();
}

installContextManager();
