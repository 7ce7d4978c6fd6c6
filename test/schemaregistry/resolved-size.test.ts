import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, withUniqueTitle } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, IDENTITY_MAP, PROFILE, profileSchema, REGISTRY, TENANT, XED, XED_FULL } from "./registry-calls.js";

/**
 * A resource resolves to at most 10,000 fields (docs/api/schemaregistry.md#how-many-fields-a-resource-may-resolve-to):
 * data types nested in data types grow tenfold per level, and such a tree is refused while it is
 * being built, whether the resource itself, one built on it or the union it is part of would exceed
 * the bound.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const WIDTH = 10;
const DATA_TYPES = `${REGISTRY}/tenant/datatypes`;
const PROFILE_FIELD_GROUPS = [
  "https://ns.adobe.com/xdm/context/identitymap",
  "https://ns.adobe.com/xdm/context/profile-person-details",
  "https://ns.adobe.com/xdm/context/profile-personal-details",
  "https://ns.adobe.com/xdm/context/profile-work-details",
  "https://ns.adobe.com/xdm/mixins/profile-consents",
  "https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details",
  "https://ns.adobe.com/xdm/context/profile-segmentation",
  "https://ns.adobe.com/xdm/common/auditable",
];

/** `count` fields named f0, f1, …: strings, or each the data type `below`. */
function fields(count: number, below?: string): Record<string, object> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, below ? { $ref: below } : { type: "string" }]));
}

/** A data type of WIDTH fields, each the data type one level down (strings at level 0): level n resolves to 10 + 100 + … + 10^(n+1) fields. */
function levelDataType(level: number, below?: string) {
  return { title: `Level ${level}`, type: "object", properties: fields(WIDTH, below) };
}

/** Creates levels 0..top, each built on the one below; answers their $ids. */
async function createLevels(top: number): Promise<string[]> {
  const ids: string[] = [];
  for (let level = 0; level <= top; level++) ids.push((await createTenantResource(system, "datatypes", levelDataType(level, ids[level - 1]))).$id);
  return ids;
}

/** A Profile field group whose `_test` holds `dataTypes` fields of the data type and `strings` string fields, their names prefixed. */
function tenantFieldGroup(title: string, dataType: string, dataTypes: number, strings: number, prefix = "") {
  const own = Object.fromEntries(
    Object.entries({ ...fields(dataTypes, dataType), ...Object.fromEntries(Array.from({ length: strings }, (_, i) => [`s${i}`, { type: "string" }])) }).map(([name, field]) => [`${prefix}${name}`, field]),
  );
  return { title, type: "object", "meta:intendedToExtend": [PROFILE], properties: { [TENANT]: { type: "object", properties: own } } };
}

/** Stands in for a resource a release without the bound stored: its document is rewritten in the store, past every check. */
async function storeUnchecked(reference: string, properties: Record<string, object>, refs: string[]): Promise<void> {
  const db = system.service.store.db;
  const hex = reference.split("/").pop() as string;
  const row = await db.selectFrom("resources").select(["document"]).where("id", "=", hex).executeTakeFirstOrThrow();
  const document = { ...JSON.parse(String(row.document)), properties, refs };
  await db.updateTable("resources").set({ document: JSON.stringify(document) }).where("id", "=", hex).execute();
}

function expectTooLarge(reply: { status: number; body: any; text: string }, ...named: string[]) {
  expect(reply.status, reply.text.slice(0, 300)).toBe(400);
  expect(reply.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/XDM-1007-400", status: 400, report: { limit: 10000 } });
  expect(reply.body.errorMessage).toContain("more than 10,000 fields");
  expect(reply.body.errorMessage).toMatch(/flatten nested data types/i);
  for (const text of named) expect(reply.body.errorMessage).toContain(text);
}

describe("data types nested in data types", () => {
  it("are refused at the level whose resolved fields pass 10,000, and the levels below still resolve", async () => {
    const [, , level2] = await createLevels(2);
    const tooDeep = withUniqueTitle(levelDataType(3, level2)) as { title: string };
    const refused = await call(system, "POST", DATA_TYPES, { body: tooDeep });
    expectTooLarge(refused, `"${tooDeep.title}"`);
    const below = await call(system, "GET", `${DATA_TYPES}/${encoded(level2)}`, { headers: { accept: XED_FULL } });
    expect(below.status, below.text).toBe(200);
    expect(Object.keys(below.body.properties.f9.properties.f9.properties)).toHaveLength(WIDTH);
  });

  it("stored before the bound (six levels: a million fields) answer their resolved view with 400 and their stored view, and cannot be used", async () => {
    const ids = await createLevels(2);
    for (let level = 3; level <= 5; level++) {
      const id = (await createTenantResource(system, "datatypes", { title: `Stored level ${level}`, type: "object", properties: fields(1) })).$id;
      await storeUnchecked(id, fields(WIDTH, ids[level - 1]), [ids[level - 1]]);
      ids.push(id);
    }
    const top = ids[5];
    const full = await call(system, "GET", `${DATA_TYPES}/${encoded(top)}`, { headers: { accept: XED_FULL } });
    expectTooLarge(full, top, "application/vnd.adobe.xed+json");
    const stored = await call(system, "GET", `${DATA_TYPES}/${encoded(top)}`, { headers: { accept: XED } });
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body.properties.f0).toMatchObject({ $ref: ids[4] });
    const listed = await call(system, "GET", DATA_TYPES, { headers: { accept: "application/vnd.adobe.xed-full+json" } });
    expectTooLarge(listed);

    const user = withUniqueTitle(tenantFieldGroup("Uses a million fields", top, 1, 0)) as { title: string };
    const refused = await call(system, "POST", `${REGISTRY}/tenant/fieldgroups`, { body: user });
    expectTooLarge(refused, `"${user.title}"`);
  }, 60_000);
});

describe("data types whose allOf adds no field", () => {
  it("are refused once their uses resolve more than 100,000 parts, at once, instead of resolving them again for every field that uses them", async () => {
    const definitions = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`empty${i}`, { properties: {} }]));
    const emptyParts = await createTenantResource(system, "datatypes", {
      title: "Four hundred empty parts",
      type: "object",
      definitions,
      allOf: Object.keys(definitions).map((name) => ({ $ref: `#/definitions/${name}` })),
      properties: { a: { type: "string" } },
    });
    // 500 fields of it: 500 × (the data type and its 400 entries) = 200,500 parts, though only 1,000 fields
    const user = withUniqueTitle({ title: "Uses the empty parts", type: "object", properties: fields(500, emptyParts.$id) }) as { title: string };
    const started = Date.now();
    const refused = await call(system, "POST", DATA_TYPES, { body: user });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused.status, refused.text.slice(0, 300)).toBe(400);
    expect(refused.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/XDM-1007-400", report: { limit: 100000, measure: "parts" } });
    expect(refused.body.errorMessage).toContain(`What was sent would make the data type "${user.title}"`);
    expect(refused.body.errorMessage).toContain("more than 100,000 parts");
    expect(refused.body.errorMessage).toContain("drop allOf entries that add no field");
    const fewer = await call(system, "POST", DATA_TYPES, { body: withUniqueTitle({ title: "Uses them less", type: "object", properties: fields(200, emptyParts.$id) }) });
    expect(fewer.status, fewer.text.slice(0, 300)).toBe(201);
  });
});

describe("a change that makes a resource built on it too large", () => {
  let levels: string[];
  let fieldGroups: string[];
  let schema: any;
  beforeAll(async () => {
    levels = await createLevels(2);
    // each 1 + 4 × 1,111 + 250 = 4,695 fields: with the Profile class, the schema resolves to about 9,400
    fieldGroups = [
      (await createTenantResource(system, "fieldgroups", tenantFieldGroup("Four level-2 members", levels[2], 4, 250, "a"))).$id,
      (await createTenantResource(system, "fieldgroups", tenantFieldGroup("Four more level-2 members", levels[2], 4, 250, "b"))).$id,
    ];
    schema = await createTenantResource(system, "schemas", profileSchema("Near the bound", fieldGroups));
  });

  it("a PATCH of a data type deep below is refused, naming the schema, and nothing changes", async () => {
    // one more field at level 0 adds 100 to each level-2 field: 400 more for each field group (still legal), 800 for the schema
    const refused = await call(system, "PATCH", `${DATA_TYPES}/${encoded(levels[0])}`, { body: [{ op: "add", path: "/properties/extra", value: { type: "string" } }] });
    expectTooLarge(refused, schema.$id, levels[0]);
    const dataType = await call(system, "GET", `${DATA_TYPES}/${encoded(levels[0])}`, { headers: { accept: XED } });
    expect(dataType.body).toMatchObject({ version: "1.0" });
    expect(dataType.body.properties.extra).toBeUndefined();
    const resolved = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });
    expect(resolved.status, resolved.text).toBe(200);
  });

  it("a PUT of the schema adding field groups past the bound is refused, naming it", async () => {
    const third = await createTenantResource(system, "fieldgroups", tenantFieldGroup("Seven hundred strings", levels[2], 0, 700, "c"));
    const body = profileSchema(schema.title, [...fieldGroups, third.$id]);
    const refused = await call(system, "PUT", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { body });
    expectTooLarge(refused, schema.$id);
    const after = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED } });
    expect(after.body.version).toBe("1.0");
  });
});

describe("a large schema within the bound", () => {
  it("of every standard Profile field group and about 9,000 tenant fields is created and resolves", async () => {
    const levels = await createLevels(2);
    const fieldGroup = await createTenantResource(system, "fieldgroups", tenantFieldGroup("Large but legal", levels[2], 8, 0));
    const schema = await createTenantResource(system, "schemas", profileSchema("Large but legal", [...PROFILE_FIELD_GROUPS, fieldGroup.$id]));
    const resolved = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });
    expect(resolved.status, resolved.text).toBe(200);
    const { properties } = resolved.body;
    expect(properties.person.properties.name).toBeDefined();
    expect(properties.identityMap).toBeDefined();
    expect(Object.keys(properties[TENANT].properties.f7.properties.f9.properties.f9.properties)).toHaveLength(WIDTH);
    const sample = await call(system, "GET", `${REGISTRY}/rpc/sampledata/${encoded(schema.$id)}`);
    expect(sample.status, sample.text).toBe(200);
  });
});

describe("the Profile union", () => {
  it("refuses a schema whose enabling would take the merged union past 10,000 fields, and still resolves with the others", async () => {
    const levels = await createLevels(2);
    const members: string[] = [];
    // each 1 + 4 × 1,111 fields under _test, named apart: two merge to about 9,000 with the union's own fields, three to more than 13,000
    for (const prefix of ["u", "v", "w"]) {
      const fieldGroup = await createTenantResource(system, "fieldgroups", tenantFieldGroup(`Union part ${prefix}`, levels[2], 4, 0, prefix));
      members.push((await createTenantResource(system, "schemas", profileSchema(`Union member ${prefix}`, [IDENTITY_MAP, fieldGroup.$id]))).$id);
    }
    const enable = (id: string) => call(system, "PATCH", `${REGISTRY}/tenant/schemas/${encoded(id)}`, { body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }] });
    for (const id of members.slice(0, 2)) {
      const enabled = await enable(id);
      expect(enabled.status, enabled.text.slice(0, 300)).toBe(200);
    }
    const refused = await enable(members[2]);
    expectTooLarge(refused, members[2], `the union of ${PROFILE}`);
    const union = await call(system, "GET", `${REGISTRY}/tenant/unions/${encoded(`${PROFILE}__union`)}`, { headers: { accept: XED_FULL } });
    expect(union.status, union.text.slice(0, 300)).toBe(200);
    expect(Object.keys(union.body.properties[TENANT].properties)).toHaveLength(8);
  });
});
