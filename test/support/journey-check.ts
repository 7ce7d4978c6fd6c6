/**
 * For the tests that walk the journey the way a user does, against a real `npm start`: run a command
 * to its end, then ask the API, as the dev client, what the journey left behind.
 */
import { spawn } from "node:child_process";
import { expect } from "vitest";

const FS = "/data/foundation/flowservice";

/** The IMS client `npm start` was given (AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, AUTH_ORG_ID), the dev client by default. */
export interface ImsClient {
  AUTH_CLIENT_ID?: string;
  AUTH_CLIENT_SECRET?: string;
  AUTH_ORG_ID?: string;
}

/** GET calls with a token of the client, by default the dev client that `npm start` prints in its ready line. */
export async function devClient(apiUrl: string, client: ImsClient = {}): Promise<(path: string) => Promise<any>> {
  const clientId = client.AUTH_CLIENT_ID ?? "dev-client";
  const issued = await fetch(`${apiUrl}/ims/token/v3`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: client.AUTH_CLIENT_SECRET ?? "dev-secret", scope: "openid,AdobeID" }),
  });
  expect(issued.status).toBe(200);
  const headers = {
    authorization: `Bearer ${(await issued.json()).access_token}`,
    "x-api-key": clientId,
    "x-gw-ims-org-id": client.AUTH_ORG_ID ?? "DEV@AdobeOrg",
    "x-sandbox-name": "prod",
  };
  return async (path) => {
    const response = await fetch(`${apiUrl}${path}`, { headers });
    expect(response.status, `GET ${path}`).toBe(200);
    return response.json();
  };
}

export interface JourneyOutcome {
  /** the status of every run of every flow */
  runs: string[];
  /** every batch those runs promoted, as Catalog reports it */
  batches: { status: string; rows: number; dataSetId: string }[];
  /** names of the flows that would go on running on a schedule */
  enabledRecurringFlows: string[];
}

export async function journeyOutcome(apiUrl: string, client: ImsClient = {}): Promise<JourneyOutcome> {
  const get = await devClient(apiUrl, client);
  const flows: any[] = (await get(`${FS}/flows`)).items;
  const runs: any[] = [];
  for (const flow of flows) runs.push(...(await get(`${FS}/runs?property=flowId==${flow.id}`)).items);
  const batches: JourneyOutcome["batches"] = [];
  for (const run of runs) {
    const promotion = run.activities.find((a: { id: string }) => a.id === "promotionActivity");
    for (const id of promotion?.targetInfo[0].reference.ids ?? []) {
      const batch = (await get(`/data/foundation/catalog/batches/${id}`))[id];
      const dataSet = batch.relatedObjects.find((o: { type: string }) => o.type === "dataSet");
      batches.push({ status: batch.status, rows: batch.metrics.outputRecordCount, dataSetId: dataSet?.id });
    }
  }
  return {
    runs: runs.map((run) => run.metrics.statusSummary.status),
    batches,
    enabledRecurringFlows: flows
      .filter((flow) => flow.state === "enabled" && String(flow.scheduleParams.frequency).toLowerCase() !== "once")
      .map((flow) => flow.name),
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, as a user's terminal would, and keeps what it printed; `onStdout` sees its output so far each time it prints. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number; onStdout?: (stdout: string) => void },
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      options.onStdout?.(stdout);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
