// An order's status as the storefront shows it: its colour, and which the order list offers as tabs.
export type OrderStatus =
  'PENDING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'REFUND_REQUESTED' | 'REFUNDED';

export const STATUS_TABS: OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'COMPLETED', 'CANCELLED', 'REFUND_REQUESTED', 'REFUNDED'];

export function statusType(status: OrderStatus): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'PENDING_PAYMENT':
      return 'warning';
    case 'PAID':
    case 'SHIPPED':
    case 'DELIVERED':
      return 'primary';
    case 'COMPLETED':
      return 'success';
    case 'REFUND_REQUESTED':
    case 'REFUNDED':
      return 'danger';
    default:
      return 'info';
  }
}
