import { describe, expect, it } from "vitest";
import { MappingError } from "./mapping-types.js";
import { withObjectCopies } from "./object-copy.js";

const text = { type: "string" };
const schema = {
  properties: {
    addr: {
      type: "object",
      properties: {
        addrLine1: text,
        city: text,
        geo: { type: "object", properties: { lat: { type: "number" }, lon: { type: "number" }, note: text } },
        zip: text,
      },
    },
    ids: { type: "object", additionalProperties: text },
  },
};
const columns = [
  { name: "address", type: 'STRUCT(line1 VARCHAR, city VARCHAR, geo STRUCT(lat DOUBLE, lon DOUBLE), "state" VARCHAR)' },
  { name: "zip", type: "VARCHAR" },
  { name: "latitude", type: "DOUBLE" },
  { name: "m", type: "MAP(VARCHAR, VARCHAR)" },
];
const rule = (sourceAttribute: string, destinationXdmPath: string) => ({ sourceAttribute, destinationXdmPath });

describe("object copy", () => {
  it("copies each field of an object mapped whole from the member of its name, the mappings inside it on top, reaching into a member they go inside", () => {
    const rules = [rule("address", "addr"), rule("address.line1", "addr.addrLine1"), rule("latitude", "addr.geo.lat"), rule("zip", "addr.zip")];
    expect(withObjectCopies(rules, schema, columns)).toEqual([
      rule("address.city", "addr.city"),
      rule("address.geo.lon", "addr.geo.lon"),
      rule("address.line1", "addr.addrLine1"),
      rule("latitude", "addr.geo.lat"),
      rule("zip", "addr.zip"),
    ]);
  });

  it("leaves a field mapped whole inside an object mapped whole to its own mapping, which copies the same way", () => {
    const rules = [rule("address", "addr"), rule("address.geo", "addr.geo"), rule("latitude", "addr.geo.lat")];
    expect(withObjectCopies(rules, schema, columns)).toEqual([rule("address.city", "addr.city"), rule("address.geo.lon", "addr.geo.lon"), rule("latitude", "addr.geo.lat")]);
  });

  it("keeps mappings with nothing inside them as they are", () => {
    const rules = [rule("address", "addr"), rule("m", "ids")];
    expect(withObjectCopies(rules, schema, columns)).toEqual(rules);
  });

  it("refuses mappings inside a map, or inside an object mapped whole from what is not a struct", () => {
    expect(() => withObjectCopies([rule("m", "ids"), rule("zip", "ids.home")], schema, columns)).toThrow(/mappings go inside ids, which is mapped whole from m/);
    expect(() => withObjectCopies([rule("zip", "addr"), rule("zip", "addr.zip")], schema, columns)).toThrow(MappingError);
    expect(() => withObjectCopies([rule("zip", "addr"), rule("zip", "addr.zip")], schema, columns)).toThrow(/zip is not a struct/);
    // as mapped whole alone: a struct none of whose members has a field copies nothing
    expect(() => withObjectCopies([rule("address.geo", "addr"), rule("zip", "addr.zip")], schema, columns)).toThrow(
      "no member of address.geo (lat, lon) has a field of its name in addr, so mapped whole it copies nothing",
    );
  });
});
