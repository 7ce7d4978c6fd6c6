import { describe, expect, it } from "vitest";
import { FreshReads } from "./fresh-reads.js";

const aTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A store whose reads the test finishes by hand; each read answers the version current when it began. */
function manualStore() {
  let version = 1;
  const pending: Array<() => void> = [];
  return {
    reads: 0,
    write() {
      version++;
    },
    load(this: { reads: number }) {
      this.reads++;
      const seen = version;
      return new Promise<number>((resolve) => pending.push(() => resolve(seen)));
    },
    async finishNext() {
      pending.shift()!();
      await aTurn();
    },
  };
}

describe("FreshReads", () => {
  it("answers callers who asked while a read was in flight with one read begun after them, never with the read in flight", async () => {
    const store = manualStore();
    const reads = new FreshReads<number>();
    const load = () => store.load();
    const first = reads.read("c1", load);
    await aTurn();
    expect(store.reads).toBe(1);
    store.write(); // a refresh commits while the first read is in flight
    const later = Array.from({ length: 5 }, () => reads.read("c1", load));
    await store.finishNext();
    expect(await first).toBe(1);
    expect(store.reads).toBe(2); // the five share the one read that began when the first ended
    await store.finishNext();
    expect(await Promise.all(later)).toEqual([2, 2, 2, 2, 2]);
    expect(store.reads).toBe(2);
  });

  it("lets callers of one turn of the event loop share a read, and keeps keys apart", async () => {
    const store = manualStore();
    const reads = new FreshReads<number>();
    const load = () => store.load();
    const sameTurn = [reads.read("c1", load), reads.read("c1", load), reads.read("c2", load)];
    expect(store.reads).toBe(0); // nothing begins before the turn ends
    await aTurn();
    expect(store.reads).toBe(2);
    await store.finishNext();
    await store.finishNext();
    expect(await Promise.all(sameTurn)).toEqual([1, 1, 1]);
    store.write();
    const again = reads.read("c1", load);
    await aTurn();
    await store.finishNext();
    expect(await again).toBe(2);
  });

  it("gives a failed read's error to its own callers only; the next read runs", async () => {
    const reads = new FreshReads<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = reads.read("c1", async () => {
      await gate;
      throw new Error("connection lost");
    });
    await aTurn();
    const queued = reads.read("c1", async () => "ok");
    release();
    await expect(first).rejects.toThrow("connection lost");
    await expect(queued).resolves.toBe("ok");
  });
});
