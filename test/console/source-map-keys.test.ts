/** The mapping step's sources inside a MAP column's keys: a typed path is checked as the service checks a mapping's source. */
import { describe, expect, it } from "vitest";
import { parseDdlType } from "../../src/databricks/spark-types.js";
import { exploreColumn } from "../../src/schemaregistry/databricks-to-xdm.js";
import { type KeyField, keyRowsOf, mapKeySource, parseSparkType, type SourceRow, sourceRows, withKeyRows } from "../../console/src/screens/wizard/map-keys.js";

// the columns as explore answers them for this table
const TABLE = {
  customer_id: "STRING",
  ids: "MAP<STRING, STRING>",
  places: "MAP<STRING, STRUCT<city: STRING, zip: INT>>",
  tags: "MAP<STRING, ARRAY<STRING>>",
  scores: "MAP<INT, DOUBLE>",
  profile: "STRUCT<name: STRING, `odd:name`: MAP<STRING, BIGINT>, ranks: MAP<BIGINT, STRING>>",
};
const columns = Object.entries(TABLE).map(([name, ddl]) => exploreColumn(name, parseDdlType(ddl)) as { name: string; type: string });
const rows = sourceRows(columns);
const mapRow = (path: string) => rows.find((row) => row.path === path) as SourceRow & { mapValue: KeyField };
const problem = (map: string, path: string) => (mapKeySource(mapRow(map), path) as { problem?: string }).problem;

describe("paths typed into a MAP column's keys", () => {
  it("offers a key path under each MAP column and each map inside a struct column", () => {
    expect(rows.filter((row) => row.mapValue).map((row) => row.path)).toEqual(["ids", "places", "tags", "scores", "profile.odd:name", "profile.ranks"]);
  });

  it("takes a key and the steps its values have, as the service takes a source", () => {
    expect(mapKeySource(mapRow("ids"), " ids.crm ")).toEqual({ path: "ids.crm", depth: 1, type: "string" });
    expect(mapKeySource(mapRow("ids"), "ids.${crm.id}")).toMatchObject({ path: "ids.${crm.id}", type: "string" });
    expect(mapKeySource(mapRow("places"), "places.home.city")).toMatchObject({ path: "places.home.city", type: "string" });
    expect(mapKeySource(mapRow("places"), "places.home.zip")).toMatchObject({ type: "int" });
    expect(mapKeySource(mapRow("tags"), "tags.colors[0]")).toMatchObject({ path: "tags.colors[0]", type: "string" });
    expect(mapKeySource(mapRow("profile.odd:name"), "profile.odd:name.visits")).toMatchObject({ depth: 2, type: "long" });
  });

  it("refuses a path the service would refuse, saying what is wrong", () => {
    expect(problem("places", "places.home.country")).toBe("places.home.country is not a member of the source column");
    expect(problem("ids", "ids.crm[0]")).toBe("ids.crm is not an array: [n] and [*] only follow an array");
    expect(problem("ids", "customer_id")).toBe("A key of ids is written ids.<key>, such as ids.crm");
    expect(problem("scores", "scores.1")).toBe("the keys of scores are int, not text: a path reads a key only of a map of string keys");
    expect(problem("profile.ranks", "profile.ranks.7")).toBe("the keys of profile.ranks are bigint, not text: a path reads a key only of a map of string keys");
  });

  it("puts typed keys after their column, and finds them again among a draft's paths", () => {
    const keys = keyRowsOf(rows, ["customer_id", "ids.crm", "places.home.city", "scores.1", "gone.crm", "ids.crm"], mapKeySource);
    expect(keys.map((key) => key.path)).toEqual(["ids.crm", "places.home.city"]);
    expect(withKeyRows(rows, keys).map((row) => row.path).slice(0, 5)).toEqual(["customer_id", "ids", "ids.crm", "places", "places.home.city"]);
  });

  it("reads the simpleString explore gives, names in backquotes among them", () => {
    expect(parseSparkType("map<decimal(10,2),struct<`a``b`:string,c:array<int>>>")).toEqual({
      name: "map",
      args: [
        { name: "decimal", args: [], fields: [] },
        { name: "struct", args: [], fields: [["a`b", { name: "string", args: [], fields: [] }], ["c", { name: "array", args: [{ name: "int", args: [], fields: [] }], fields: [] }]] },
      ],
      fields: [],
    });
    expect(parseSparkType("map<string")).toBeUndefined();
  });
});
