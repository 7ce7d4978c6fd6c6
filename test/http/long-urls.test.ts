/**
 * Node's limit on a request's headers counts its request line too: a URL over it (a long property
 * filter, say) is answered 431 by a message that names the URL and its query parameters, where it
 * spoke of headers alone, which the client had not made long.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FS } from "../support/aep-calls.js";
import { rawRequest, requestText } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("a URL over the request's size limit", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  it("is a 431 that says to send a shorter URL", async () => {
    const filter = encodeURIComponent(`name==${"a".repeat(20_000)}`);
    const response = await rawRequest(system.url, requestText("GET", `${FS}/connections?property=${filter}`, await system.headers()));
    expect(response.status).toBe(431);
    expect(response.json.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1107-431");
    expect(response.json.errorMessage).toBe(
      "The request's URL and headers together exceed the limit of 16384 bytes. Send a shorter URL (fewer or shorter query parameters) or fewer and shorter headers, and try again.",
    );
  });
});
