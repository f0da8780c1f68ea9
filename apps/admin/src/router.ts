// The back office's routes under /admin/, each screen loaded on first visit. Before every navigation the user's
// permissions are asked again (a revoked one hides its menu entry at the next click); a screen whose list route the
// roles do not allow shows "forbidden" — and the API would refuse it anyway.
import { createRouter, createWebHistory } from 'vue-router';
import { resources } from './resources.ts';
import { useSessionStore } from './stores/session.ts';

const screen = () => import('./pages/ResourceScreen.vue');

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/catalog/categories', component: () => import('./pages/CategoriesPage.vue'), meta: { needs: resources.categories!.list } },
    ...['brands', 'attributeGroups', 'attributes', 'products'].map((key) => ({
      path: `/catalog/${key}`,
      component: screen,
      meta: { resource: key, needs: resources[key]!.list },
    })),
    {
      path: '/catalog/products/:id',
      name: 'product',
      component: () => import('./pages/ProductPage.vue'),
      meta: { needs: 'GET /api/admin/catalog/products' },
    },
    { path: '/inventory/stock', component: screen, meta: { resource: 'stock', needs: resources.stock!.list } },
    { path: '/inventory/audit', component: screen, meta: { resource: 'audit', needs: 'GET /api/admin/inventory/audit' } },
    { path: '/orders', component: screen, meta: { resource: 'orders', needs: resources.orders!.list } },
    { path: '/users', component: screen, meta: { resource: 'users', needs: resources.users!.list } },
    ...['roles', 'permissions', 'ipRules'].map((key) => ({
      path: `/access/${key}`,
      component: screen,
      meta: { resource: key, needs: resources[key]!.list },
    })),
    { path: '/forbidden', name: 'forbidden', component: () => import('./pages/StatePage.vue'), props: { kind: 'forbidden' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/StatePage.vue'), props: { kind: 'notFound' } },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (to.meta.public) return true;
  if (!session.user) return { name: 'login', query: { next: to.fullPath } };
  await session.loadPermissions();
  if (!session.user) return { name: 'login', query: { next: to.fullPath } };
  const needs = to.meta.needs;
  if (typeof needs === 'string' && !session.can(needs)) return { name: 'forbidden' };
  return true;
});
