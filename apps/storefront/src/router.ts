// Routes, each page loaded on its own when first visited (history mode: the gateway answers index.html for them).
import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
    { path: '/category/:id', redirect: (to) => ({ name: 'search', query: { category: String(to.params.id) } }) },
    { path: '/product/:id', name: 'product', component: () => import('./pages/ProductPage.vue') },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  scrollBehavior: () => ({ top: 0 }),
});
