import type { FieldError } from '../../engine';

/**
 * One end of a backtest window as an admin or operator writes it: a date (midnight in Japan,
 * where the registrations are) or a date and time with an offset. Null when it is neither.
 */
function parseWindowBound(value: string): Date | null {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+09:00` : trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A backtest window [since, until) from the review form or the command line. A blank or missing
 * end leaves that side open; each bad end, and an empty window, is an error naming its field.
 */
export function parseWindow(since: string | undefined, until: string | undefined): { since: Date | null; until: Date | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bound = (field: 'since' | 'until', value: string | undefined): Date | null => {
    const trimmed = value?.trim() ?? '';
    if (trimmed === '') return null;
    const date = parseWindowBound(trimmed);
    if (!date) errors.push({ field, message: `not a date: ${trimmed.slice(0, 40)} (use YYYY-MM-DD, midnight JST, or an ISO 8601 time)` });
    return date;
  };
  const from = bound('since', since);
  const to = bound('until', until);
  if (from && to && from >= to) errors.push({ field: 'until', message: 'must be after since' });
  return { since: from, until: to, errors };
}
