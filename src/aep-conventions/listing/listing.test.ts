import { describe, expect, it } from "vitest";
import { ApiError } from "../errors/api-error.js";
import { decodeContinuationToken, encodeContinuationToken } from "./continuation-token.js";
import { parseListQuery } from "./list-query.js";
import { applyListQuery, flowServiceListBody, flowServiceListBytes } from "./page.js";
import { matchesFilter, parsePropertyFilter } from "./property-filter.js";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? `${error.family}-${error.code}-${error.status}` : String(error);
  }
  return "no error";
};

const docs = [
  { id: "a", name: "CRMToAEP", createdAt: 3, state: "enabled", params: { columns: [{ name: "firstName" }, { name: "id" }] }, ids: ["x", "y"] },
  { id: "b", name: "Other", createdAt: 1, state: "disabled", params: { columns: [{ name: "lastName" }] }, ids: ["z"] },
  { id: "c", name: "Third, with comma", createdAt: 2, state: "enabled", flag: true },
];

describe("property filters", () => {
  it.each([
    ["name==CRMToAEP", ["a"]],
    ['name=="CRMToAEP"', ["a"]],
    ["name=CRMToAEP", ["a"]],
    ["id==a,b", ["a", "b"]],
    ['name=="Third, with comma",Other', ["b", "c"]],
    ["state!=enabled", ["b"]],
    ["id!=a,b", ["c"]],
    ["createdAt>1", ["a", "c"]],
    ["createdAt>=2", ["a", "c"]],
    ["createdAt<3", ["b", "c"]],
    ["createdAt<=1", ["b"]],
    ["params.columns[].name==firstName", ["a"]],
    ["ids[]==z", ["b"]],
    ["flag==true", ["c"]],
    ["description!=x", ["a", "b", "c"]],
    ["description==x", []],
  ])("%s selects %j", (expression, ids) => {
    const filter = parsePropertyFilter(expression);
    expect(docs.filter((d) => matchesFilter(d, filter)).map((d) => d.id)).toEqual(ids);
  });

  it.each([
    ["name~abc", "FLOW-1440-400"],
    ["createdAt<=1,2", "FLOW-1443-400"],
    ["na me==x", "FLOW-1453-400"],
    ["createdAt==", "FLOW-1453-400"],
    ["a..b==1", "FLOW-1449-400"],
    ["==x", "FLOW-1453-400"],
    ['name=="open', "FLOW-1453-400"],
    ["id==a,", "FLOW-1453-400"],
  ])("refuses %s with %s", (expression, expected) => {
    expect(code(() => parsePropertyFilter(expression))).toBe(expected);
  });
});

describe("list queries and pages", () => {
  const many = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}`, name: `n${i % 3}`, createdAt: 100 - i }));

  it("pages through every item exactly once, in order, with tokens that hold no '='", () => {
    let query = parseListQuery({ limit: "3", orderby: "name" });
    const seen: string[] = [];
    for (let page = 0; page < 10; page++) {
      const result = applyListQuery(many, query);
      if (result.kind !== "page") throw new Error("a page");
      seen.push(...result.items.map((i) => i.id));
      if (!result.nextToken) break;
      expect(result.nextToken).not.toContain("=");
      const body = flowServiceListBody(result, "/connections") as { _links: { next: { href: string } } };
      expect(body._links.next.href.split("=")[1]).toBe(result.nextToken);
      query = parseListQuery({ continuationToken: result.nextToken, limit: "3" });
    }
    expect(seen).toEqual(["id-0", "id-3", "id-6", "id-1", "id-4", "id-2", "id-5"]);
  });

  it("sorts descending with -field and ascending with +field or a space (an unencoded +)", () => {
    const ids = (orderby: string) => {
      const r = applyListQuery(many, parseListQuery({ orderby }));
      return r.kind === "page" ? r.items.map((i) => i.id) : [];
    };
    expect(ids("-createdAt")).toEqual(["id-0", "id-1", "id-2", "id-3", "id-4", "id-5", "id-6"]);
    expect(ids(" createdAt")).toEqual(ids("+createdAt"));
    expect(ids("+createdAt")[0]).toBe("id-6");
  });

  it("counts instead of listing, and always gives _links on a page", () => {
    expect(applyListQuery(many, parseListQuery({ count: "true", property: "name==n0" }))).toEqual({ kind: "count", count: 3 });
    const last = applyListQuery(many, parseListQuery({ limit: "50", count: "False" }));
    expect(flowServiceListBody(last as never, "/x")).toMatchObject({ _links: {} });
  });

  it("writes a page's bytes exactly as JSON.stringify writes its envelope, multi-byte text and a next link included", () => {
    const items = [
      { id: "é-1", name: "Zürich → 東京 😀", nested: { list: [1, "two", null, { "0": "key order" }] } },
      { id: "2", description: 'quotes " and \\ and \n and \u2028' },
      { id: "3" },
    ];
    for (const result of [
      { kind: "page" as const, items, nextToken: "abc" },
      { kind: "page" as const, items },
      { kind: "page" as const, items: [] },
      { kind: "count" as const, count: 7 },
    ]) {
      const bytes = flowServiceListBytes(result, "/runs");
      expect(bytes.toString("utf8")).toBe(JSON.stringify(flowServiceListBody(result, "/runs")));
      expect(bytes.length).toBe(Buffer.byteLength(JSON.stringify(flowServiceListBody(result, "/runs"))));
    }
  });

  it("ANDs repeated property parameters", () => {
    const r = applyListQuery(many, parseListQuery({ property: ["name==n0", "createdAt<100"] }));
    expect(r.kind === "page" && r.items.map((i) => i.id)).toEqual(["id-6", "id-3"]);
  });

  it.each([
    [{ limit: "2", count: "true" }, "FLOW-1401-400"],
    [{ limit: "0" }, "FLOW-1453-400"],
    [{ limit: "ten" }, "FLOW-1453-400"],
    [{ orderby: "*name" }, "FLOW-1432-400"],
    [{ orderby: "-na me" }, "FLOW-1433-400"],
    [{ continuationToken: "abc" }, "FLOW-1453-400"],
    [{ continuationToken: "=" }, "FLOW-1453-400"],
    [{ nope: "1" }, "FLOW-1451-400"],
    [{ count: "maybe" }, "FLOW-1453-400"],
  ])("refuses %j with %s", (query, expected) => {
    expect(code(() => parseListQuery(query))).toBe(expected);
  });

  it("names the parameter the caller sent when a token is not one of ours", () => {
    const message = (query: Record<string, unknown>, names?: Record<string, string>) => {
      try {
        parseListQuery(query, { names });
      } catch (error) {
        return error instanceof ApiError ? error.message : String(error);
      }
      return "no error";
    };
    expect(message({ start: "Loyalty Members" }, { continuationToken: "start" })).toContain("Invalid query value start=Loyalty Members");
    expect(message({ continuationToken: "abc" })).toContain("Invalid query value continuationToken=abc");
  });

  it("orders by several fields when the list allows it, each with its direction, and pages through them", () => {
    const options = { multipleOrder: true };
    let query = parseListQuery({ orderby: "name,-createdAt", limit: "2" }, options);
    expect(query.order.source).toBe("+name,-createdAt");
    const seen: string[] = [];
    for (let page = 0; page < 10; page++) {
      const result = applyListQuery(many, query);
      if (result.kind !== "page") throw new Error("a page");
      seen.push(...result.items.map((i) => i.id));
      if (!result.nextToken) break;
      query = parseListQuery({ continuationToken: result.nextToken, limit: "2" }, options);
    }
    // n0: createdAt 100, 97, 94 → descending 100 first
    expect(seen).toEqual(["id-0", "id-3", "id-6", "id-1", "id-4", "id-2", "id-5"]);
    const reversed = applyListQuery(many, parseListQuery({ orderby: "name,createdAt" }, options));
    expect(reversed.kind === "page" && reversed.items.map((i) => i.id)).toEqual(["id-6", "id-3", "id-0", "id-4", "id-1", "id-5", "id-2"]);
    // other lists keep one field
    expect(code(() => parseListQuery({ orderby: "name,createdAt" }))).toBe("FLOW-1433-400");
  });

  it("round-trips a continuation token", () => {
    const position = { filters: ['name=="a,b"'], order: "-createdAt", after: [12, "id-1"] as [number, string] };
    expect(decodeContinuationToken(encodeContinuationToken(position))).toEqual(position);
  });
});
