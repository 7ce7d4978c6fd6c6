/**
 * A refresh revokes the previous SAS (docs/api/landing-zone.md#refresh-the-credentials), and that
 * holds whatever crashes: `npm start` killed with SIGKILL shortly after a refresh and started again
 * still refuses the revoked SAS and accepts the one GET hands out.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import type { LandingZoneCredentials } from "../../src/landing-zone/service.js";
import { containerWithSas, listOnce, storageStatus } from "../support/blob.js";
import { startCli, type StartedProcess } from "../support/process.js";
import { seededRandom } from "../support/seeded-random.js";

const ROUNDS = 3;
const MAX_KILL_DELAY_MS = 3000;
/** How long after each refresh the service is killed; `SEED=<n>` replays the delays of a run. */
const random = seededRandom("test/landing-zone/revocation-after-crash.test.ts");
/** each round's kill at a random moment of its own slice of the span: early, middle and late all met in every run */
const killDelayMs = (round: number) => Math.floor(((round - 1 + random.next()) * MAX_KILL_DELAY_MS) / ROUNDS);

const CLIENT = { id: "crash-client", secret: "crash-secret", org: "CRASH@AdobeOrg" };
const dataDir = mkdtempSync(path.join(tmpdir(), "ds-dlz-crash-"));
const env = {
  DATA_DIR: dataDir,
  PORT: "0",
  BLOB_PORT: "0",
  // no local workspace: what a crash must keep is the landing zone's, and each start would seed its tables
  DATABRICKS_LOCAL: "false",
  AUTH_CLIENT_ID: CLIENT.id,
  AUTH_CLIENT_SECRET: CLIENT.secret,
  AUTH_ORG_ID: CLIENT.org,
  LOG_LEVEL: "warn",
};

async function credentials(apiUrl: string, action?: "refresh"): Promise<LandingZoneCredentials> {
  const token = (await fetch(`${apiUrl}/ims/token/v3`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT.id, client_secret: CLIENT.secret }),
  }).then((r) => r.json())) as { access_token: string };
  const query = `type=dlz_databricks_source${action ? `&action=${action}` : ""}`;
  const response = await fetch(`${apiUrl}/data/foundation/connectors/landingzone/credentials?${query}`, {
    method: action ? "POST" : "GET",
    headers: {
      authorization: `Bearer ${token.access_token}`,
      "x-api-key": CLIENT.id,
      "x-gw-ims-org-id": CLIENT.org,
      "x-sandbox-name": "prod",
    },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as LandingZoneCredentials;
}

/** What a SAS may do: list the container and read the staging folder's marker blob. */
async function accessWith(sasUri: string): Promise<{ list: number; read: number }> {
  const container = containerWithSas(sasUri);
  return {
    list: await storageStatus(() => listOnce(container)),
    read: await storageStatus(() => container.getBlobClient("adobe-managed-staging").getProperties()),
  };
}

describe("revocation across a crash of npm start", () => {
  let running: StartedProcess | undefined;
  afterAll(async () => {
    await running?.stop("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps the revoked SAS refused and the current one working after kill -9 at random moments up to ${MAX_KILL_DELAY_MS} ms after a refresh`, async () => {
    running = await startCli(env);
    for (let round = 1; round <= ROUNDS; round++) {
      const revoked = await credentials(running.apiUrl);
      const issued = await credentials(running.apiUrl, "refresh");
      const delayMs = killDelayMs(round);
      await sleep(delayMs);
      await running.stop("SIGKILL");
      running = await startCli(env);

      const where = `round ${round}, killed ${delayMs} ms after the refresh (SEED=${random.seed})`;
      // BLOB_PORT=0: the embedded blob service listens on another port after the restart
      const current = await credentials(running.apiUrl);
      expect(current.SASToken, where).toBe(issued.SASToken);
      const containerUrl = current.SASUri.slice(0, current.SASUri.indexOf("?"));
      expect(await accessWith(`${containerUrl}?${revoked.SASToken}`), where).toEqual({ list: 403, read: 403 });
      expect(await accessWith(current.SASUri), where).toEqual({ list: 200, read: 200 });
    }
  }, 300_000);
});
