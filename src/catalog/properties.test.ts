import { describe, expect, it } from "vitest";
import { projectionOf } from "./properties.js";

describe("properties=", () => {
  it("answers only the named fields, a dotted name reaching inside an object", () => {
    const shown = projectionOf({ properties: "name, schemaRef.id,missing" })({ name: "n", schemaRef: { id: "s", contentType: "c" }, tags: {} });
    expect(shown).toEqual({ name: "n", schemaRef: { id: "s" } });
  });

  it("copies a field named __proto__ (JSON.parse makes it an own field) as an own field, never into Object.prototype", () => {
    const stored = JSON.parse('{"tags": {"__proto__": {"polluted": "yes"}}, "__proto__": {"top": 1}}');
    const shown = projectionOf({ properties: "tags.__proto__.polluted,__proto__" })(stored);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(shown))).toEqual(JSON.parse('{"tags": {"__proto__": {"polluted": "yes"}}, "__proto__": {"top": 1}}'));
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype);
  });
});
