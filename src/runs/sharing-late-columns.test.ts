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
    expect(earlierProjection([...pinned("id", "Note"), { name: "amount", type: "DECIMAL(38,18)" }], ["ID", "note"], { pinned: schema(["id"], ["Note"], ["amount"]), earlier: schema(["ID"], ["note"]) })).toBe(
      `"ID" AS "id", "note" AS "Note", CAST(NULL AS DECIMAL(38,18)) AS "amount"`,
    );
  });

  it("follows a column renamed since by its column-mapping id, and does not take a new column for one that had its name", () => {
    // email was renamed contact, then a new column took the name email
    const schemas = { pinned: schema(["id", 1], ["contact", 2], ["email", 3]), earlier: schema(["id", 1], ["email", 2]) };
    expect(earlierProjection(pinned("id", "contact", "email"), ["id", "email"], schemas)).toBe(`"id" AS "id", "email" AS "contact", CAST(NULL AS VARCHAR) AS "email"`);
  });
});
