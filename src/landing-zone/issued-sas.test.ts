import { describe, expect, it } from "vitest";
import { IssuedSasCache } from "./issued-sas.js";

const policy = (policyId: string, expiresAt = 1_000) => ({ policyId, createdAt: 0, expiresAt, supersededAt: null });

describe("IssuedSasCache", () => {
  it("derives a container's SAS once while its current policy stays the same", () => {
    const cache = new IssuedSasCache<string>();
    let derived = 0;
    const derive = () => `sas-${++derived}`;
    expect(cache.forPolicy("c1", policy("p1"), derive)).toBe("sas-1");
    expect(cache.forPolicy("c1", policy("p1"), derive)).toBe("sas-1");
    expect(derived).toBe(1);
  });

  it("derives again for the policy the store names now: a new id, or the same id with another expiry", () => {
    const cache = new IssuedSasCache<string>();
    let derived = 0;
    const derive = () => `sas-${++derived}`;
    cache.forPolicy("c1", policy("p1"), derive);
    expect(cache.forPolicy("c1", policy("p2"), derive)).toBe("sas-2");
    expect(cache.forPolicy("c1", policy("p2", 2_000), derive)).toBe("sas-3");
    // going back to an older policy is a miss too: the cache never answers for a policy it was not asked for
    expect(cache.forPolicy("c1", policy("p1"), derive)).toBe("sas-4");
  });

  it("keeps containers apart", () => {
    const cache = new IssuedSasCache<string>();
    cache.forPolicy("c1", policy("p1"), () => "one");
    expect(cache.forPolicy("c2", policy("p1"), () => "two")).toBe("two");
    expect(cache.forPolicy("c1", policy("p1"), () => "again")).toBe("one");
  });
});
