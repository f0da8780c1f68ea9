// RPC: serve a contract on Fastify, call it through a typed client over HTTP (cluster) or in process (all-in-one).
export { bindService, type BoundService, type Handlers, type HandlerContext } from './bind.ts';
export { serveContract, rpcPath, type ServeOptions } from './server.ts';
export { createClient, type Client, type ClientOptions, type CallOptions } from './client.ts';
export { HttpTransport, type HttpTransportOptions } from './http-transport.ts';
export { InProcessTransport, LocalDirectory } from './in-process.ts';
export { UnavailableError, type Transport } from './transport.ts';
export { RetryBudget } from './retry-budget.ts';
export { callScope, Headers, type CallScope } from './scope.ts';
export { installErrorShape, toMallError } from './http-errors.ts';
export { compileValidator, type InputValidator } from './validation.ts';
export type { BalancerKind } from './balancer.ts';
export { RpcFastPath } from './fast-path.ts';
export { JsonText } from './json-text.ts';
