/**
 * Expressions a client can write that DuckDB cannot run (a count past BIGINT, an empty date format,
 * U+0000 in a literal or a field name) or whose value is too large to answer: the mapping set
 * preview and validate answer a 4xx or the value, never a 5xx, and creation refuses what a run
 * would fail on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1";

describe("hostile expressions over sample data", () => {
  let system: TestSystem;
  let schemaId: string;
  const mappingSet = (source: string, destination = "country", id = schemaId) => ({
    outputSchema: { schemaRef: { id, contentType: CONTENT_TYPE } },
    mappings: [{ sourceType: "EXPRESSION", source, destination }],
  });
  const preview = (set: object, rows = 1) =>
    call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: set, data: Array.from({ length: rows }, (_, i) => ({ name: `n${i}` })) } });

  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, { title: "t", type: "object", properties: { country: { type: "string" } } });
  });
  afterAll(() => system.close());

  it("a count past BIGINT is read as all of the string", async () => {
    for (const [source, expected] of [
      ["left(name, 99999999999999999999999)", "n0"],
      ["right(name, 99999999999999999999999)", "n0"],
      ["substr(name, 0, 99999999999999999999999)", "n0"],
      ['instr(name, "0", 0, 99999999999999999999999)', "-1"],
    ]) {
      const reply = await preview(mappingSet(source));
      expect(reply.status, `${source}: ${reply.text}`).toBe(200);
      expect(reply.body[0].data, source).toEqual({ country: expected });
    }
  });

  it("an empty date format is refused with a message, in preview, validate and creation", async () => {
    for (const source of ['date(name, "")', 'format(now(), "")']) {
      const reply = await preview(mappingSet(source));
      expect(reply.status, `${source}: ${reply.text}`).toBe(400);
      expect(reply.text, source).toContain("empty");
      const validated = await call(system, "POST", `${EL}/validate`, { body: { expression: source, sampleData: { name: "x" } } });
      expect(validated.status, `${source}: ${validated.text}`).toBe(400);
      const created = await call(system, "POST", MAPPING_SETS, { body: mappingSet(source) });
      expect(created.status, `${source}: ${created.text}`).toBe(400);
    }
  });

  it("arithmetic on a null mapped to a string field previews as null, as a run writes it", async () => {
    for (const source of ["-null", "-(-null)", "-null * 2", "null + 1", "~(-null)"]) {
      const reply = await preview(mappingSet(source));
      expect(reply.status, `${source}: ${reply.text}`).toBe(200);
      expect(reply.body[0].data?.country ?? null, source).toBeNull();
    }
  });

  it("U+0000 in a literal is a character like any other", async () => {
    const reply = await preview(mappingSet('concat(name, "\u0000", format(now(), "\u0000"))'));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0].data).toEqual({ country: "n0\u0000\u0000" });
  });

  it("an output field whose name holds U+0000 is refused at preview and creation", async () => {
    const nulSchema = await createSchema(system, { title: "nul", type: "object", properties: { "a\u0000b": { type: "string" } } });
    const set = mappingSet("name", "a\u0000b", nulSchema);
    const reply = await preview(set);
    expect(reply.status, reply.text).toBe(400);
    const created = await call(system, "POST", MAPPING_SETS, { body: set });
    expect(created.status, created.text).toBe(400);
  });

  it("a value too large to answer is refused quickly, naming the limit", async () => {
    const started = Date.now();
    const reply = await preview(mappingSet('lpad(name, 100000000, "x")'), 6);
    expect(reply.status, reply.text.slice(0, 500)).toBe(400);
    expect(reply.text).toMatch(/bytes|memory/i);
    const validated = await call(system, "POST", `${EL}/validate`, { body: { expression: 'lpad(name, 100000000, "x")', sampleData: { name: "x" } } });
    expect(validated.status, validated.text.slice(0, 500)).toBe(400);
    expect(validated.text).toMatch(/bytes|memory/i);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 60_000);

  it("a value too large to answer but small enough to compute is refused with its size and the limit", async () => {
    const reply = await preview(mappingSet('lpad(name, 3000000, "x")'), 3);
    expect(reply.status, reply.text.slice(0, 500)).toBe(400);
    expect(reply.text).toMatch(/sample row 1 mapped is 3\d{6} bytes as JSON, more than the 1000000 bytes/);
    const validated = await call(system, "POST", `${EL}/validate`, { body: { expression: 'lpad(name, 3000000, "x")', sampleData: { name: "x" } } });
    expect(validated.status, validated.text.slice(0, 500)).toBe(400);
    expect(validated.text).toContain("the result is 3000002 bytes as JSON");
  });

  it("a mapped row too large to answer is refused naming the row and the destination field that makes it so", async () => {
    const nested = await createSchema(system, { title: "nested", type: "object", properties: { _id: { type: "string" }, person: { type: "object", properties: { name: { type: "string" }, nickname: { type: "string" } } } } });
    const set = {
      outputSchema: { schemaRef: { id: nested, contentType: CONTENT_TYPE } },
      mappings: [
        { sourceType: "EXPRESSION", source: 'lpad(name, 600000, "x")', destination: "_id" },
        { sourceType: "EXPRESSION", source: 'iif(name == "n1", lpad(name, 1500000, "y"), name)', destination: "person.name" },
        { sourceType: "EXPRESSION", source: "name", destination: "person.nickname" },
      ],
    };
    const reply = await preview(set, 3);
    expect(reply.status, reply.text.slice(0, 500)).toBe(400);
    expect(reply.body.errorMessage).toMatch(/^The mapping set is not valid: sample row 2 mapped is 2\d{6} bytes as JSON, more than the 1000000 bytes a sample answer may hold: its field person\.name takes 1500002 of them$/);
  });
});

describe("a literal regular expression JavaScript accepts and DuckDB's RE2 refuses", () => {
  let system: TestSystem;
  let schemaId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, { title: "re", type: "object", properties: { country: { type: "string" } } });
  });
  afterAll(() => system.close());

  it("is refused by validate, creation and preview with a message", async () => {
    for (const expression of ['matches_regex(name, "a\\\\Z")', 'extract_regex(name, "(a)\\\\Z")', 'explode(name, "\\\\Z")']) {
      const validated = await call(system, "POST", `${EL}/validate`, { body: { expression } });
      expect(validated.status, `${expression}: ${validated.text}`).toBe(400);
      expect(validated.text).toContain("not a regular expression DuckDB can run");
      const mappingSet = { outputSchema: { schemaRef: { id: schemaId, contentType: CONTENT_TYPE } }, mappings: [{ sourceType: "EXPRESSION", source: expression, destination: "country" }] };
      const created = await call(system, "POST", MAPPING_SETS, { body: mappingSet });
      expect(created.status, `${expression}: ${created.text}`).toBe(400);
      const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data: { name: "a" } } });
      expect(previewed.status, `${expression}: ${previewed.text}`).toBe(400);
    }
    const fine = await call(system, "POST", `${EL}/validate`, { body: { expression: 'matches_regex(name, "a\\\\z")', sampleData: { name: "a" } } });
    expect(fine.status, fine.text).toBe(200);
    expect(fine.body.result).toBe(true);
  });
});
