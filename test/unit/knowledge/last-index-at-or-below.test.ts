import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastIndexAtOrBelow } from '../../../src/knowledge/last-index-at-or-below';

describe('lastIndexAtOrBelow', () => {
  it('finds the last row at or below the value, or -1', () => {
    const starts = [10, 20, 20, 30];
    const at = (value: number) => lastIndexAtOrBelow(starts.length, (row) => starts[row]! <= value);
    expect(at(5)).toBe(-1);
    expect(at(10)).toBe(0);
    expect(at(19)).toBe(0);
    expect(at(20)).toBe(2);
    expect(at(29)).toBe(2);
    expect(at(1_000)).toBe(3);
    expect(lastIndexAtOrBelow(0, () => true)).toBe(-1);
  });

  it('agrees with a linear scan on any sorted table', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 60 }), fc.integer({ min: -5, max: 1_005 }), (values, value) => {
        const sorted = [...values].sort((a, b) => a - b);
        let expected = -1;
        sorted.forEach((start, index) => {
          if (start <= value) expected = index;
        });
        expect(lastIndexAtOrBelow(sorted.length, (row) => sorted[row]! <= value)).toBe(expected);
      }),
    );
  });
});
