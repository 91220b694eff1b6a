/**
 * What a process's graph opened (pools, Redis connections, queues, listeners), closed together at
 * shutdown — or when building the graph failed half-way, so a process that cannot start exits
 * instead of being held open by what its first providers connected.
 */
export class OpenConnections {
  private readonly closers: (() => Promise<unknown> | void)[] = [];
  private closed = false;

  add<T>(resource: T, close: (resource: T) => Promise<unknown> | void): T {
    // Nest builds providers concurrently: one may finish connecting after another's failure closed the rest.
    if (this.closed) void Promise.resolve(close(resource)).catch(() => {});
    else this.closers.push(() => close(resource));
    return resource;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
