// The services of the mall, in start order (a service after the ones it calls), and where each lives.
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@mall/platform/runtime';
import gateway from '../services/gateway/src/service.ts';
import seckill from '../services/seckill/src/service.ts';
import cart from '../services/cart/src/service.ts';
import payment from '../services/payment/src/service.ts';
import order from '../services/order/src/service.ts';
import cardprocessor from '../services/card-processor/src/service.ts';
import notification from '../services/notification/src/service.ts';
import catalog from '../services/catalog/src/service.ts';
import inventory from '../services/inventory/src/service.ts';
import identity from '../services/identity/src/service.ts';

export const definitions: ServiceDefinition[] = [
  identity,
  inventory,
  catalog,
  cart,
  payment,
  cardprocessor,
  order,
  notification,
  seckill,
  gateway,
];

export const modules: Record<string, string> = {
  identity: fileURLToPath(new URL('../services/identity/src/service.ts', import.meta.url)),
  inventory: fileURLToPath(new URL('../services/inventory/src/service.ts', import.meta.url)),
  catalog: fileURLToPath(new URL('../services/catalog/src/service.ts', import.meta.url)),
  cart: fileURLToPath(new URL('../services/cart/src/service.ts', import.meta.url)),
  payment: fileURLToPath(new URL('../services/payment/src/service.ts', import.meta.url)),
  cardprocessor: fileURLToPath(new URL('../services/card-processor/src/service.ts', import.meta.url)),
  notification: fileURLToPath(new URL('../services/notification/src/service.ts', import.meta.url)),
  order: fileURLToPath(new URL('../services/order/src/service.ts', import.meta.url)),
  seckill: fileURLToPath(new URL('../services/seckill/src/service.ts', import.meta.url)),
  gateway: fileURLToPath(new URL('../services/gateway/src/service.ts', import.meta.url)),
};
