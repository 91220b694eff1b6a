import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../../src/app/database/time-ordered-id';

describe(timeOrderedUuid.name, () => {
  it('is a version 7 UUID carrying its milliseconds', () => {
    const sut = timeOrderedUuid(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(sut.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
  });

  it('sorts by time and never repeats', () => {
    const ids = Array.from({ length: 2000 }, (_, index) => timeOrderedUuid(1_800_000_000_000 + index));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 5000 }, () => timeOrderedUuid(1_800_000_000_000))).size).toBe(5000);
  });
});
