import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const SANDBOXES = "/data/foundation/sandbox-management/sandboxes";

/**
 * The sandbox list pages with AEP's limit and offset (docs/api/sandboxes.md#list-sandboxes); a
 * parameter it does not take, or a malformed one, is refused rather than answered as if absent.
 */
describe("the sandbox list", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { SANDBOXES: "prod,dev,qa" } });
  });
  afterAll(() => system.close());

  const names = (body: { sandboxes: Array<{ name: string }> }) => body.sandboxes.map((s) => s.name);

  it("answers every sandbox without parameters, and a page with limit and offset, linking the next", async () => {
    const all = await call(system, "GET", SANDBOXES);
    expect(names(all.body)).toEqual(["prod", "dev", "qa"]);
    expect(all.body._page).toEqual({ limit: 3, count: 3 });
    expect(all.body._links).toEqual({});
    const first = await call(system, "GET", `${SANDBOXES}?limit=2`);
    expect(names(first.body)).toEqual(["prod", "dev"]);
    expect(first.body._page).toEqual({ limit: 2, count: 2 });
    const next = await call(system, "GET", first.body._links.next.href);
    expect(names(next.body)).toEqual(["qa"]);
    expect(next.body._links).toEqual({});
    const past = await call(system, "GET", `${SANDBOXES}?limit=1&offset=5`);
    expect(past.status).toBe(200);
    expect(past.body.sandboxes).toEqual([]);
  });

  it("refuses a malformed limit or offset and a parameter it does not take, naming them", async () => {
    for (const query of ["limit=0", "limit=abc", "offset=-1"]) {
      const reply = await call(system, "GET", `${SANDBOXES}?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
      expect(reply.body.errorMessage).toMatch(/: (limit|offset) is a whole number from [01]\.$/);
    }
    const unknown = await call(system, "GET", `${SANDBOXES}?start=1`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorMessage).toBe("Invalid params start provided in query params. This endpoint takes limit, offset.");
    expect((await call(system, "GET", `${SANDBOXES}/dev?x=1`)).status).toBe(400);
    const missing = await call(system, "GET", `${SANDBOXES}/staging`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorMessage).toContain("The sandboxes are prod, dev, qa");
  });
});
