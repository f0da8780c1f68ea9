// Public surface of the contracts package: the IDL helpers, the error model, edge routes and OpenAPI, and every service's contract.
export * from './define.ts';
export * from './primitives.ts';
export * from './errors.ts';
export * from './http.ts';
export { gatewayRoutes } from './gateway.ts';
export { buildOpenApi } from './openapi.ts';
export * from './identity.ts';
export * from './inventory.ts';
export * from './catalog.ts';
export * from './order.ts';
export * from './payment.ts';
export * from './cart.ts';
export * from './card-processor.ts';
export * from './notification.ts';
export * from './seckill.ts';
