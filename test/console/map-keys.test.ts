/** The mapping step's target fields inside a map's keys: a typed path is checked as the service checks a destination. */
import { describe, expect, it } from "vitest";
import { type KeyField, type KeyRow, keyRowsOf, mapKeyTarget, mapValueOf, valueAtPath, withKeyRows } from "../../console/src/screens/wizard/map-keys.js";

const identity: KeyField = { type: "object", properties: { id: { type: "string" }, primary: { type: "boolean" }, authenticatedState: { type: "string" } } };
const fields: Record<string, KeyField> = {
  _id: { type: "string" },
  identityMap: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "array", items: identity } },
  attributes: { type: "object", additionalProperties: { type: "string" } },
  person: { type: "object", properties: { name: { type: "string" } } },
};

// the target tree's rows of those fields, as the mapping step lists them
const rows: KeyRow[] = Object.entries(fields).flatMap(([name, field]) => {
  const mapValue = mapValueOf(field);
  const row: KeyRow = { path: name, depth: 0, name, type: field.type!, group: !!field.properties, required: false, ...(mapValue && { mapValue }) };
  return [row, ...Object.keys(field.properties ?? {}).map((child) => ({ path: `${name}.${child}`, depth: 1, name: child, type: "string", group: false, required: false }))];
});
const mapRow = (path: string) => rows.find((row) => row.path === path) as KeyRow & { mapValue: KeyField };

describe("paths typed into a map field's keys", () => {
  it("offers a key path only under a map field", () => {
    expect(Object.keys(fields).filter((name) => mapValueOf(fields[name]))).toEqual(["identityMap", "attributes"]);
    expect(mapValueOf(fields.attributes)).toEqual({ type: "string" });
  });

  it("takes a key and the steps its values have, as the service takes a destination", () => {
    expect(mapKeyTarget(mapRow("identityMap"), "identityMap.Email[0].id")).toEqual({ path: "identityMap.Email[0].id", depth: 1, name: "Email[0].id", type: "string", group: false, required: false });
    expect(mapKeyTarget(mapRow("identityMap"), " identityMap.Phone[*].primary ")).toMatchObject({ path: "identityMap.Phone[*].primary", type: "boolean" });
    expect(mapKeyTarget(mapRow("identityMap"), "identityMap.${CRM.ID}[0].id")).toMatchObject({ path: "identityMap.${CRM.ID}[0].id", type: "string" });
    expect(mapKeyTarget(mapRow("identityMap"), "identityMap.ECID")).toMatchObject({ path: "identityMap.ECID", type: "array" });
    expect(mapKeyTarget(mapRow("attributes"), "attributes.color")).toMatchObject({ path: "attributes.color", type: "string" });
  });

  it("refuses a path the service would refuse, saying what is wrong", () => {
    const problem = (map: string, path: string) => (mapKeyTarget(mapRow(map), path) as { problem?: string }).problem;
    expect(problem("identityMap", "identityMap.Email[0].nope")).toBe("identityMap.Email[0].nope is not a field of the schema");
    expect(problem("identityMap", "identityMap.Email.id")).toBe("identityMap.Email.id is not a field of the schema");
    expect(problem("attributes", "attributes.color[0]")).toBe("attributes.color is not an array: [n] and [*] only follow an array");
    expect(problem("identityMap", "person.name")).toContain("A key of identityMap is written identityMap.<key>");
    expect(problem("identityMap", "identityMap.")).toContain("is not a valid path after identityMap");
    expect(problem("identityMap", "identityMap.Email[x].id")).toContain("is not a valid path after identityMap.Email");
  });

  it("puts typed keys after their map's row, and finds them again in a draft's target fields", () => {
    const keys = keyRowsOf(rows, ["_id", "identityMap.Email[0].id", "attributes.color", "identityMap.Email[0].nope", "gone.field"], mapKeyTarget);
    expect(keys.map((key) => key.path)).toEqual(["identityMap.Email[0].id", "attributes.color"]);
    expect(withKeyRows(rows, keys).map((row) => row.path)).toEqual(["_id", "identityMap", "identityMap.Email[0].id", "attributes", "attributes.color", "person", "person.name"]);
  });

  it("reads a typed key's value in a previewed row, as the mapped rows show it", () => {
    const data = { _id: "c-1", person: { name: "Ada" }, identityMap: { Email: [{ id: "ada@example.com" }], "CRM.ID": [{ id: "7" }], Phone: [{ id: "+49 1" }, { id: "+49 2" }] } };
    expect(valueAtPath(data, "person.name")).toBe("Ada");
    expect(valueAtPath(data, "identityMap.Email[0].id")).toBe("ada@example.com");
    expect(valueAtPath(data, "identityMap.${CRM.ID}[0].id")).toBe("7");
    expect(valueAtPath(data, "identityMap.Phone[*].id")).toEqual(["+49 1", "+49 2"]);
    expect(valueAtPath(data, "identityMap.ECID[0].id")).toBeUndefined();
  });
});
