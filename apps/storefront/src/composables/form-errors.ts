// A form's errors: the API's field errors ("/body/phone" → phone) shown under their field, and any other failure
// as one message above the form.
import { reactive, ref } from 'vue';
import { ApiFailure } from '../api/client.ts';

export function useFormErrors() {
  const fields = reactive<Record<string, string>>({});
  const form = ref<string | null>(null);

  function clear(): void {
    for (const key of Object.keys(fields)) delete fields[key];
    form.value = null;
  }

  /** Shows a failure: at its fields when the API named them, else above the form. */
  function show(failure: unknown): void {
    clear();
    if (failure instanceof ApiFailure && failure.fields.length) {
      for (const f of failure.fields) fields[f.path.split('/').pop() ?? ''] = f.message;
    } else form.value = failure instanceof Error ? failure.message : String(failure);
  }

  return { fields, form, clear, show };
}
