import { describe, expect, it } from 'vitest';
import { parseWindow } from '../../../src/app/backtest/window';

describe(parseWindow.name, () => {
  it('reads a date as midnight in Japan and a time with its offset; a blank or missing end is open', () => {
    expect(parseWindow('2026-01-01', '2026-01-02T12:00:00Z')).toEqual({ since: new Date('2025-12-31T15:00:00Z'), until: new Date('2026-01-02T12:00:00Z'), errors: [] });
    expect(parseWindow(' ', undefined)).toEqual({ since: null, until: null, errors: [] });
  });

  it('names every bad end, and an empty window, by field', () => {
    expect(parseWindow('yesterday', 'soon').errors).toEqual([
      { field: 'since', message: 'not a date: yesterday (use YYYY-MM-DD, midnight JST, or an ISO 8601 time)' },
      { field: 'until', message: 'not a date: soon (use YYYY-MM-DD, midnight JST, or an ISO 8601 time)' },
    ]);
    expect(parseWindow('2026-02-01', '2026-02-01').errors).toEqual([{ field: 'until', message: 'must be after since' }]);
  });
});
