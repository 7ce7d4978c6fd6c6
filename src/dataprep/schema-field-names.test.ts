import { describe, expect, it } from "vitest";
import { fieldNameProblem } from "./schema-field-names.js";

describe("field names a dataset cannot hold", () => {
  it("names two fields of one object that differ only in letter case, at any depth, and a name with U+0000", () => {
    const text = { type: "string" };
    expect(fieldNameProblem({ properties: { addr: { type: "object", properties: { plain: text, Plain: text } } } })).toBe(
      `the schema's fields "addr.plain" and "addr.Plain" differ only in letter case, which a dataset's columns cannot tell apart: rename one of them in the schema`,
    );
    expect(fieldNameProblem({ properties: { tags: { type: "array", items: { type: "object", properties: { Id: text, ID: text } } } } })).toContain('"tags.Id" and "tags.ID"');
    expect(fieldNameProblem({ properties: { ["a\0b"]: text } })).toContain("U+0000");
    // the same name in two objects is two columns
    expect(fieldNameProblem({ properties: { a: { type: "object", properties: { id: text } }, b: { type: "object", properties: { id: text } }, A2: text } })).toBeUndefined();
  });
});
