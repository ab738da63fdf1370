export interface GroupCommitOptions<Item, Result> {
  /** How long the first item of a batch waits for others before the batch is written. */
  windowMs: number;
  /** A batch this large is written at once, without waiting out the window. */
  maxBatch: number;
  /**
   * Writes the items in one transaction and returns one result per item, in order. A throw fails the whole
   * batch; each item is then written again on its own, so one bad item cannot fail its neighbours.
   */
  write: (items: Item[]) => Promise<Result[]>;
  /** Told why a batch failed before its items are retried one by one. */
  onBatchFailed?: (error: unknown, size: number) => void;
  /** Told the size of every batch that committed (a failed batch's items retried alone count as batches of 1). */
  onBatchCommitted?: (size: number) => void;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent callers' writes share one transaction (one fsync, a few multi-row statements)
 * instead of paying for one each, while every caller still gets its own outcome.
 */
export class GroupCommit<Item, Result> {
  private readonly options: GroupCommitOptions<Item, Result>;
  private waiting: Waiting<Item, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly committedSizes = new Map<number, number>();

  constructor(options: GroupCommitOptions<Item, Result>) {
    this.options = options;
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  /** How many batches of each size committed so far, smallest size first: what the window achieves. */
  batchSizes(): [size: number, batches: number][] {
    return [...this.committedSizes].sort(([a], [b]) => a - b);
  }

  /** Writes what is waiting now and resolves once every batch in flight has its outcome. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    const writing = this.writeBatch(batch).finally(() => this.inFlight.delete(writing));
    this.inFlight.add(writing);
  }

  private async writeBatch(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.options.write(batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} was written with ${results.length} results`);
      }
      this.committedSizes.set(batch.length, (this.committedSizes.get(batch.length) ?? 0) + 1);
      this.options.onBatchCommitted?.(batch.length);
      for (const [index, waiting] of batch.entries()) waiting.resolve(results[index] as Result);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      this.options.onBatchFailed?.(error, batch.length);
      await Promise.all(batch.map((waiting) => this.writeBatch([waiting])));
    }
  }
}
