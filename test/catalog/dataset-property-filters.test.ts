import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, DATASETS } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * The dataset list's `property` filters as AEP's "Filter Catalog data" guide writes them
 * (docs/api/catalog.md#property-filters): `~` a regular expression, a bare property (it exists),
 * `!property` (it does not) and `*` in a name; Flow Service's lists keep their own operators.
 */
describe.each(DIALECTS)("Catalog dataset property filters (%s)", (dialect) => {
  let system: TestSystem;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    const schemaId = await createSchema(system);
    const datasets = [
      { name: "Demo customers", description: "the CRM's customers" },
      { name: "Demo orders" },
      { name: "Orders of the Demo shop", description: "orders" },
      { name: "Sales*2026" },
    ];
    for (const body of datasets) {
      const created = await call(system, "POST", DATASETS, { body: { ...body, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } } });
      expect(created.status).toBe(201);
      ids[body.name] = created.body[0].slice("@/dataSets/".length);
    }
  });
  afterAll(() => system.close());

  /** the names of the datasets a list answers, sorted */
  async function names(filters: string): Promise<string[]> {
    const reply = await call(system, "GET", `${DATASETS}?limit=100&${filters}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return Object.values(reply.body as Record<string, { name: string }>)
      .map((d) => d.name)
      .sort();
  }

  it.each([
    ["property=name~Demo", ["Demo customers", "Demo orders", "Orders of the Demo shop"]],
    ["property=name~%5EDemo", ["Demo customers", "Demo orders"]],
    ["property=name~orders%24", ["Demo orders"]],
    ["property=name~%5E(Sales%7COrders)", ["Orders of the Demo shop", "Sales*2026"]],
    ["property=description", ["Demo customers", "Orders of the Demo shop"]],
    ["property=!description", ["Demo orders", "Sales*2026"]],
    ["property=name", ["Demo customers", "Demo orders", "Orders of the Demo shop", "Sales*2026"]],
    ["property=!name", []],
    ["property=name==Demo*", ["Demo customers", "Demo orders"]],
    ["property=name==*orders", ["Demo orders"]],
    ["property=name==D*o*s", ["Demo customers", "Demo orders"]],
    ["property=name==Demo", []],
    ["property=name!=Demo*", ["Orders of the Demo shop", "Sales*2026"]],
    ["property=name==Sales**2026", ["Sales*2026"]],
    ["property=name==Sales**", []],
    // ** an asterisk beside a lone * that stays any characters, as in tags=<name>:<value>
    ["property=name==Sales**20*", ["Sales*2026"]],
    ["property=name==Sales***", ["Sales*2026"]],
    ["property=name!=Sales**20*", ["Demo customers", "Demo orders", "Orders of the Demo shop"]],
    ["property=name==Demo*,Sales*", ["Demo customers", "Demo orders", "Sales*2026"]],
    ["property=name~Demo&property=!description", ["Demo orders"]],
  ])("%s answers the datasets AEP documents", async (filters, expected) => {
    expect(await names(filters)).toEqual(expected);
  });

  it("pages a filtered list with start and limit, and counts it", async () => {
    const first = await call(system, "GET", `${DATASETS}?property=name~Demo&orderBy=asc:created&limit=2`);
    const second = await call(system, "GET", `${DATASETS}?property=name~Demo&orderBy=asc:created&limit=2&start=2`);
    expect([...Object.keys(first.body), ...Object.keys(second.body)]).toEqual([ids["Demo customers"], ids["Demo orders"], ids["Orders of the Demo shop"]]);
    const count = await call(system, "GET", `${DATASETS}?property=description&count=true`);
    expect(count.body).toEqual({ count: 2 });
  });

  it("runs a client's regular expression in linear time: a pattern that backtracks exponentially in JavaScript answers at once", async () => {
    const schemaId = await createSchema(system);
    const long = `${"a".repeat(64)}!`;
    const created = await call(system, "POST", DATASETS, { body: { name: long, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } } });
    expect(created.status).toBe(201);
    try {
      // (a+)+$ against 64 a's and a "!": some 2^64 steps for a backtracking engine, the service's one event loop held meanwhile
      expect(await names("property=name~%5E(a%2B)%2B%24")).toEqual([]);
      expect(await names("property=name~%5E(a%2B)%2B!")).toEqual([long]);
    } finally {
      await call(system, "DELETE", `${DATASETS}/${created.body[0].slice("@/dataSets/".length)}`);
    }
  });

  it.each([
    ["property=name~", "FLOW-1453-400"],
    ["property=name~(Demo", "FLOW-1453-400"],
    // RE2 has no lookaround nor backreferences, which need backtracking
    ["property=name~(%3F%3DDemo)", "FLOW-1453-400"],
    ["property=name~(D)%5C1", "FLOW-1453-400"],
    ["property=name%3C%3EDemo", "FLOW-1453-400"],
  ])("refuses %s with %s naming what to write", async (filters, code) => {
    const reply = await call(system, "GET", `${DATASETS}?${filters}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  });

  it.each([
    ["property=name~data", "FLOW-1440-400"],
    ["property=name", "FLOW-1453-400"],
    ["property=!name", "FLOW-1453-400"],
  ])("Flow Service's lists keep their operators: %s is %s", async (filters, code) => {
    const reply = await call(system, "GET", `/data/foundation/flowservice/connectionSpecs?${filters}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  });

  it("Flow Service reads * in a name as itself", async () => {
    const reply = await call(system, "GET", "/data/foundation/flowservice/connectionSpecs?property=name==data*");
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([]);
  });
});
