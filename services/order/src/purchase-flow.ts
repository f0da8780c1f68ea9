// The clients of the purchase flow's other services (cart, payment), behind the ports checkout names.
// Until those services are merged into this branch their calls answer UNAVAILABLE, as a stopped service would.
import { MallError, type Contract } from '@mall/contracts';
import type { ServiceContext } from '@mall/platform/runtime';
import type { CartPort, PaymentPort } from './ports.ts';

const notDeployed = (service: string) => (): never => {
  throw new MallError('UNAVAILABLE', `the ${service} service is not part of this build yet`);
};

export function purchaseFlow(_ctx: ServiceContext<unknown>): { cart: () => CartPort; payment: () => PaymentPort } {
  return {
    cart: () => ({ checkoutLines: notDeployed('cart') }),
    payment: () => ({ createIntent: notDeployed('payment'), cancelIntent: notDeployed('payment'), refund: notDeployed('payment') }),
  };
}

/** The contracts order calls on the purchase flow (added to dependsOn). */
purchaseFlow.contracts = [] as Contract[];
