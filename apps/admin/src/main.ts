// The back office's entry: Vue with the router, Pinia and vue-i18n; screens load per route.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router.ts';
import { i18n } from './i18n.ts';
import './style.css';

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app');
