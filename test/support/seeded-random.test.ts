import { afterEach, describe, expect, it } from "vitest";
import { seededRandom } from "./seeded-random.js";

const draw = (count: number) => {
  const random = seededRandom("test/support/seeded-random.test.ts");
  return { seed: random.seed, values: Array.from({ length: count }, () => random.below(400)) };
};

describe("seeded random choices", () => {
  const before = process.env.SEED;
  afterEach(() => {
    if (before === undefined) delete process.env.SEED;
    else process.env.SEED = before;
  });

  it("replays the same choices for a seed that a run printed", () => {
    delete process.env.SEED;
    const first = draw(50);
    process.env.SEED = String(first.seed);
    expect(draw(50)).toEqual(first);
  });

  it("makes other choices for another seed, spread over the whole range", () => {
    process.env.SEED = "1";
    const one = draw(1000).values;
    process.env.SEED = "2";
    expect(draw(1000).values).not.toEqual(one);
    expect(Math.min(...one)).toBeLessThan(20);
    expect(Math.max(...one)).toBeGreaterThan(380);
  });

  it("refuses a SEED that is not a 32-bit unsigned integer", () => {
    process.env.SEED = "abc";
    expect(() => draw(1)).toThrow(/SEED must be an integer/);
  });
});
