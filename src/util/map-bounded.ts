/**
 * `items.map(work)` with at most `limit` pieces of work in flight, answers in the items' order.
 * After a failure no new work starts; the work in flight is waited for, then the first error is
 * thrown (nothing is left running behind the caller's back, e.g. a download into a folder the
 * caller is about to remove).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}
