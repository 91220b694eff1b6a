/**
 * One end of a backtest window as an admin or operator writes it: a date (midnight in Japan,
 * where the registrations are) or a date and time with an offset. Null when it is neither.
 */
export function parseWindowBound(value: string): Date | null {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+09:00` : trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}
