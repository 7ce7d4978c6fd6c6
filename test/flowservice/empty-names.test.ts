/**
 * A name given but empty (a create's `"name": ""`, a PATCH replacing `/name` with "") is refused
 * saying it is empty and must be a non-empty string (SRC-1312-400), where the answer said the name
 * was "not provided". A name left out is still SRC-1304-400, "not provided".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connectionBody, createConnection, createDataset, createSchema, DATALAKE_SPEC, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EMPTY = (value: string, field: string) =>
  `The provided param value ${JSON.stringify(value)} is not a valid input for property=${field}. It is empty: it must be a non-empty string. Please provide a valid param value and try again.`;

describe("an empty name", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
  });
  afterAll(() => system?.close());

  it.each(["", "   "])("is refused on a connection's PATCH as empty, not as missing (%j), and the connection keeps its name", async (value) => {
    const id = await createConnection(system);
    const before = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0];
    const reply = await call(system, "PATCH", `${FS}/connections/${id}`, { body: [{ op: "replace", path: "/name", value }], headers: { "if-match": "*" } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(reply.body.errorMessage).toBe(EMPTY(value, "name"));
    expect((await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].name).toBe(before.name);
  });

  it("is refused on a connection's create as empty; a name left out is still not provided", async () => {
    const empty = await call(system, "POST", `${FS}/connections`, { body: { ...connectionBody(system), name: "" } });
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body.errorMessage).toBe(EMPTY("", "name"));
    const { name: _name, ...withoutName } = connectionBody(system);
    const missing = await call(system, "POST", `${FS}/connections`, { body: withoutName });
    expect(missing.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1304-400");
    expect(missing.body.errorMessage).toBe("The mandatory field name is not provided. Please provide the name and try again.");
  });

  it("is refused on a target connection's PATCH as empty", async () => {
    const dataSetId = await createDataset(system, await createSchema(system));
    const created = await call(system, "POST", `${FS}/targetConnections`, { body: { name: "target", params: { dataSetId }, connectionSpec: { id: DATALAKE_SPEC, version: "1.0" } } });
    expect(created.status, created.text).toBe(201);
    const reply = await call(system, "PATCH", `${FS}/targetConnections/${created.body.id}`, { body: [{ op: "replace", path: "/name", value: "" }], headers: { "if-match": "*" } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toBe(EMPTY("", "name"));
  });
});
