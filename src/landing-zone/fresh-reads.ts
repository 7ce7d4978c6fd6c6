/**
 * Concurrent reads of one key share a store round trip, and none is answered by a read that began
 * before it was asked: a caller joins the read that starts next, never the one in flight. That read
 * starts when the one in flight ends, or, when none is, once the event loop has taken in the
 * requests that arrived with this one (setImmediate). So whatever any process committed before a
 * GET arrived (a refresh) is in the answer to that GET, as if it had read alone, while 64 GETs in
 * flight cost a read per round trip or per turn of the loop instead of 64.
 */
export class FreshReads<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  /** the read that starts next, shared by everyone who asked since the one in flight began */
  private readonly next = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const running = this.inFlight.get(key);
    const turn = running ? running.then(settled, settled) : new Promise<void>((resolve) => setImmediate(resolve));
    const read = turn.then(() => this.start(key, load));
    this.next.set(key, read);
    return read;
  }

  private start(key: string, load: () => Promise<T>): Promise<T> {
    this.next.delete(key);
    const read = load().finally(() => {
      if (this.inFlight.get(key) === read) this.inFlight.delete(key);
    });
    this.inFlight.set(key, read);
    return read;
  }
}

function settled(): void {}
