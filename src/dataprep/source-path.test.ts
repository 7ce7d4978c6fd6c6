import { describe, expect, it } from "vitest";
import { MappingError } from "./mapping-types.js";
import { fieldNames, parsePath } from "./source-path.js";

describe("mapping paths", () => {
  it.each([
    ["a", [{ kind: "field", name: "a" }]],
    ["a.b", [{ kind: "field", name: "a" }, { kind: "field", name: "b" }]],
    ["a[0].b", [{ kind: "field", name: "a" }, { kind: "index", index: 0 }, { kind: "field", name: "b" }]],
    ["a[*][12]", [{ kind: "field", name: "a" }, { kind: "each" }, { kind: "index", index: 12 }]],
    ["${first name}.x", [{ kind: "field", name: "first name" }, { kind: "field", name: "x" }]],
    ["${a.b[0]}", [{ kind: "field", name: "a.b[0]" }]],
    ["a\\.b.c", [{ kind: "field", name: "a.b" }, { kind: "field", name: "c" }]],
    ["_tenant.loyalty-tier", [{ kind: "field", name: "_tenant" }, { kind: "field", name: "loyalty-tier" }]],
  ])("reads %s", (path, steps) => {
    expect(parsePath(path)).toEqual(steps);
  });

  it.each(["", "a.", ".a", "a..b", "a[", "a[-1]", "a[x]", "a]b", "${a", "${}"])("refuses %j, saying where", (path) => {
    expect(() => parsePath(path)).toThrow(MappingError);
    expect(() => parsePath(path)).toThrow(/position \d+/);
  });

  it("names the fields along a path without its array steps", () => {
    expect(fieldNames(parsePath("items[*].price.amount"))).toEqual(["items", "price", "amount"]);
  });
});
