// Routes, each page loaded on its own when first visited (history mode: the gateway answers index.html for them).
// Pages marked `signedIn` send a guest to sign in first and come back after.
import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    signedIn?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
    { path: '/category/:id', redirect: (to) => ({ name: 'search', query: { category: String(to.params.id) } }) },
    { path: '/product/:id', name: 'product', component: () => import('./pages/ProductPage.vue') },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/register', name: 'register', component: () => import('./pages/LoginPage.vue'), props: { register: true } },
    { path: '/cart', name: 'cart', component: () => import('./pages/CartPage.vue') },
    { path: '/checkout', name: 'checkout', component: () => import('./pages/CheckoutPage.vue'), meta: { signedIn: true } },
    { path: '/payment/return', name: 'payment-return', component: () => import('./pages/PaymentReturnPage.vue') },
    { path: '/orders', name: 'orders', component: () => import('./pages/OrdersPage.vue'), meta: { signedIn: true } },
    { path: '/orders/:id', name: 'order', component: () => import('./pages/OrderPage.vue'), meta: { signedIn: true } },
    {
      path: '/account/:tab(profile|addresses|password|notifications)?',
      name: 'account',
      component: () => import('./pages/AccountPage.vue'),
      meta: { signedIn: true },
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach((to) => {
  if (to.meta.signedIn && !useSessionStore().user) return { name: 'login', query: { next: to.fullPath } };
  return true;
});
