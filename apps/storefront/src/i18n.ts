// The storefront's own words in Chinese and English; product texts come from the API as { zh, en }.
import { createI18n } from 'vue-i18n';

export type Locale = 'zh' | 'en';
export type Localized = { zh: string; en: string };

const messages = {
  zh: {
    brand: '商城',
    nav: { home: '首页', categories: '全部分类', login: '登录', logout: '退出', language: 'English' },
    search: {
      placeholder: '搜索商品，如：蓝牙耳机',
      button: '搜索',
      resultsFor: '“{q}” 的搜索结果',
      allProducts: '全部商品',
      total: '共 {n} 件商品',
      category: '分类',
      brand: '品牌',
      price: '价格',
      any: '不限',
      sort: { relevance: '综合', newest: '新品', price_asc: '价格从低到高', price_desc: '价格从高到低' },
      empty: '没有找到相关商品',
      clear: '清除筛选',
    },
    price: { under: '{to} 以下', between: '{from} – {to}', over: '{from} 以上' },
    home: { categories: '商品分类', empty: '首页内容正在准备中' },
    product: {
      brand: '品牌',
      specs: '规格参数',
      choose: '请选择 {name}',
      inStock: '有货（{n} 件）',
      soldOut: '已售罄',
      unknown: '库存信息暂不可用，下单时确认',
      description: '商品介绍',
      notFound: '商品不存在或已下架',
      back: '返回首页',
    },
    auth: {
      login: '登录',
      register: '注册',
      email: '邮箱',
      password: '密码',
      nickname: '昵称（可选）',
      submitLogin: '登录',
      submitRegister: '注册并登录',
      welcome: '欢迎，{name}',
      registered: '注册成功，已登录',
      required: '请填写此项',
    },
    state: { loading: '加载中…', error: '加载失败：{message}', retry: '重试', notFound: '页面不存在' },
  },
  en: {
    brand: 'Mall',
    nav: { home: 'Home', categories: 'All categories', login: 'Sign in', logout: 'Sign out', language: '中文' },
    search: {
      placeholder: 'Search products, e.g. headphones',
      button: 'Search',
      resultsFor: 'Results for “{q}”',
      allProducts: 'All products',
      total: '{n} products',
      category: 'Category',
      brand: 'Brand',
      price: 'Price',
      any: 'Any',
      sort: { relevance: 'Best match', newest: 'Newest', price_asc: 'Price: low to high', price_desc: 'Price: high to low' },
      empty: 'No products match',
      clear: 'Clear filters',
    },
    price: { under: 'Under {to}', between: '{from} – {to}', over: '{from} and more' },
    home: { categories: 'Shop by category', empty: 'The home page is being prepared' },
    product: {
      brand: 'Brand',
      specs: 'Specifications',
      choose: 'Choose {name}',
      inStock: 'In stock ({n})',
      soldOut: 'Sold out',
      unknown: 'Stock unknown right now; confirmed at checkout',
      description: 'Description',
      notFound: 'This product does not exist or is no longer on sale',
      back: 'Back to home',
    },
    auth: {
      login: 'Sign in',
      register: 'Create account',
      email: 'Email',
      password: 'Password',
      nickname: 'Nickname (optional)',
      submitLogin: 'Sign in',
      submitRegister: 'Create account and sign in',
      welcome: 'Welcome, {name}',
      registered: 'Account created; you are signed in',
      required: 'Required',
    },
    state: { loading: 'Loading…', error: 'Could not load: {message}', retry: 'Retry', notFound: 'Page not found' },
  },
};

const saved = localStorage.getItem('mall.locale');
const initial: Locale = saved === 'zh' || saved === 'en' ? saved : navigator.language.startsWith('zh') ? 'zh' : 'en';

export const i18n = createI18n({ legacy: false, locale: initial, fallbackLocale: 'en', messages });

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('mall.locale', locale);
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
}
document.documentElement.lang = initial === 'zh' ? 'zh-CN' : 'en';
