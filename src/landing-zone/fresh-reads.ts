/**
 * Concurrent reads of one key share a store round trip, and none is answered by a read that began
 * before it was asked: a caller joins the read that starts next (when the one in flight ends),
 * never the one in flight. So whatever any process committed before a GET arrived (a refresh) is
 * in the answer to that GET, as if it had read alone, while 64 GETs in flight cost one read per
 * round trip instead of 64 (PostgreSQL: a pool connection and a round trip each).
 */
export class FreshReads<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  /** the read that starts when the one in flight ends, shared by everyone who asked meanwhile */
  private readonly next = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const running = this.inFlight.get(key);
    if (!running) return this.start(key, load);
    const after = running.then(
      () => this.startQueued(key, load),
      () => this.startQueued(key, load),
    );
    this.next.set(key, after);
    return after;
  }

  private startQueued(key: string, load: () => Promise<T>): Promise<T> {
    this.next.delete(key);
    return this.start(key, load);
  }

  private start(key: string, load: () => Promise<T>): Promise<T> {
    const read = load().finally(() => {
      if (this.inFlight.get(key) === read) this.inFlight.delete(key);
    });
    this.inFlight.set(key, read);
    return read;
  }
}
