/** The commands: each reads the public API and prints for people, or JSON with --json. */
import { type Settings, watchIntervalSeconds } from "./arguments.js";
import { isoTime, printJson, printTable, type Terminal } from "./output.js";
import { FLOW_SERVICE, LANDING_ZONE, type PlatformClient } from "./platform-client.js";
import { viewOf } from "./run-shape.js";
import { requireFlow, watchFlowRun } from "./run-watch.js";

interface Context {
  client: PlatformClient;
  terminal: Terminal;
  settings: Settings;
  /** the command's arguments, by the names it declares (index.ts checks there are exactly those) */
  args: Record<string, string>;
}

export interface Command {
  /** the names of its arguments, in order */
  args?: readonly string[];
  summary: string;
  run: (context: Context) => Promise<number | void>;
}

const CREDENTIALS = `${LANDING_ZONE}/credentials?type=dlz_databricks_source`;

interface Credentials {
  containerName: string;
  storageAccountName: string;
  SASToken: string;
  SASUri?: string;
  expiryTime?: string;
}

/** a refresh's answer with sparkConf=true: the new Spark config line, the grace window, and the clusters the service pushed the SAS to */
interface RefreshedCredentials extends Credentials {
  sparkConfLine: string;
  refreshGraceSeconds?: number;
  clusterUpdates?: { connectionId: string; clusterId: string; status: string; message: string }[];
}

export const COMMANDS: Record<string, Command> = {
  "credentials get": {
    summary: "the staging container's credentials (container, account, SAS token, expiry)",
    run: async ({ client, terminal, settings }) => showCredentials(terminal, settings, await client.get<Credentials>(CREDENTIALS)),
  },
  "credentials refresh": {
    summary: "new credentials; the old SAS token is revoked (after the grace window, if one is set), so a cluster needs the new Spark config line",
    run: async ({ client, terminal, settings }) => {
      const refreshed = await client.post<RefreshedCredentials>(`${CREDENTIALS}&action=refresh&sparkConf=true`);
      showCredentials(terminal, settings, refreshed);
      if (!settings.json) showWhatTheClustersNeed(terminal, refreshed);
    },
  },
  "spark-conf": {
    summary: "the Spark config line that lets the cluster write to the staging container",
    run: async ({ client, terminal, settings }) => {
      const { sparkConfLine, SASToken } = await client.get<Credentials & { sparkConfLine: string }>(`${CREDENTIALS}&sparkConf=true`);
      if (settings.json) printJson(terminal, { key: sparkConfLine.split(" ")[0], value: SASToken, line: sparkConfLine });
      else terminal.out(sparkConfLine);
    },
  },
  connections: {
    summary: "the sandbox's connections",
    run: async ({ client, terminal, settings }) => {
      const items = await client.listAll("/connections");
      if (settings.json) return printJson(terminal, items);
      const rows = items.map((c) => ({ id: c.id, name: c.name, state: c.state, reads: readsFrom(c.auth?.params) }));
      printTable(terminal, rows, ["id", "name", "state", "reads"], "no connections");
    },
  },
  "flows list": {
    summary: "the sandbox's dataflows with their last run",
    run: async ({ client, terminal, settings }) => {
      const items = await client.listAll("/flows");
      if (settings.json) return printJson(terminal, items);
      const rows = items.map((f) => ({
        id: f.id,
        name: f.name,
        state: f.state,
        frequency: [f.scheduleParams?.frequency, f.scheduleParams?.interval].filter((v) => v !== undefined).join(" "),
        "last run": f.lastRunDetails ? `${f.lastRunDetails.state} ${isoTime(f.lastRunDetails.completedAtUTC) ?? ""}`.trim() : undefined,
      }));
      printTable(terminal, rows, ["id", "name", "state", "frequency", "last run"], "no dataflows");
    },
  },
  "flows enable": flowAction("enable"),
  "flows disable": flowAction("disable"),
  "runs list": {
    args: ["flowId"],
    summary: "a flow's runs, newest first",
    run: async ({ client, terminal, settings, args: { flowId } }) => {
      await requireFlow(client, flowId);
      const items = await client.listAll(`/runs?property=${encodeURIComponent(`flowId==${flowId}`)}&orderby=-createdAt`);
      if (settings.json) return printJson(terminal, items);
      const rows = items.map((run) => {
        const view = viewOf(run);
        return { id: view.id, status: view.status, created: isoTime(view.createdAt), read: view.inputRecords, ingested: view.outputRecords, failed: view.failedRecords };
      });
      printTable(terminal, rows, ["id", "status", "created", "read", "ingested", "failed"], `flow ${flowId} has no runs yet`);
    },
  },
  "runs watch": {
    args: ["flowId"],
    summary: "follows the flow's newest run to its end; exits 0 when it succeeds, 1 when it fails or cannot run, 3 when the service was lost",
    run: ({ client, terminal, settings, args: { flowId } }) =>
      watchFlowRun(client, flowId, terminal, { intervalMs: watchIntervalSeconds(settings) * 1000, json: settings.json }),
  },
  "runs retrigger": runAction("re-trigger"),
  "runs cancel": runAction("cancel"),
};

function runAction(op: "re-trigger" | "cancel"): Command {
  return {
    args: ["runId"],
    summary: op === "re-trigger" ? "runs a failed run's window again" : "stops a waiting run, or a running one before it writes its window: it ends failed, its window read again when re-triggered",
    run: async ({ client, terminal, settings, args: { runId } }) => {
      const answer = await client.post(`${FLOW_SERVICE}/runs/${encodeURIComponent(runId)}/action?op=${op}`);
      if (settings.json) printJson(terminal, answer ?? { id: runId });
      else terminal.out(`run ${runId} ${op === "re-trigger" ? "re-triggered" : "cancelled"}`);
    },
  };
}

function flowAction(op: "enable" | "disable"): Command {
  return {
    args: ["flowId"],
    summary: op === "enable" ? "the flow's windows are scheduled again" : "no new windows are scheduled for the flow",
    run: async ({ client, terminal, settings, args: { flowId } }) => {
      const answer = await client.post(`${FLOW_SERVICE}/flows/${encodeURIComponent(flowId)}/action?op=${op}`);
      if (settings.json) printJson(terminal, answer ?? { id: flowId });
      else terminal.out(`flow ${flowId} ${op}d`);
    },
  };
}

function showCredentials(terminal: Terminal, settings: Settings, credentials: Credentials): void {
  if (settings.json) return printJson(terminal, credentials);
  terminal.out(`container  ${credentials.containerName}`);
  terminal.out(`account    ${credentials.storageAccountName}`);
  if (credentials.expiryTime) terminal.out(`expires    ${credentials.expiryTime}`);
  terminal.out(`SAS token  ${credentials.SASToken}`);
  if (credentials.SASUri) terminal.out(`SAS URI    ${credentials.SASUri}`);
}

/**
 * After a refresh, what the clusters that write to the container need: the ones the service pushed the SAS to, and for any other,
 * the new Spark config line, before the old SAS stops working (at once, or when the grace window ends)
 */
function showWhatTheClustersNeed(terminal: Terminal, refreshed: RefreshedCredentials): void {
  terminal.out("");
  for (const update of refreshed.clusterUpdates ?? []) terminal.out(`cluster ${update.clusterId} (connection ${update.connectionId}): ${update.status}, ${update.message}`);
  const grace = refreshed.refreshGraceSeconds ?? 0;
  terminal.out(grace > 0 ? `The previous SAS token keeps working for ${grace} s more.` : "The previous SAS token no longer works.");
  terminal.out("A cluster whose Spark config holds the SAS by hand fails its runs until it has this line (then restart it):");
  terminal.out(`  ${refreshed.sparkConfLine}`);
}

/** What a connection reads, from its params alone: a workspace's cluster or SQL warehouse, or a Delta Sharing server. */
function readsFrom(params: Record<string, unknown> = {}): string {
  if (params.endpoint) return `Delta Sharing ${params.endpoint}`;
  const compute = params.warehouseId ? `warehouse ${params.warehouseId}` : params.clusterId ? `cluster ${params.clusterId}` : undefined;
  return [params.domain, compute].filter(Boolean).join(" · ");
}
