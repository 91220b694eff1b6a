import { describe, expect, it } from 'vitest';
import { StatementBatcher } from '../../../src/app/database/statement-batcher';

interface Item {
  readonly key: string;
  readonly value: number;
}

/** A writer that records each batch and fails a batch holding a value in `refused`. */
function recordingWriter(refused: ReadonlySet<number> = new Set(), delayMs = 5) {
  const batches: number[][] = [];
  const write = async (items: readonly Item[]): Promise<number[]> => {
    batches.push(items.map((item) => item.value));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (items.some((item) => refused.has(item.value))) throw new Error(`refused ${items.map((item) => item.value).join(',')}`);
    return items.map((item) => item.value * 10);
  };
  return { batches, write };
}

describe(StatementBatcher.name, () => {
  it('writes a lone item at once, in a batch of its own', async () => {
    const writer = recordingWriter();
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 8, maxInFlight: 1 });
    await expect(sut.submit({ key: 'a', value: 1 })).resolves.toBe(10);
    expect(writer.batches).toEqual([[1]]);
  });

  it('batches what arrives while a batch is being written, and answers each with its own result', async () => {
    const writer = recordingWriter();
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 8, maxInFlight: 1 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => sut.submit({ key: `k${value}`, value })));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(writer.batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(writer.batches.length).toBeLessThan(5);
  });

  it('never puts more than maxBatch items in one batch', async () => {
    const writer = recordingWriter();
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 3, maxInFlight: 1 });
    await Promise.all(Array.from({ length: 10 }, (_, value) => sut.submit({ key: `k${value}`, value })));
    expect(Math.max(...writer.batches.map((batch) => batch.length))).toBeLessThanOrEqual(3);
    expect(writer.batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps two items with the same key out of one batch', async () => {
    const writer = recordingWriter();
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 8, maxInFlight: 1 });
    await Promise.all([sut.submit({ key: 'same', value: 1 }), sut.submit({ key: 'same', value: 2 }), sut.submit({ key: 'other', value: 3 })]);
    for (const batch of writer.batches) expect(batch.includes(1) && batch.includes(2)).toBe(false);
  });

  it('fails only the bad item of a failed batch: the others are written again one by one', async () => {
    const writer = recordingWriter(new Set([2]));
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 8, maxInFlight: 1 });
    const settled = await Promise.allSettled([1, 2, 3].map((value) => sut.submit({ key: `k${value}`, value })));
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toMatchObject({ value: 10 });
    expect(settled[1]).toMatchObject({ reason: new Error('refused 2') });
    expect(settled[2]).toMatchObject({ value: 30 });
  });

  it('fails the whole batch at once when the error says retrying alone would not help', async () => {
    const writer = recordingWriter(new Set([2]));
    const sut = new StatementBatcher(writer.write, (item: Item) => item.key, { maxBatch: 8, maxInFlight: 1, retryAlone: () => false });
    const settled = await Promise.allSettled([1, 2, 3].map((value) => sut.submit({ key: `k${value}`, value })));
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(writer.batches).toEqual([[1, 2, 3]]);
  });

  it('keeps no more than maxInFlight batches being written at once', async () => {
    let writing = 0;
    let most = 0;
    const sut = new StatementBatcher(
      async (items: readonly Item[]) => {
        writing += 1;
        most = Math.max(most, writing);
        await new Promise((resolve) => setTimeout(resolve, 3));
        writing -= 1;
        return items.map((item) => item.value);
      },
      (item: Item) => item.key,
      { maxBatch: 2, maxInFlight: 2 },
    );
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(Array.from({ length: 9 }, (_, value) => sut.submit({ key: `r${round}-${value}`, value })));
    }
    // Exactly two: batches do overlap (a batcher that wrote one at a time would give 1), and never more.
    expect(most).toBe(2);
  });
});
