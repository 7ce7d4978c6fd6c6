import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, FS, waitForCluster } from "../support/aep-calls.js";

describe("listing Flow Service resources over HTTP", () => {
  let system: TestSystem;
  const ids: Record<string, string> = {};
  const names = ["delta", "alpha", "echo", "charlie", "bravo", "golf", "foxtrot"];

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    for (const name of names) {
      const reply = await call(system, "POST", `${FS}/connections`, { body: { ...connectionBody(system), name, description: name < "d" ? "early" : "late" } });
      ids[name] = reply.body.id;
    }
  });
  afterAll(() => system.close());

  const list = async (query: string) => {
    const reply = await call(system, "GET", `${FS}/connections${query ? `?${query}` : ""}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };
  const namesOf = (body: { items: Array<{ name: string }> }) => body.items.map((i) => i.name);

  it("pages through _links.next.href until _links is empty, each item once, in a stable order", async () => {
    const seen: string[] = [];
    let body = await list("limit=3&orderby=name");
    for (;;) {
      seen.push(...namesOf(body));
      if (!body._links.next) break;
      const href: string = body._links.next.href;
      expect(href).toMatch(/^\/connections\?continuationToken=[A-Za-z0-9_-]+$/);
      // aepp's getConnections: endpoint + href, with its params again
      const reply = await call(system, "GET", `${FS}${href}&limit=3`);
      body = reply.body;
    }
    expect(body._links).toEqual({});
    expect(seen).toEqual([...names].sort());
  });

  it("orders by -field, +field (encoded or as a space) and defaults to creation order", async () => {
    expect(namesOf(await list("orderby=-name"))).toEqual([...names].sort().reverse());
    expect(namesOf(await list("orderby=%2Bname"))).toEqual([...names].sort());
    expect(namesOf(await list("orderby=+name"))).toEqual([...names].sort());
    expect(namesOf(await list(""))).toEqual(names);
  });

  it("filters with == (quoted or bare), !=, <, >, comma as OR and repeated property as AND", async () => {
    expect(namesOf(await list("property=name==alpha"))).toEqual(["alpha"]);
    expect(namesOf(await list(`property=${encodeURIComponent('name=="alpha"')}`))).toEqual(["alpha"]);
    expect(namesOf(await list("property=name==alpha,echo&orderby=name"))).toEqual(["alpha", "echo"]);
    expect(namesOf(await list("property=description==early&property=name!=alpha&orderby=name"))).toEqual(["bravo", "charlie"]);
    expect(namesOf(await list(`property=${encodeURIComponent("name<c")}&orderby=name`))).toEqual(["alpha", "bravo"]);
    const created = (await list(`property=id==${ids.echo}`)).items[0].createdAt;
    expect(namesOf(await list(`property=${encodeURIComponent(`createdAt>${created}`)}`))).toEqual(names.slice(names.indexOf("echo") + 1));
    expect(namesOf(await list("property=auth.params.database==demo&limit=2"))).toHaveLength(2);
    expect(namesOf(await list("property=connectionSpec.id==e9d7ec6b-0873-4e57-ad21-b3a7c65e310b&property=state==enabled"))).toHaveLength(7);
  });

  it("counts with count=true, and takes aepp's limit=N&count=False", async () => {
    expect(await list("property=description==late&count=true")).toEqual({ count: 4 });
    expect(await list("count=TRUE")).toEqual({ count: 7 });
    expect(namesOf(await list("limit=2&count=False"))).toHaveLength(2);
  });

  it("says which operators the list takes when a Flow Service filter is given ~, where it said only that ~ is not implemented", async () => {
    const reply = await call(system, "GET", `${FS}/connections?property=name~alp`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1440-400");
    expect(reply.body.errorMessage).toBe(
      "Operator '~' not implemented: this list's filters take ==, !=, <, >, <=, >= (== and != also several values, as name==a,b).",
    );
  });

  it.each([
    ["limit=2&count=true", "FLOW-1401-400"],
    ["property=name~alp", "FLOW-1440-400"],
    [`property=${encodeURIComponent("createdAt<=1,2")}`, "FLOW-1443-400"],
    ["property=name==", "FLOW-1453-400"],
    ["orderby=*name", "FLOW-1432-400"],
    ["orderby=-na%20me", "FLOW-1433-400"],
    ["continuationToken=not-a-token", "FLOW-1453-400"],
    ["limit=-1", "FLOW-1453-400"],
    ["unknown=1", "FLOW-1451-400"],
  ])("refuses ?%s with %s", async (query, code) => {
    const reply = await call(system, "GET", `${FS}/connections?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  });
});
