// What a failure says to the shopper: the storefront's own words for the API's codes it knows, else the API's message.
import { useI18n } from 'vue-i18n';
import { ApiFailure } from '../api/client.ts';

export function useErrorText() {
  const { t, te } = useI18n();
  return (failure: unknown): string => {
    if (failure instanceof ApiFailure && te(`errors.${failure.code}`)) return t(`errors.${failure.code}`);
    return failure instanceof Error ? failure.message : String(failure);
  };
}
