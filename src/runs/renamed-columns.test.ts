import { describe, expect, it } from "vitest";
import type { SqlResult } from "../databricks/client.js";
import { renamedTo, renamesSince } from "./renamed-columns.js";

const STRING = { kind: "primitive", name: "string" } as const;
/** DESCRIBE HISTORY's rows, newest first as it lists them; parameters as an object or as JSON text */
const history = (...commits: [number, string, Record<string, string> | string][]): SqlResult => ({
  schema: [
    { name: "version", type: { kind: "primitive", name: "long" } },
    { name: "operation", type: STRING },
    { name: "operationParameters", type: { kind: "map", key: STRING, value: STRING } },
  ],
  rows: commits.reverse(),
  truncated: false,
});

describe("what a table's history says of its columns", () => {
  const log = history(
    [1, "WRITE", { mode: "Append" }],
    [2, "RENAME COLUMN", { oldColumnPath: "status", newColumnPath: "state" }],
    [3, "RENAME COLUMN", JSON.stringify({ oldColumnPath: "state", newColumnPath: "`order.state`" })],
    [4, "RENAME COLUMN", { oldColumnPath: "address.city", newColumnPath: "address.town" }],
    [5, "ADD COLUMNS", { columns: JSON.stringify([{ column: { name: "status", type: "string" } }, { column: { name: "s.nested", type: "int" } }]) }],
    [6, "RENAME COLUMN", { oldColumnPath: "Channel", newColumnPath: "source" }],
  );

  it("follows renames to the name a column had at the earlier version; a column added since had none; nested fields are no columns", () => {
    expect(renamesSince(log, 1, 6)).toEqual(
      new Map<string, string | null>([
        ["order.state", "status"],
        ["status", null],
        ["source", "Channel"],
      ]),
    );
    // only the commits after the earlier version and up to the pinned one count
    expect(renamesSince(log, 2, 4)).toEqual(new Map([["order.state", "state"]]));
  });

  it("forgets a column dropped since", () => {
    const dropped = history([1, "RENAME COLUMN", { oldColumnPath: "a", newColumnPath: "b" }], [2, "DROP COLUMNS", { columns: JSON.stringify(["b"]) }]);
    expect(renamesSince(dropped, 0, 2)).toEqual(new Map());
  });

  it("names what a column is called at a version, and when it was renamed so", () => {
    expect(renamedTo(log, "status", 6)).toEqual({ name: "order.state", version: 3 });
    expect(renamedTo(log, "status", 2)).toEqual({ name: "state", version: 2 });
    expect(renamedTo(log, "amount", 6)).toBeUndefined();
    expect(renamedTo(history([1, "RENAME COLUMN", { oldColumnPath: "a", newColumnPath: "b" }], [2, "RENAME COLUMN", { oldColumnPath: "b", newColumnPath: "A" }]), "a", 2)).toBeUndefined();
  });
});
