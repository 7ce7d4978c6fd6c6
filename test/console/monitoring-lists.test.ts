/** The console's lists: every page of a list read, runs in window order, a flow stuck behind a failed run named. */
import { describe, expect, it } from "vitest";
import { everyPage, everyStartPage, type ListPage } from "../../console/src/api/list-pages.js";
import { stuckBehind } from "../../console/src/screens/monitoring/run-health.js";
import { inWindowOrder } from "../../console/src/screens/monitoring/run-order.js";

const FLOW_SERVICE = "/data/foundation/flowservice";

describe("a Flow Service list read by the console", () => {
  it("follows _links.next under the Flow Service base until the last page", async () => {
    const pages: Record<string, ListPage<number>> = {
      [`${FLOW_SERVICE}/runs?property=flowId%3D%3Df&limit=2`]: { items: [1, 2], _links: { next: { href: "/runs?continuationToken=abc" } } },
      [`${FLOW_SERVICE}/runs?continuationToken=abc`]: { items: [3, 4], _links: { next: { href: "/runs?continuationToken=def" } } },
      [`${FLOW_SERVICE}/runs?continuationToken=def`]: { items: [5], _links: {} },
    };
    const asked: string[] = [];
    const items = await everyPage<number>(async (path) => (asked.push(path), pages[path]), `${FLOW_SERVICE}/runs?property=flowId%3D%3Df&limit=2`, FLOW_SERVICE);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toHaveLength(3);
  });
});

describe("a Schema Registry or Catalog list read by the console", () => {
  it("asks for each next page with start, the first page's parameters kept, until a page says there is none", async () => {
    const first = "/data/foundation/schemaregistry/tenant/schemas?limit=2";
    const pages: Record<string, { results: string[]; _page: { next: string | null } }> = {
      [first]: { results: ["a", "b"], _page: { next: "b title" } },
      [`${first}&start=b%20title`]: { results: ["c", "d"], _page: { next: "d" } },
      [`${first}&start=d`]: { results: ["e"], _page: { next: null } },
    };
    const asked: string[] = [];
    const items = await everyStartPage(async (path) => (asked.push(path), pages[path]), first, (page) => page.results, (page) => page._page.next);
    expect(items).toEqual(["a", "b", "c", "d", "e"]);
    expect(asked).toHaveLength(3);
    // the Catalog's start is an offset: a full page asks for the next, a short one is the last
    const offsets: string[] = [];
    const catalog = await everyStartPage(
      async (path) => (offsets.push(path), path.endsWith("start=4") ? ["x"] : ["x", "y"]),
      "/dataSets?limit=2",
      (page) => page,
      (page, readSoFar) => (page.length < 2 ? null : String(readSoFar)),
    );
    expect(catalog).toHaveLength(5);
    expect(offsets).toEqual(["/dataSets?limit=2", "/dataSets?limit=2&start=2", "/dataSets?limit=2&start=4"]);
  });
});

const run = (id: string, sequence: number, createdAt: number, status = "success", heldBack?: { reason: string; waitingForRunId?: string }) => ({
  id,
  createdAt,
  metrics: { statusSummary: { status } },
  activities: [{ id: "copyActivity", statusSummary: { extensions: { sequence } } }],
  ...(heldBack ? { heldBack } : {}),
});

describe("a flow's runs in Monitoring", () => {
  it("are in window order, also for catch-up windows created in one instant in another order", () => {
    const runs = [run("c", 2, 1000), run("a", 0, 500), run("d", 3, 1000), run("b", 1, 1000)];
    expect(inWindowOrder(runs).map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("name the failed run the flow is stuck behind, and how many windows wait for it", () => {
    const held = { reason: "earlierWindowFailed", waitingForRunId: "f" };
    const stuck = stuckBehind([run("a", 0, 1), run("f", 1, 2, "failed"), run("g", 2, 3, "scheduled", held), run("h", 3, 4, "scheduled", held)]);
    expect(stuck?.failed.id).toBe("f");
    expect(stuck?.waiting).toBe(2);
    expect(stuckBehind([run("a", 0, 1), run("b", 1, 2, "scheduled", { reason: "earlierWindowPending", waitingForRunId: "a" })])).toBeUndefined();
  });
});
