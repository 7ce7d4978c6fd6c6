/**
 * Random choices a test can replay: a small seeded generator (mulberry32), seeded from SEED when set and
 * from a fresh random seed otherwise. The seed is printed when the test file loads, so a failing run
 * is replayed with `SEED=<n> npx vitest run <file>`.
 */
export interface SeededRandom {
  seed: number;
  /** the next number in [0, 1) */
  next(): number;
  /** the next integer in [0, bound) */
  below(bound: number): number;
}

export function seededRandom(testFile: string): SeededRandom {
  const seed = process.env.SEED === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(process.env.SEED);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`SEED must be an integer in [0, 2^32), not ${process.env.SEED}`);
  console.log(`SEED=${seed} (replay with: SEED=${seed} npx vitest run ${testFile})`);
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
  return { seed, next, below: (bound) => Math.floor(next() * bound) };
}
