/** The landing zone's credentials (a SAS token and URI) are answered with Cache-Control: no-store, whichever way they are asked for. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("landing-zone credentials", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const asked: Array<[string, string]> = [
    ["GET", DLZ_CREDENTIALS],
    ["GET", `${DLZ_CREDENTIALS}&sparkConf=true`],
    ["POST", `${DLZ_CREDENTIALS}&action=refresh`],
    ["GET", `${DLZ_CREDENTIALS}&action=refresh`],
  ];
  for (const [method, path] of asked) {
    it(`${method} ${path.split("?")[1]}: the SAS comes with Cache-Control: no-store`, async () => {
      const reply = await call(system, method, path);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.SASToken).toContain("sig=");
      expect(reply.headers.get("cache-control")).toBe("no-store");
    });
  }
});
