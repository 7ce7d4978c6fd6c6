import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, createConnection, createDataset, createSchema, DATABRICKS_SPEC, DATALAKE_SPEC, FS, waitForCluster } from "../support/aep-calls.js";

/**
 * The mistakes a user following AEP's Databricks tutorial with curl makes, each answered with a 4xx
 * that says what to fix, and nothing the request held dropped or changed unseen
 * (docs/api/flowservice.md, docs/api/conventions.md#listing).
 */
describe("a Flow Service client's mistakes", () => {
  let system: TestSystem;
  let baseId: string;
  let schemaId: string;
  let dataSetId: string;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    baseId = await createConnection(system);
    schemaId = await createSchema(system);
    dataSetId = await createDataset(system, schemaId);
  });
  afterAll(() => system.close());

  const sourceBody = (extra: Record<string, unknown> = {}) => ({
    name: "demo.customers",
    baseConnectionId: baseId,
    data: { format: "tabular" },
    params: { tableName: "demo.customers" },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    ...extra,
  });
  const targetBody = (extra: Record<string, unknown> = {}) => ({
    name: "data lake",
    data: { schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
    params: { dataSetId },
    connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
    ...extra,
  });

  it("refuses a create body's field the resource does not have, naming it and the fields it takes, and stores nothing", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["connections", connectionBody(system, {}, { descripton: "typo" }), "descripton"],
      ["sourceConnections", sourceBody({ parms: { tableName: "demo.orders" } }), "parms"],
      ["targetConnections", targetBody({ baseConnectionId: baseId }), "baseConnectionId"],
    ];
    for (const [resource, body, field] of cases) {
      const before = (await call(system, "GET", `${FS}/${resource}?count=true`)).body.count;
      const reply = await call(system, "POST", `${FS}/${resource}`, { body });
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
      expect(reply.body.report.property).toBe(field);
      expect(reply.body.errorMessage).toContain(`The field ${field} is not a field of a`);
      expect(reply.body.errorMessage).toMatch(/its create body takes name, description, .*params|auth/);
      expect((await call(system, "GET", `${FS}/${resource}?count=true`)).body.count).toBe(before);
    }
    // the same bodies without the stray field are created
    expect((await call(system, "POST", `${FS}/sourceConnections`, { body: sourceBody() })).status).toBe(201);
    expect((await call(system, "POST", `${FS}/targetConnections`, { body: targetBody() })).status).toBe(201);
  });

  it("refuses a connectionSpec.version other than 1.0 on source and target connections, as on connections, instead of storing 1.0", async () => {
    for (const [resource, body] of [
      ["connections", connectionBody(system, {}, { connectionSpec: { id: DATABRICKS_SPEC, version: "2.0" } })],
      ["sourceConnections", sourceBody({ connectionSpec: { id: DATABRICKS_SPEC, version: "2.0" } })],
      ["targetConnections", targetBody({ connectionSpec: { id: DATALAKE_SPEC, version: "2.0" } })],
    ] as const) {
      const reply = await call(system, "POST", `${FS}/${resource}`, { body });
      expect(reply.status, `${resource}: ${reply.text}`).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1413-400");
      expect(reply.body.errorMessage).toContain(`connectionSpec.version is "2.0", and the spec's only version is 1.0`);
    }
  });

  it("says which spec a request needs when it names another", async () => {
    const lake = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, {}, { connectionSpec: { id: DATALAKE_SPEC, version: "1.0" } }) });
    expect(lake.status).toBe(400);
    expect(lake.body.errorMessage).toContain(`${DATALAKE_SPEC} is the data lake's spec, which a target connection names`);
    expect(lake.body.errorMessage).toContain(DATABRICKS_SPEC);
    const typo = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, {}, { connectionSpec: { id: "e9d7ec6b-0873-4e57-ad21-b3a7c65e310c" } }) });
    expect(typo.body.errorMessage).toContain("is no connection spec here (GET /data/foundation/flowservice/connectionSpecs lists them)");
    const source = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceBody({ connectionSpec: { id: DATALAKE_SPEC, version: "1.0" } }) });
    expect(source.status).toBe(400);
    expect(source.body.errorMessage).toContain(`names the spec of its base connection ${baseId}, ${DATABRICKS_SPEC}`);
  });

  it("names the fields a PATCH may change when its path is another", async () => {
    const item = (await call(system, "GET", `${FS}/connections/${baseId}`)).body.items[0];
    const reply = await call(system, "PATCH", `${FS}/connections/${baseId}`, { headers: { "if-match": item.etag }, body: [{ op: "replace", path: "/state", value: "disabled" }] });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1365-400");
    expect(reply.body.errorMessage).toBe("The path /state provided in ops is invalid. A PATCH may change /name, /description, /auth and what is inside them. Please provide a valid path and try again.");
  });

  it("says where a PATCH's If-Match comes from when it is missing or stale", async () => {
    const item = (await call(system, "GET", `${FS}/connections/${baseId}`)).body.items[0];
    const missing = await call(system, "PATCH", `${FS}/connections/${baseId}`, { body: [{ op: "replace", path: "/name", value: "renamed" }] });
    expect(missing.status).toBe(400);
    expect(missing.body.errorMessage).toBe(
      `The header 'If-Match' is missing in the request. Please provide the header and try again: its value is the etag a GET of the resource answers (If-Match: "<etag>"), or * to change whatever version is current.`,
    );
    const stale = await call(system, "PATCH", `${FS}/connections/${baseId}`, { headers: { "if-match": '"0c0099f4-0000-0200-0000-67da91710000"' }, body: [{ op: "replace", path: "/name", value: "renamed" }] });
    expect(stale.status).toBe(412);
    expect(stale.body.errorMessage).toContain(`current version on entity '${item.etag}'`);
    expect(stale.body.errorMessage).toContain("GET it again and make the change over what it is now");
  });

  it("refuses a filter with a mistyped operator instead of answering an empty list", async () => {
    for (const filter of ["name<>x", "name=~Data", "name===x", "createdAt=>1"]) {
      const reply = await call(system, "GET", `${FS}/connections?property=${encodeURIComponent(filter)}`);
      expect(reply.status, `${filter}: ${reply.text}`).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
      expect(reply.body.errorMessage).toContain("is no operator: the operators are ==, !=, <, >, <=, >=");
    }
    const notEqual = await call(system, "GET", `${FS}/connections?property=${encodeURIComponent("name<>x")}`);
    expect(notEqual.body.errorMessage).toContain('<> is no operator: the operators are ==, !=, <, >, <=, >= (not equal is !=); a value that starts with > is written in quotes (">…")');
    // a value that starts with such a character is written in quotes
    const quoted = await call(system, "GET", `${FS}/connections?property=${encodeURIComponent('name=="<x"')}`);
    expect(quoted.status).toBe(200);
  });

  it("refuses a filter on a field no item has, naming the fields, instead of answering an empty list", async () => {
    const reply = await call(system, "GET", `${FS}/sourceConnections?property=baseConnectionID==${baseId}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1449-400");
    expect(reply.body.errorMessage).toContain("baseConnectionID");
    expect(reply.body.report.fields).toContain("baseConnectionId");
    const right = await call(system, "GET", `${FS}/sourceConnections?property=baseConnectionId==${baseId}`);
    expect(right.status).toBe(200);
    expect(right.body.items.length).toBeGreaterThan(0);
    // a path inside an item's field is still a filter; a field only some items have too
    expect((await call(system, "GET", `${FS}/connections?property=auth.params.clusterId==${system.workspace!.clusterId}`)).body.items.length).toBeGreaterThan(0);
    expect((await call(system, "GET", `${FS}/connections?property=description==nothing`)).status).toBe(200);
  });

  it("refuses a filter or an order by a field no spec has on the spec lists, instead of answering none or every spec", async () => {
    const filtered = await call(system, "GET", `${FS}/connectionSpecs?property=nmae==databricks`);
    expect(filtered.status).toBe(400);
    expect(filtered.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1449-400");
    expect(filtered.body.report.fields).toContain("name");
    const ordered = await call(system, "GET", `${FS}/flowSpecs?orderby=-nmae`);
    expect(ordered.status).toBe(400);
    expect(ordered.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    // AEP's own lookups still answer
    expect((await call(system, "GET", `${FS}/connectionSpecs?property=name==databricks`)).body.items.map((s: { id: string }) => s.id)).toEqual([DATABRICKS_SPEC]);
    expect((await call(system, "GET", `${FS}/flowSpecs?property=name=="CRMToAEP"&property=sourceConnectionSpecIds==${DATABRICKS_SPEC}`)).body.items).toHaveLength(1);
    expect((await call(system, "GET", `${FS}/connectionSpecs?orderby=-name`)).status).toBe(200);
  });

  it("names the parameters an endpoint takes when it gets another (start on a Flow Service list)", async () => {
    const reply = await call(system, "GET", `${FS}/connections?limit=2&start=100`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toBe("Invalid params start provided in query params. This endpoint takes property, orderby, limit, continuationToken, count.");
    const zero = await call(system, "GET", `${FS}/connections?limit=0`);
    expect(zero.body.errorMessage).toBe("Invalid query value limit=0 provided in query param: limit is a whole number from 1 (a page holds at most 1000 items).");
    const count = await call(system, "GET", `${FS}/connections?count=yes`);
    expect(count.body.errorMessage).toBe("Invalid query value count=yes provided in query param: count is true or false.");
    const twice = await call(system, "GET", `${FS}/connections?limit=1&limit=2`);
    expect(twice.body.errorMessage).toBe("Invalid query value limit=1,2 provided in query param: limit is one value, given once.");
    const token = await call(system, "GET", `${FS}/connections?continuationToken=abc`);
    expect(token.body.errorMessage).toBe("Invalid query value continuationToken=abc provided in query param: continuationToken is a token this list gave: follow _links.next.href of the page before as it is.");
    const single = await call(system, "GET", `${FS}/connections/${baseId}?expand=true`);
    expect(single.body.errorMessage).toBe("Invalid params expand provided in query params. This endpoint takes no query parameters.");
  });

  it("refuses a parameter given twice as given twice, not as missing, on the landing zone and the action calls", async () => {
    const landingZone = "/data/foundation/connectors/landingzone/credentials";
    for (const [method, path, expected] of [
      ["GET", `${landingZone}?type=dlz_databricks_source&type=x`, "type=dlz_databricks_source,x"],
      ["POST", `${landingZone}?type=user_drop_zone&action=refresh&action=refresh`, "action=refresh,refresh"],
      ["GET", `${landingZone}?type=dlz_databricks_source&sparkConf=true&sparkConf=false`, "sparkConf=true,false"],
      ["POST", `${FS}/flows/${baseId}/action?op=disable&op=enable`, "op=disable,enable"],
      ["POST", `${FS}/runs/${baseId}/action?op=re-trigger&op=re-trigger`, "op=re-trigger,re-trigger"],
    ] as const) {
      const reply = await call(system, method, path);
      expect(reply.status, path).toBe(400);
      expect(reply.body.errorMessage, path).toContain(`Invalid query value ${expected} provided in query param`);
      expect(reply.body.errorMessage, path).toContain("is one value, given once");
    }
  });

  it("refuses a query parameter on a create or a delete, which take none, instead of ignoring it", async () => {
    const create = await call(system, "POST", `${FS}/sourceConnections?validate=true`, { body: sourceBody() });
    expect(create.status).toBe(400);
    expect(create.body.errorMessage).toBe("Invalid params validate provided in query params. This endpoint takes no query parameters.");
    const source = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceBody() });
    const remove = await call(system, "DELETE", `${FS}/sourceConnections/${source.body.id}?force=true`);
    expect(remove.status).toBe(400);
    expect((await call(system, "GET", `${FS}/sourceConnections/${source.body.id}`)).status).toBe(200);
    expect((await call(system, "DELETE", `${FS}/sourceConnections/${source.body.id}`)).status).toBe(204);
  });

  it("refuses a landing zone parameter it does not take (sparkconf for sparkConf) instead of answering without the line asked for", async () => {
    const misspelt = await call(system, "GET", "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&sparkconf=true");
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.errorMessage).toBe("Invalid params sparkconf provided in query params. This endpoint takes type, action, sparkConf.");
    expect(misspelt.text).not.toContain("sig=");
    const container = await call(system, "GET", "/data/foundation/connectors/landingzone?type=dlz_databricks_source&sparkConf=true");
    expect(container.status).toBe(400);
    const right = await call(system, "GET", "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&sparkConf=true");
    expect(right.status).toBe(200);
    expect(right.body.sparkConfLine).toContain("fs.azure.sas.");
  });

  it("names the objectTypes explore takes", async () => {
    const wrong = await call(system, "GET", `${FS}/connections/${baseId}/explore?objectType=tables`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errorMessage).toContain("('tables'): it is one of root, folder or table");
    const preview = await call(system, "GET", `${FS}/connections/${baseId}/explore?objectType=table&object=demo.customers&preview=yes`);
    expect(preview.body.errorMessage).toBe("Invalid query value preview=yes provided in query param: preview is true or false.");
    const missing = await call(system, "GET", `${FS}/connections/${baseId}/explore`);
    expect(missing.body.errorMessage).toContain("(it is missing): it is one of root, folder or table");
  });
});
