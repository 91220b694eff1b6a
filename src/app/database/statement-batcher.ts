export interface BatchOptions {
  /** Most items written by one statement. */
  readonly maxBatch: number;
  /** Most batches being written at once; what arrives meanwhile waits for the next batch. */
  readonly maxInFlight: number;
  /**
   * Whether the items of a batch that failed with this error are worth sending again one by one
   * (default: always). Not when the database could not be reached: each would fail the same way,
   * after its own timeout.
   */
  readonly retryAlone?: (error: unknown) => boolean;
}

interface Pending<T, R> {
  readonly item: T;
  readonly key: string;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Micro-batching of one statement: items submitted while earlier batches are running are sent
 * together, as one statement (for writes: one transaction, one commit, one WAL flush — group
 * commit in the application), and each caller is answered only once its batch is done. A lone
 * item waits no timer: it leaves on the next turn of the event loop, so batching happens only
 * under load, when it pays.
 *
 * If a batch fails, its items are sent again one by one, so a bad item fails alone. Two items
 * with the same key never share a batch (the second waits for the next one), so a statement never
 * meets its own conflict.
 */
export class StatementBatcher<T, R> {
  private readonly queue: Pending<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly keyOf: (item: T) => string,
    private readonly options: BatchOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, key: this.keyOf(item), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate: whatever else arrived in this turn of the event loop joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private takeBatch(): Pending<T, R>[] {
    const batch: Pending<T, R>[] = [];
    const keys = new Set<string>();
    let index = 0;
    while (index < this.queue.length && batch.length < this.options.maxBatch) {
      const pending = this.queue[index]!;
      if (keys.has(pending.key)) {
        index += 1;
        continue;
      }
      keys.add(pending.key);
      batch.push(pending);
      this.queue.splice(index, 1);
    }
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight) return;
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    this.inFlight += 1;
    // Another batch may leave at once if a slot is free.
    this.schedule();
    try {
      await this.writeBatch(batch);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  private async writeBatch(batch: readonly Pending<T, R>[]): Promise<void> {
    let results: readonly R[];
    try {
      results = await this.write(batch.map((pending) => pending.item));
    } catch (error) {
      if (batch.length === 1 || this.options.retryAlone?.(error) === false) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // Nothing of the batch was committed: each item alone, so only the bad one fails.
      await Promise.all(batch.map((pending) => this.write([pending.item]).then((one) => pending.resolve(one[0]!), pending.reject)));
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index]!));
  }
}
