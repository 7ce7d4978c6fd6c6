/**
 * The wizard's preview of mapped rows reads the service's POST /mappingSets/preview in AEP's shape
 * (a list of {data, errors}, errors null or AEP's TransformErrorInfo objects) as it showed it before:
 * each row's fields, or its row errors as their messages.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { previewMappingSet } from "./platform";

const session = { token: "t", clientId: "c", org: "o@AdobeOrg", sandbox: "prod" };
const ERROR = "MAPPER-3700-400: the value of age cannot be converted to integer for age: ADA";

afterEach(() => vi.unstubAllGlobals());

describe("the mapping preview's answer", () => {
  it("gives each row's data, or null and its errors' messages", async () => {
    const answer = [
      { data: { person: { name: { firstName: "Jim" } }, _id: "1234" }, errors: null },
      { data: null, errors: [{ destination: "age", source: "upper(name)", sourceType: "EXPRESSION", exception: ERROR }] },
    ];
    const fetch = vi.fn(async () => new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } }));
    vi.stubGlobal("fetch", fetch);
    const rows = await previewMappingSet(session, { schemaId: "https://ns.adobe.com/t/schemas/1" }, [{ source: "id", destination: "_id", calculated: false }], [{ name: "id", type: "string" }], [{ id: "1234" }]);
    expect(rows).toEqual([
      { data: { person: { name: { firstName: "Jim" } }, _id: "1234" }, errors: [] },
      { data: null, errors: [ERROR] },
    ]);
    expect(fetch).toHaveBeenCalledWith("/data/foundation/conversion/mappingSets/preview", expect.objectContaining({ method: "POST" }));
  });
});
