import { describe, expect, it } from "vitest";
import type { Column } from "../../api/flowservice";
import { columnFieldGroupBody, columnFields, columnFieldSources } from "./column-fields";
import { sourceRows } from "./map-keys";
import { startingAssignments } from "./mapping-draft";
import { mergeFields, targetRows } from "./xdm-tree";

const COLUMNS: Column[] = [
  { name: "id", type: "bigint", "meta:xdmType": "long", xdm: { type: "integer", "meta:xdmType": "long", minimum: -9007199254740992, maximum: 9007199254740992 } as Column["xdm"] },
  { name: "amount", type: "decimal(38,18)", xdm: { type: "string", description: "decimal(38,18) as exact text" } },
  { name: "order date", type: "date", "meta:xdmType": "date", xdm: { type: "string", format: "date" } },
  { name: "order-date", type: "string", xdm: { type: "string" } },
];

describe("a new schema's fields for the table's columns", () => {
  it("puts a field of each column under the tenant namespace, typed as explore types the column and titled with its name", () => {
    const fields = columnFields(COLUMNS, "acme");
    expect(Object.keys(fields)).toEqual(["_acme"]);
    expect(fields._acme.properties).toEqual({
      id: { title: "id", type: "integer", "meta:xdmType": "long", minimum: -9007199254740992, maximum: 9007199254740992 },
      amount: { title: "amount", type: "string", description: "decimal(38,18) as exact text" },
      order_date: { title: "order date", type: "string", format: "date" },
      // the same field name twice: the second one numbered
      order_date_2: { title: "order-date", type: "string" },
    });
    expect(columnFieldGroupBody("Orders columns", fields)).toMatchObject({ title: "Orders columns", definitions: { columns: { properties: fields } }, allOf: [{ $ref: "#/definitions/columns" }] });
  });

  it("maps each column into its own field, beside a class field that takes the column by its name", () => {
    const fields = columnFields(COLUMNS, "acme");
    const targets = targetRows({ properties: mergeFields({ _id: { type: "string" } }, fields) });
    const assignments = startingAssignments(targets, sourceRows(COLUMNS), undefined, columnFieldSources(fields));
    expect(Object.fromEntries([...assignments].map(([path, a]) => [path, a.source]))).toEqual({
      _id: "id",
      "_acme.id": "id",
      "_acme.amount": "amount",
      "_acme.order_date": "order date",
      "_acme.order_date_2": "order-date",
    });
  });

  it("maps each member of a struct column into the leaf of its name, the struct's field being a group", () => {
    const address = { type: "object", properties: { street: { type: "string" }, geo: { type: "object", properties: { lat: { type: "number" } } } } };
    const columns: Column[] = [...COLUMNS, { name: "address", type: "struct<street:string,geo:struct<lat:double>>", xdm: address as Column["xdm"] }];
    const fields = columnFields(columns, "acme");
    const targets = targetRows({ properties: fields });
    const assignments = startingAssignments(targets, sourceRows(columns), undefined, columnFieldSources(fields));
    expect(assignments.get("_acme.address.street")?.source).toBe("address.street");
    expect(assignments.get("_acme.address.geo.lat")?.source).toBe("address.geo.lat");
    expect(assignments.has("_acme.address")).toBe(false);
  });

  it("leaves a column field the user unmapped in an earlier visit unmapped", () => {
    const fields = columnFields(COLUMNS, "acme");
    const targets = targetRows({ properties: fields });
    const draft = { targetFields: new Set(targets.map((t) => t.path)), assignments: new Map() };
    expect(startingAssignments(targets, sourceRows(COLUMNS), draft, columnFieldSources(fields)).size).toBe(0);
  });
});
