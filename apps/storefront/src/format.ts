// How the storefront shows the API's values in the shopper's language: texts given as { zh, en }, and
// prices in integer minor units.
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Locale, Localized } from './i18n.ts';

export interface Money {
  amount: number;
  currency: string;
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', { style: 'currency', currency });
  return format.format(amount / 100);
}

/** The current locale with helpers bound to it, for templates. */
export function useFormat() {
  const { locale } = useI18n();
  const current = computed(() => (locale.value === 'zh' ? 'zh' : 'en') as Locale);
  return {
    locale: current,
    text: (value: Localized | null | undefined) => (value ? value[current.value] || value.zh : ''),
    money: (price: Money | null | undefined) => (price ? formatMoney(price.amount, price.currency, current.value) : ''),
  };
}
