import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/aep-calls.js";

/**
 * An orderby field that no item of the list has would answer the default order as if the order had
 * been applied: it is refused (FLOW-1433-400, docs/api/conventions.md#orderby) naming the field and
 * the fields the list orders by, on every Flow Service list; so is an orderby that is no field at all
 * (`+` alone, `name,,`).
 */
describe("an unknown orderby field", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it.each(["flows", "connections", "sourceConnections", "targetConnections", "runs"])("is refused on /%s, naming the field and the orderable ones", async (resource) => {
    const reply = await call(system, "GET", `${FS}/${resource}?orderby=-createdAtt`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    expect(reply.body.errorMessage).toContain("createdAtt");
    expect(reply.body.report.orderable).toContain("createdAt");
    expect(reply.body.errorMessage).toContain("updatedAt");
  });

  it.each([
    ["a sign alone", "orderby=%2B", ""],
    ["an empty field after a comma", "orderby=name,,", "name,,"],
    ["a field with a space", "orderby=-created%20At", "created At"],
  ])("names the orderable fields for %s too, where it gave only +name, -name, name as examples", async (_name, query, field) => {
    const reply = await call(system, "GET", `${FS}/connections?${query}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    expect(reply.body.errorMessage).toMatch(new RegExp(`^Incorrect field= ${field} passed in orderBy: this list orders by id, createdAt, updatedAt, `));
    expect(reply.body.report.orderable).toContain("createdAt");
  });

  it("still orders by an item's field, and by a path inside one", async () => {
    for (const query of ["orderby=-createdAt", "orderby=name", "orderby=%2BscheduleParams.startTime"]) {
      const reply = await call(system, "GET", `${FS}/flows?${query}`);
      expect(reply.status, `${query}: ${reply.text}`).toBe(200);
    }
    expect((await call(system, "GET", `${FS}/runs?orderby=metrics.durationSummary.startedAtUTC`)).status).toBe(200);
  });
});
