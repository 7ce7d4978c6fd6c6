import { describe, expect, it } from "vitest";
import { mutatedJson } from "./mutated-bodies.js";

describe("mutated request bodies", () => {
  it("applies a second mutation inside the first one's value without a cycle or a change to that value", () => {
    const shared: unknown[] = [];
    const json = mutatedJson({ title: "t" }, [[["membership"], shared], [["membership", "0"], shared]]);
    expect(JSON.parse(json)).toEqual({ title: "t", membership: [[]] });
    expect(shared).toEqual([]);
  });

  it("keeps __proto__ as the body's own key", () => {
    const json = mutatedJson({}, [[["__proto__", "polluted"], true]]);
    expect(JSON.parse(json)).toEqual({ ["__proto__"]: { polluted: true } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
