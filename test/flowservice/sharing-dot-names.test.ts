/**
 * The sharing protocol names shares, schemas and tables in URL paths, where "." and ".." are not
 * names but a step up the endpoint's path (fetch resolves them). A name the client gives as one
 * (backticked: `..`) is a 400 on its property; one a sharing server lists is not requested, a 400
 * naming why, and no request leaves the endpoint's path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";
import { SHARING_SPEC, sharingConnectionTo } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const ENDPOINT_PATH = "/provider/delta-sharing";

describe("shares, schemas and tables named . or ..", () => {
  let system: TestSystem;
  let sharing: RecordingListener;
  let connectionId: string;

  beforeAll(async () => {
    sharing = await startRecordingListener((req, res) => {
      const json = (body: object) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.url?.split("?")[0] === `${ENDPOINT_PATH}/shares`) return void json({ items: [{ name: ".." }] });
      json({ items: [] });
    });
    system = await startTestSystem({ env: { DATABRICKS_ALLOWED_HOSTS: sharing.url } });
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionTo(`${sharing.url}${ENDPOINT_PATH}`, "dss-dot-token") });
    expect(created.status, created.text).toBe(201);
    connectionId = created.body.id;
  });
  afterAll(async () => {
    await system?.close();
    await sharing?.close();
  });

  const explore = (query: string) => call(system, "GET", `${FS}/connections/${connectionId}/explore?${query}`);
  const outsideEndpoint = () => sharing.requests.filter((r) => !r.path.startsWith(`${ENDPOINT_PATH}/`));

  it.each([
    ["objectType=table&object=s.x.`..`", "s.x.`..`"],
    ["objectType=table&object=`.`.x.t", "`.`.x.t"],
    ["objectType=folder&object=`..`", "`..`"],
    ["objectType=folder&object=s.`..`", "s.`..`"],
  ])("refuses explore %s with a 400 on object", async (query, object) => {
    const reply = await explore(query.replace(object, encodeURIComponent(object)));
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("named . or .. cannot be read through the sharing protocol");
    expect(reply.body.report?.property ?? reply.text).toContain("object");
    expect(outsideEndpoint()).toEqual([]);
  });

  it("refuses a source connection whose table name is one", async () => {
    const reply = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "dots", baseConnectionId: connectionId, connectionSpec: { id: SHARING_SPEC, version: "1.0" }, params: { tableName: "s.`..`.t" } },
    });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.text).toContain("params.tableName");
    expect(outsideEndpoint()).toEqual([]);
  });

  it("does not follow a share the server lists as ..", async () => {
    const reply = await explore("objectType=root");
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("is a dot segment");
    expect(outsideEndpoint()).toEqual([]);
  });
});
