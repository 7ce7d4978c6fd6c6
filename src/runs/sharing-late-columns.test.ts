import { describe, expect, it } from "vitest";
import { earlierProjection } from "./sharing-late-columns.js";

const schema = (...fields: Array<[string, number?]>) =>
  JSON.stringify({
    type: "struct",
    fields: fields.map(([name, id]) => ({ name, type: "string", nullable: true, metadata: id === undefined ? {} : { "delta.columnMapping.id": id } })),
  });
const pinned = (...names: string[]) => names.map((name) => ({ name, type: "VARCHAR" }));

describe("the earlier version's removed files read as the pinned version's columns", () => {
  it("reads a column under its own name, whatever its case, and a column added since as a NULL of its type", () => {
    expect(earlierProjection([...pinned("id", "Note"), { name: "amount", type: "DECIMAL(38,18)" }], pinned("ID", "note"), { pinned: schema(["id"], ["Note"], ["amount"]), earlier: schema(["ID"], ["note"]) })).toBe(
      `"ID" AS "id", "note" AS "Note", CAST(NULL AS DECIMAL(38,18)) AS "amount"`,
    );
  });

  it("follows a column renamed since by its column-mapping id, and does not take a new column for one that had its name", () => {
    // email was renamed contact, then a new column took the name email
    const schemas = { pinned: schema(["id", 1], ["contact", 2], ["email", 3]), earlier: schema(["id", 1], ["email", 2]) };
    expect(earlierProjection(pinned("id", "contact", "email"), pinned("id", "email"), schemas)).toBe(`"id" AS "id", "email" AS "contact", CAST(NULL AS VARCHAR) AS "email"`);
  });

  it("casts a column whose type was widened since to its pinned type, as the pinned version reads it", () => {
    const earlier = [{ name: "ratio", type: "FLOAT" }, { name: "s", type: "STRUCT(a INTEGER)" }];
    const now = [{ name: "ratio", type: "DOUBLE" }, { name: "s", type: "STRUCT(a INTEGER, b VARCHAR)" }];
    expect(earlierProjection(now, earlier, { pinned: schema(["ratio"], ["s"]), earlier: schema(["ratio"], ["s"]) })).toBe(
      `CAST("ratio" AS DOUBLE) AS "ratio", CAST("s" AS STRUCT(a INTEGER, b VARCHAR)) AS "s"`,
    );
  });
});
