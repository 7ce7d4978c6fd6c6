/**
 * The local workspace's sharing recipient takes its bearer token from DATABRICKS_LOCAL_SHARING_TOKEN:
 * `npm start` shares the demo share with that token instead of the development one, and never
 * prints it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARING_PREFIX } from "../../local/workspace/routes/delta-sharing.js";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { type StartedProcess, startCli } from "../support/process.js";
import { journeySystem } from "../support/started-system.js";

const CONFIGURED = "dss-a-configured-recipient-token";

describe("DATABRICKS_LOCAL_SHARING_TOKEN", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-sharing-token-"));
  let started: StartedProcess;
  let endpoint: string;
  beforeAll(async () => {
    started = await startCli({ DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", DATABRICKS_LOCAL_SHARING_TOKEN: CONFIGURED });
    endpoint = `${(await journeySystem(started)).workspace!.url}${SHARING_PREFIX}`;
  }, 90_000);
  afterAll(async () => {
    await started?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const shares = (token: string) => fetch(`${endpoint}/shares`, { headers: { authorization: `Bearer ${token}` } });

  it("is the token the demo share's recipient reads with; the development token is refused", async () => {
    const accepted = await shares(CONFIGURED);
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).items).toEqual([expect.objectContaining({ name: "demo_share" })]);
    expect((await shares(DEV_SHARING_TOKEN)).status).toBe(401);
    expect(started.output()).not.toContain(CONFIGURED);
  });
});
