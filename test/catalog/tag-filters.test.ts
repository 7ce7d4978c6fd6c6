import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, DATASETS } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { insertBatch } from "./catalog-fixtures.js";

/**
 * AEP's Catalog `tags` filter (docs/api/catalog.md#tag-filters), as its "Filter Catalog data" guide
 * writes it: `tags=<name>:<value>`, pairs comma-separated and ANDed, `*` in a value, `<name>:*` for
 * any value, `**` for one asterisk as in a `property` filter on `name`. It was refused (CAT-1001-400) on datasets and unknown on batches; a pair of another form
 * is refused saying how to write one.
 */
const BATCHES = "/data/foundation/catalog/batches";
const FLOW_A = "00000000-0000-4000-8000-00000000000a";
const FLOW_B = "00000000-0000-4000-8000-00000000000b";

const TAGGED: Record<string, Record<string, string[]>> = {
  A: { sampleTag: ["123456"], secondTag: ["sample_tag_value"] },
  B: { sampleTag: ["123456"], secondTag: ["A different tag value"], anotherTag: ["2.0"] },
  C: { sampleTag: ["1234567"] },
  D: {},
  E: { source: ["db:schema:table"], "adobe/pqs/table": ["t1"] },
  F: { secondTag: ["other", "test-1"] },
  G: { note: ["a*b"] },
  H: { note: ["ab", "aXb"] },
  I: { note: ["*"] },
};

describe.each(DIALECTS)("Catalog's tags filter (%s)", (dialect) => {
  let system: TestSystem;
  const batches: Record<string, string[]> = { [FLOW_A]: [], [FLOW_B]: [] };

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    const schemaId = await createSchema(system);
    let datasetId = "";
    for (const [name, tags] of Object.entries(TAGGED)) {
      const created = await call(system, "POST", DATASETS, { body: { name, tags, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } } });
      expect(created.status, created.text).toBe(201);
      datasetId = created.body[0].slice("@/dataSets/".length);
    }
    for (let i = 0; i < 6; i++) {
      const flowId = i % 3 === 0 ? FLOW_B : FLOW_A;
      batches[flowId].push((await insertBatch(system, { datasetId, createdAt: 1_797_000_000_000 + i * 60_000, flowId })).id);
    }
  });
  afterAll(() => system.close());

  const list = async (url: string) => {
    const reply = await call(system, "GET", url);
    expect(reply.status, reply.text).toBe(200);
    return reply.body as Record<string, { name: string }>;
  };
  const names = async (query: string) => Object.values(await list(`${DATASETS}?${query.includes("limit=") ? "" : "limit=100&"}${query}`)).map((d) => d.name);

  it.each([
    ["tags=sampleTag:123456", ["A", "B"]],
    ["tags=sampleTag:123456,secondTag:*", ["A", "B"]],
    ["tags=secondTag:*", ["A", "B", "F"]],
    ["tags=sampleTag:123*", ["A", "B", "C"]],
    ["tags=secondTag:*value", ["A", "B"]],
    ["tags=secondTag:test*", ["F"]],
    ["tags=secondTag:*-*", ["F"]],
    // the whole value, as text, case and all: 2.0 is not 2, sample_ not Sample
    ["tags=anotherTag:2", []],
    ["tags=secondTag:Sample*", []],
    ["tags=sampleTag:123456 , anotherTag:*", ["B"]],
    ["tags=sampleTag:123456&tags=anotherTag:*", ["B"]],
    // the name ends at the first colon: a value holds colons
    ["tags=source:db:schema:table", ["E"]],
    ["tags=source:db:*", ["E"]],
    [`tags=${encodeURIComponent("adobe/pqs/table:t1")}`, ["E"]],
    ["tags=missing:*", []],
    ["tags=constructor:*", []],
    ["tags=__proto__:*", []],
    ["tags=sampleTag:*&name=!A", ["B", "C"]],
    ["tags=sampleTag:*&property=name~%5E[AC]", ["A", "C"]],
    // ** is one asterisk, as in property=name==…: a lone * stays any characters
    ["tags=note:a*b", ["G", "H"]],
    ["tags=note:a**b", ["G"]],
    ["tags=note:**", ["I"]],
    ["tags=note:***", ["I"]],
    ["tags=note:*", ["G", "H", "I"]],
  ])("dataSets?%s answers the datasets AEP's guide says", async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it("pages and counts the tagged datasets in the list's order", async () => {
    expect(await names("tags=sampleTag:*&start=1&limit=1")).toEqual(["B"]);
    expect(await names("tags=sampleTag:*&orderBy=desc:created&start=0&limit=2")).toEqual(["C", "B"]);
    expect((await call(system, "GET", `${DATASETS}?tags=secondTag:*&count=true`)).body).toEqual({ count: 3 });
  });

  it("filters batches by the dataflow their flowId tag names", async () => {
    expect(Object.keys(await list(`${BATCHES}?tags=flowId:${FLOW_A}`))).toEqual(batches[FLOW_A]);
    expect(Object.keys(await list(`${BATCHES}?tags=flowId:${FLOW_B}&start=1`))).toEqual(batches[FLOW_B].slice(1));
    expect(Object.keys(await list(`${BATCHES}?tags=flowId:*`))).toHaveLength(6);
    expect(await list(`${BATCHES}?tags=flowId:nothing`)).toEqual({});
  });

  it.each([
    ["tags=", "an empty pair"],
    ["tags=sampleTag", "sampleTag has no value: write sampleTag:<value>, or sampleTag:* for the objects with the tag whatever its value"],
    ["tags=sampleTag:", "sampleTag has no value"],
    ["tags=:123456", ":123456 names no tag before its colon"],
    ["tags=sampleTag:1,,secondTag:*", "an empty pair"],
    ["tags=sampleTag:1,", "an empty pair"],
  ])("refuses %s with CAT-1001-400 saying how to write a pair", async (query, says) => {
    for (const url of [`${DATASETS}?${query}`, `${BATCHES}?${query}`]) {
      const reply = await call(system, "GET", url);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toMatch(/CAT-1001-400$/);
      expect(reply.body.errorMessage).toContain(`The query parameter ${decodeURIComponent(query)} is not valid`);
      expect(reply.body.errorMessage).toContain(says);
    }
  });
});
