/**
 * Each server keeps the SAS it derived for the current policy; a refresh made by another server on
 * the same store must still be answered at once everywhere, never with the SAS it replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LandingZoneCredentials } from "../../src/landing-zone/service.js";
import { containerWithSas, listOnce, storageStatus } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const CREDENTIALS = "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source";

async function credentialsAt(baseUrl: string, headers: Record<string, string>, refresh = false): Promise<LandingZoneCredentials> {
  const response = await fetch(`${baseUrl}${CREDENTIALS}${refresh ? "&action=refresh" : ""}`, { method: refresh ? "POST" : "GET", headers });
  expect(response.status).toBe(200);
  return (await response.json()) as LandingZoneCredentials;
}

describe.each(DIALECTS)("two servers on one %s store", (dialect) => {
  let system: TestSystem;
  let urls: string[];
  let headers: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    urls = [system.url, (await system.startPeer()).url];
    headers = await system.headers();
  });
  afterAll(() => system.close());

  it("answer a GET with the SAS of a refresh the other server made, never the one it revoked", async () => {
    for (let round = 0; round < 5; round++) {
      const [here, there] = round % 2 === 0 ? urls : [...urls].reverse();
      const before = await credentialsAt(here, headers);
      expect((await credentialsAt(there, headers)).SASToken).toBe(before.SASToken);
      const refreshed = await credentialsAt(there, headers, true);
      const seenHere = await credentialsAt(here, headers);
      expect(seenHere.SASToken).toBe(refreshed.SASToken);
      expect(seenHere.SASToken).not.toBe(before.SASToken);
      expect(await storageStatus(() => listOnce(containerWithSas(seenHere.SASUri)))).toBe(200);
      expect(await storageStatus(() => listOnce(containerWithSas(before.SASUri)))).toBe(403);
    }
  });

  it("hand out the same token on every GET while no refresh happens", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => credentialsAt(urls[i % 2], headers)));
    expect(new Set(answers.map((a) => a.SASToken)).size).toBe(1);
    expect(new Set(answers.map((a) => a.expiryTime)).size).toBe(1);
  });
});
