import { describe, expect, it } from "vitest";
import { MappingError } from "./mapping-types.js";
import { fieldNames, formatPath, parsePath } from "./source-path.js";

describe("mapping paths", () => {
  it.each([
    ["a", [{ kind: "field", name: "a" }]],
    ["a.b", [{ kind: "field", name: "a" }, { kind: "field", name: "b" }]],
    ["a[0].b", [{ kind: "field", name: "a" }, { kind: "index", index: 0 }, { kind: "field", name: "b" }]],
    ["a[*][12]", [{ kind: "field", name: "a" }, { kind: "each" }, { kind: "index", index: 12 }]],
    ["${first name}.x", [{ kind: "field", name: "first name" }, { kind: "field", name: "x" }]],
    ["${a.b[0]}", [{ kind: "field", name: "a.b[0]" }]],
    // AEP's own spelling of a name holding a dot, and a "}" inside the name
    ["${First\\.Name}", [{ kind: "field", name: "First.Name" }]],
    ["${a\\}b}.c", [{ kind: "field", name: "a}b" }, { kind: "field", name: "c" }]],
    ["a\\.b.c", [{ kind: "field", name: "a.b" }, { kind: "field", name: "c" }]],
    ["_tenant.loyalty-tier", [{ kind: "field", name: "_tenant" }, { kind: "field", name: "loyalty-tier" }]],
  ])("reads %s", (path, steps) => {
    expect(parsePath(path)).toEqual(steps);
  });

  it.each(["", "a.", ".a", "a..b", "a[", "a[-1]", "a[x]", "a]b", "${a", "${}", "${a\\}"])("refuses %j, saying where", (path) => {
    expect(() => parsePath(path)).toThrow(MappingError);
    expect(() => parsePath(path)).toThrow(/position \d+/);
  });

  it("names the fields along a path without its array steps", () => {
    expect(fieldNames(parsePath("items[*].price.amount"))).toEqual(["items", "price", "amount"]);
  });
});

describe("a path written back", () => {
  it.each(["a.b", "${first name}.x", "${a.b[0]}", "${a\\}b}.c", "${a\\\\b}", "x[*].${y.z}[2]"])("reads as the path it was: %s", (path) => {
    expect(parsePath(formatPath(parsePath(path)))).toEqual(parsePath(path));
  });
});
