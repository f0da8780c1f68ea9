// Order numbers as buyers read and quote them: the UTC date and a sequence the database hands out, `20261203-00000123`.

export function formatOrderNo(at: Date, sequence: number): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '');
  return `${date}-${String(sequence).padStart(8, '0')}`;
}
