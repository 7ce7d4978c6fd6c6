import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "../../src/dataprep/conversion.js";
import { withConnection } from "../../src/dataprep/scratch-duckdb.js";
import { quoteLiteral } from "../../src/delta/sql.js";
import { sampleDocument } from "../../src/schemaregistry/sample-data.js";
import type { XdmProperty } from "../../src/schemaregistry/xdm-fields.js";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, PERSONAL_CONTACT_DETAILS, PROFILE, profileSchema, REGISTRY, TENANT, XED_FULL } from "./registry-calls.js";

/**
 * The sample document of a schema (docs/api/schemaregistry.md#export-and-import) is one ingestion
 * takes: every value passes the checks a mapping into its field applies (src/dataprep/conversion.ts),
 * and a field no such value is found for is left out.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const CONSTRAINED = {
  code: { type: "string", pattern: "^[A-Z]{2}-\\d{3}$" },
  sku: { type: "string", pattern: "^[a-z]+$", minLength: 12, maxLength: 12 },
  host: { type: "string", pattern: "^(?:[a-z0-9]+\\.)+[a-z]{2,6}$", maxLength: 10 },
  padded: { type: "string", minLength: 30 },
  short: { type: "string", maxLength: 3 },
  level: { type: "string", enum: ["gold", "silver"] },
  picky: { type: "string", enum: ["x", "abc"], pattern: "^[a-c]+$" },
  ref: { type: "string", format: "uuid" },
  site: { type: "string", format: "uri" },
  link: { type: "string", format: "uri-reference" },
  blob: { type: "string", format: "byte" },
  address4: { type: "string", format: "ipv4" },
  address6: { type: "string", format: "ipv6" },
  server: { type: "string", format: "hostname" },
  contact: { type: "string", format: "email" },
  born: { type: "string", format: "date" },
  seen: { type: "string", format: "date-time" },
  small: { type: "integer", "meta:xdmType": "byte", exclusiveMinimum: 1, exclusiveMaximum: 4 },
  ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
  big: { type: "integer", minimum: 100, maximum: 200 },
  below: { type: "number", maximum: -10 },
  odd: { type: "integer", enum: [3, 5] },
  tags: { type: "array", items: { type: "string", pattern: "^#[a-z]{3,}$" } },
  counts: { type: "object", additionalProperties: { type: "integer", minimum: 5 } },
  // no string is found for these: left out
  word: { type: "string", pattern: "\\bword\\b" },
  none: { type: "string", pattern: "^[a-z]+$", maxLength: 0 },
  huge: { type: "string", pattern: "^(?:a{1000}){1000}$" },
};

/** Every leaf of the sample with its field: path, value, resolved field. */
function leaves(properties: Record<string, XdmProperty>, value: Record<string, unknown>, prefix = ""): Array<[string, unknown, XdmProperty]> {
  return Object.entries(value).flatMap(([name, member]) => {
    const field = properties[name];
    const path = prefix ? `${prefix}.${name}` : name;
    expect(field, `${path} is a field of the schema`).toBeDefined();
    return leavesOf(field, member, path);
  });
}

function leavesOf(field: XdmProperty, value: unknown, path: string): Array<[string, unknown, XdmProperty]> {
  if (Array.isArray(value)) return value.flatMap((item, i) => leavesOf(field.items!, item, `${path}[${i}]`));
  if (field.additionalProperties && !field.properties) return Object.entries(value as object).flatMap(([key, item]) => leavesOf(field.additionalProperties!, item, `${path}.${key}`));
  if (field.properties) return leaves(field.properties, value as Record<string, unknown>, path);
  return [[path, value, field]];
}

/** The row error ingestion gives the value in the field, or null when it takes it. */
async function ingestionError(path: string, value: unknown, field: XdmProperty): Promise<string | null> {
  const source =
    typeof value === "string"
      ? { sql: quoteLiteral(value), type: "VARCHAR" }
      : typeof value === "boolean"
        ? { sql: String(value), type: "BOOLEAN" }
        : Number.isInteger(value)
          ? { sql: `${value}::BIGINT`, type: "BIGINT" }
          : { sql: `${value}::DOUBLE`, type: "DOUBLE" };
  const { checks } = convert(source, field, { source: path, destination: path });
  if (checks.length === 0) return null;
  return withConnection(async (conn) => (await conn.runAndReadAll(`SELECT coalesce(${checks.join(", ")})`)).getRows()[0][0] as string | null);
}

describe("sample data", () => {
  it("gives every field a value its constraints and ingestion take, and leaves out a field no such value is found for", async () => {
    const group = await createTenantResource(system, "fieldgroups", {
      title: "Constrained",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: { [TENANT]: { type: "object", properties: CONSTRAINED } },
    });
    const schema = await createTenantResource(system, "schemas", profileSchema("Constrained people", [PERSONAL_CONTACT_DETAILS, group.$id]));
    const sample = await call(system, "GET", `${REGISTRY}/rpc/sampledata/${encoded(schema.$id)}`);
    expect(sample.status, sample.text).toBe(200);
    const full = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });

    const checked = leaves(full.body.properties, sample.body);
    const errors = (await Promise.all(checked.map(async ([path, value, field]) => [path, await ingestionError(path, value, field)]))).filter(([, error]) => error !== null);
    expect(errors).toEqual([]);

    const own = sample.body[TENANT];
    expect(sample.body.homeAddress.countryCode).toMatch(/^[A-Z]{2}$/);
    expect(own).toMatchObject({ level: "gold", picky: "abc", small: 2, big: 100, below: -10, odd: 3, ratio: 0.5, counts: { sampleKey: 5 } });
    expect(own.sku).toHaveLength(12);
    expect(own.padded).toHaveLength(30);
    expect(own.short).toHaveLength(3);
    expect(own.host.length).toBeLessThanOrEqual(10);
    expect(own.tags).toEqual([expect.stringMatching(/^#[a-z]{3,}$/)]);
    expect(Object.keys(own)).toEqual(expect.arrayContaining(["ref", "site", "link", "blob", "address4", "address6", "server"]));
    expect(own).not.toHaveProperty("word");
    expect(own).not.toHaveProperty("none");
    expect(own).not.toHaveProperty("huge");
    expect(checked.length).toBeGreaterThan(Object.keys(CONSTRAINED).length);
  });

  it("gives every standard field group's fields values ingestion takes", async () => {
    const listed = await call(system, "GET", `${REGISTRY}/global/fieldgroups?limit=300`, { headers: { accept: "application/vnd.adobe.xed-full+json" } });
    expect(listed.status, listed.text).toBe(200);
    const errors: unknown[] = [];
    let patterns = 0;
    for (const group of listed.body.results) {
      const sample = sampleDocument(group.properties);
      for (const [path, value, field] of leaves(group.properties, sample)) {
        if (field.pattern !== undefined) patterns++;
        const error = await ingestionError(path, value, field);
        if (error !== null) errors.push([group.$id, error]);
      }
    }
    expect(errors).toEqual([]);
    expect(patterns).toBeGreaterThan(0);
  });
});
