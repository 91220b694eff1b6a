/**
 * An open-addressing table from a 64-bit key (two 32-bit halves) to a small integer, in typed
 * arrays: half a million template keys cost no objects for the collector to trace, where a
 * Map<string, number> kept every template string alive to the end of the batch.
 */
export class KeyTable {
  private high: Int32Array;
  private low: Int32Array;
  /** Value + 1; 0 marks an empty slot. */
  private values: Int32Array;
  private count = 0;

  /** Sized for `expected` keys without growing. */
  constructor(expected: number) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** The value under the key, or -1; `same` tells apart keys that share a hash (when given). */
  get(high: number, low: number, same?: (value: number) => boolean): number {
    const mask = this.values.length - 1;
    for (let slot = (low ^ Math.imul(high, 0x27d4eb2d)) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.values[slot]!;
      if (stored === 0) return -1;
      if (this.high[slot] === high && this.low[slot] === low && (!same || same(stored - 1))) return stored - 1;
    }
  }

  set(high: number, low: number, value: number): void {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    this.place(high, low, value + 1);
    this.count++;
  }

  private place(high: number, low: number, stored: number): void {
    const mask = this.values.length - 1;
    let slot = (low ^ Math.imul(high, 0x27d4eb2d)) & mask;
    while (this.values[slot] !== 0) slot = (slot + 1) & mask;
    this.high[slot] = high;
    this.low[slot] = low;
    this.values[slot] = stored;
  }

  private grow(): void {
    const { high, low, values } = this;
    this.high = new Int32Array(values.length * 2);
    this.low = new Int32Array(values.length * 2);
    this.values = new Int32Array(values.length * 2);
    for (let slot = 0; slot < values.length; slot++) if (values[slot] !== 0) this.place(high[slot]!, low[slot]!, values[slot]!);
  }
}
