import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, sql } from "../support/journey.js";

/**
 * A flow request learns all its problems in one answer, and a mapping that can never convert its
 * source is refused when the flow is created, not at every run (docs/api/dataflows.md#validation).
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;
const schema = {
  title: "Flow problems",
  type: "object",
  properties: {
    id: { type: "string" },
    email: { type: "string" },
    profile: { type: "object", properties: { first: { type: "string" } } },
  },
};
const rule = (sourceAttribute: string, destinationXdmPath: string) => ({ sourceAttribute, destinationXdmPath, identity: false, version: 0 });

describe("a flow request with problems", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it("answers every problem at once: two unknown source columns and a missing delta column", async () => {
    const pipeline = await createPipeline(system, { schema, columns: ["id", "name", "email", "updated_at"], mappings: [rule("nope", "id"), rule("nada", "email")] });
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }, { noDeltaColumn: true }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    const problems = reply.body.report.problems as Array<{ type: string; message: string }>;
    expect(problems.map((p) => p.type.replace("https://ns.adobe.com/aep/errors/", ""))).toEqual(["SRC-1312-400", "SRC-1312-400", "SRC-1367-400"]);
    expect(reply.body.errorMessage).toMatch(/^The request has 3 problems: \(1\) .*nope.*\(2\) .*nada.*\(3\) .*delta/i);
  });

  it("refuses a mappingVersion the mapping set does not have, naming the versions it has (it named none)", async () => {
    const pipeline = await createPipeline(system, { schema, columns: ["id", "name", "email", "updated_at"], mappings: [rule("id", "id")] });
    const body = flowBody(pipeline, { startTime: later(), frequency: "once" }) as { transformations: Array<{ name: string; params: Record<string, unknown> }> };
    body.transformations.find((t) => t.name === "Mapping")!.params.mappingVersion = 3;
    const reply = await call(system, "POST", `${FS}/flows`, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1412-400");
    expect(reply.body.errorMessage).toBe(
      `The mapping version 3 is invalid: the mapping set ${pipeline.mappingId} has one version, 0. Please provide a valid mapping version and try again.`,
    );
  });

  it("refuses a mapping whose source can never become its destination's type, naming both", async () => {
    const pipeline = await createPipeline(system, { schema, columns: ["id", "name", "email", "updated_at"], mappings: [rule("email", "email"), rule("name", "profile")] });
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1428-400");
    expect(reply.body.errorMessage).toContain("profile");
    expect(reply.body.errorMessage).toContain("VARCHAR");
  });

  it("checks the mapping against the table itself when the source connection lists no columns", async () => {
    const unread = await createPipeline(system, { schema, columns: [], mappings: [rule("nope", "id"), rule("emial", "email")] });
    const first = await call(system, "POST", `${FS}/flows`, { body: flowBody(unread, { startTime: later(), frequency: "once" }) });
    expect(first.status, first.text).toBe(400);
    const [nope, emial] = (first.body.report.problems as Array<{ message: string }>).map((p) => p.message);
    expect(nope).toMatch(/nope.*not a column of the table demo\.customers \(its columns: id, .*email/);
    expect(nope).not.toContain("did you mean");
    // a mistyped column is named with the one it most likely meant
    expect(emial).toMatch(/emial.*not a column of the table demo\.customers .*; did you mean email\? Please provide/);
    const unconvertible = await createPipeline(system, { schema, columns: [], mappings: [rule("email", "email"), rule("updated_at", "profile")] });
    const second = await call(system, "POST", `${FS}/flows`, { body: flowBody(unconvertible, { startTime: later(), frequency: "once" }) });
    expect(second.status, second.text).toBe(400);
    expect(second.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1428-400");
    expect(second.body.errorMessage).toContain("profile");
    const fine = await createPipeline(system, { schema, columns: [], mappings: [rule("email", "email"), rule("id", "id")] });
    expect((await call(system, "POST", `${FS}/flows`, { body: flowBody(fine, { startTime: later(), frequency: "once" }) })).status).toBe(201);
  });

  it("says how to write a listed column whose name holds a dot, which the mapping set reads as a path", async () => {
    await sql(system, "CREATE TABLE demo.people (id STRING, `Full.Name` STRING) USING DELTA");
    const pipeline = await createPipeline(system, { schema, tableName: "demo.people", columns: ["id", "Full.Name"], mappings: [rule("id", "id"), rule("Full.Name", "email")] });
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("the column Full.Name is one name with special characters: write it as ${Full.Name}, or escape its dots as Full\\.Name");
  });

  it("still answers a single problem as itself", async () => {
    const pipeline = await createPipeline(system, { schema, columns: ["id", "name", "email", "updated_at"], mappings: [rule("email", "email")] });
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }, { noDeltaColumn: true }) });
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1367-400");
    expect(reply.body.report.problems).toBeUndefined();
  });
});
