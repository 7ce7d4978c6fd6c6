/** Dataflows and runs, as Monitoring reads and acts on them. */
import { api, apiText, FLOW_SERVICE, item, listAll } from "./client";
import { everyDataAccessEntry } from "./list-pages";
import type { Session } from "./session";

export interface Flow {
  id: string;
  name: string;
  state: "enabled" | "disabled";
  createdAt: number;
  scheduleParams: { startTime: string | number; frequency: string; interval?: string | number; backfill?: string | boolean };
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  lastRunDetails?: { id: string; state: string; startedAtUTC: number; completedAtUTC: number };
  transformations?: Array<{ name: string; params?: { deltaColumn?: { name?: string }; mappingId?: string; mappingVersion?: number | string } }>;
  /** for a PATCH's If-Match */
  etag?: string;
  /** partialIngestionPercent: the share of a run's rows that may fail before the whole run fails */
  options?: { partialIngestionPercent?: number };
}

/** The delta column a flow keeps (its Copy transformation's), once it has one. */
export const flowDeltaColumn = (flow: Flow) => flow.transformations?.find((t) => t.name === "Copy")?.params?.deltaColumn?.name;

/** Whether a source column's type can be a flow's delta column: a timestamp (with or without a time zone) or a date. */
export const isDeltaColumnType = (type: string | undefined) => type !== undefined && /^(timestamp|timestamp_ntz|date)$/i.test(type);

/** What an on-demand run of a `once` flow reads beyond its default: by a delta column, or the whole table again. */
export interface RunParams {
  deltaColumn?: string;
  fullReload?: boolean;
}

export interface RunError {
  code: string;
  message: string;
  recordCount?: number;
}

export interface Activity {
  id: string;
  updatedAtUTC?: number;
  durationSummary?: { startedAtUTC: number; completedAtUTC: number; extensions?: { windowStart?: number; windowEnd?: number } };
  recordSummary?: { inputRecordCount?: number; outputRecordCount?: number; failedRecordCount?: number };
  statusSummary?: { status: string; extensions?: { type?: string; sequence?: number; errors?: RunError[]; manifest?: { failedRecords?: unknown } } };
  targetInfo?: Array<{ reference?: { type: string; ids: string[] } }>;
  sourceInfo?: Array<{ reference?: { type: string; ids: string[] } }>;
}

export interface Run {
  id: string;
  flowId: string;
  createdAt: number;
  updatedAt: number;
  metrics: {
    durationSummary: { startedAtUTC: number; completedAtUTC: number };
    sizeSummary?: { inputBytes?: number; outputBytes?: number };
    recordSummary: { inputRecordCount?: number; outputRecordCount?: number; failedRecordCount?: number };
    fileSummary?: { inputFileCount?: number; outputFileCount?: number };
    statusSummary: { status: string; errors?: RunError[] };
  };
  activities?: Activity[];
  /** beyond AEP: where the run is and why it waits */
  attempt?: number;
  maxAttempts?: number;
  nextAttemptAt?: number;
  phase?: { name: string; startedAt: number };
  heldBack?: { reason: string; message: string; waitingForRunId?: string };
  /** fields of the run item this console does not know yet are shown as they come */
  [more: string]: unknown;
}

/** every flow of the sandbox, the newest first */
export const listFlows = (session: Session) => listAll<Flow>(session, `${FLOW_SERVICE}/flows?orderby=-createdAt&limit=1000`);

export const getFlow = (session: Session, id: string) => item<Flow>(session, `${FLOW_SERVICE}/flows/${id}`);

/** The flow's Mapping transformation: the mapping set and the version of it every run maps with. */
export function flowMapping(flow: Flow): { mappingId: string; mappingVersion: number } | undefined {
  const params = flow.transformations?.find((t) => t.name.toLowerCase() === "mapping")?.params;
  return params?.mappingId ? { mappingId: params.mappingId, mappingVersion: Number(params.mappingVersion ?? 0) } : undefined;
}

/** Points the flow at another version of its mapping set (PATCH with the flow's current etag): its next runs, and a re-triggered one, map with it. */
export async function pointFlowAtMappingVersion(session: Session, flowId: string, version: number): Promise<void> {
  await patchFlow(session, flowId, (flow) => {
    const transformations = (flow.transformations ?? []).map((t) => (t.name.toLowerCase() === "mapping" ? { ...t, params: { ...t.params, mappingVersion: version } } : t));
    return { op: "replace", path: "/transformations", value: transformations };
  });
}

/** partial ingestion for a flow: its next runs, and a failed run re-triggered, ingest the valid rows while at most `percent` % of the rows fail */
export async function setPartialIngestion(session: Session, flowId: string, percent: number): Promise<void> {
  await patchFlow(session, flowId, (flow) => ({ op: "add", path: "/options", value: { ...flow.options, partialIngestionPercent: percent } }));
}

/** a flow changed by one JSON Patch operation made from the flow as it is now, under its etag */
async function patchFlow(session: Session, flowId: string, change: (flow: Flow) => { op: string; path: string; value: unknown }): Promise<void> {
  const flow = await getFlow(session, flowId);
  await api(session, "PATCH", `${FLOW_SERVICE}/flows/${flowId}`, { headers: { "If-Match": flow.etag ?? "" }, body: [change(flow)] });
}

/** every run of a flow, whatever its age */
export const listFlowRuns = (session: Session, flowId: string) => listAll<Run>(session, `${FLOW_SERVICE}/runs?property=${encodeURIComponent(`flowId==${flowId}`)}&limit=1000`);

export const getRun = (session: Session, id: string) => item<Run>(session, `${FLOW_SERVICE}/runs/${id}`);

/** resync (beyond AEP): a change-data flow's oldest window not yet ingested reads the table whole again (docs/api/dataflows.md#enable-disable-resync) */
export const flowAction = (session: Session, flowId: string, op: "enable" | "disable" | "resync") =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/flows/${flowId}/action?op=${op}`);

/** A run of a `once` flow now: the whole table the first time, then the rows after the last run, by the delta column. */
export const startRun = (session: Session, flowId: string, { deltaColumn, fullReload }: RunParams = {}) =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/runs`, {
    body: { flowId, ...(deltaColumn ? { params: { deltaColumn: { name: deltaColumn } } } : fullReload ? { params: { fullReload: true } } : {}) },
  });

/** Beyond AEP: a recurring flow's current window, run now instead of at its end (params.runNow). */
export const runCurrentWindowNow = (session: Session, flowId: string) =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/runs`, { body: { flowId, params: { runNow: true } } });

export const retriggerRun = (session: Session, runId: string) => api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/runs/${runId}/action?op=re-trigger`);

/** a waiting run, or a running one before it writes its window, ended failed (beyond AEP: docs/api/runs.md#cancel-a-run) */
export const cancelRun = (session: Session, runId: string) => api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/runs/${runId}/action?op=cancel`);

/** One line of a run's own log (docs/api/runs.md#run-logs), oldest first. */
export interface RunLogLine {
  timestamp: number;
  attempt: number;
  level: "info" | "warn" | "error";
  message: string;
}

export const runLog = async (session: Session, runId: string) =>
  (await api<{ items: RunLogLine[] }>(session, "GET", `${FLOW_SERVICE}/runs/${runId}/logs`)).items;

/** The batch a run wrote (promotionActivity's target), if any. */
export function batchOf(run: Run): string | undefined {
  return run.activities?.find((a) => a.id === "promotionActivity")?.targetInfo?.[0]?.reference?.ids?.[0];
}

/** Every entry of a Data Access list, page after page. */
const everyListed = <T>(session: Session, path: string) => everyDataAccessEntry<T>((page) => api(session, "GET", page), path);

/** The failed rows of a batch, as NDJSON: every file of row_errors joined. */
export async function failedRows(session: Session, batchId: string): Promise<string> {
  const base = `/data/foundation/export/batches/${batchId}/meta`;
  const listing = await everyListed<{ name: string }>(session, `${base}?path=row_errors`);
  const files = await Promise.all(listing.map((file) => apiText(session, `${base}?path=${encodeURIComponent(file.name)}`)));
  return files.join("");
}

/** One Parquet file of a committed batch, as Data Access lists it: `path` downloads it. */
export interface BatchFile {
  name: string;
  /** its size in bytes, as the API writes it */
  length: string;
  path: string;
}

type Linked = { _links: { self: { href: string } } };
/** a link of an answer (an absolute URL on the host the request named) as a path on the console's own origin */
const pathOf = (href: string) => {
  const url = new URL(href, window.location.href);
  return `${url.pathname}${url.search}`;
};

/** The Parquet files a batch committed: its dataset file's parts (none for a batch that did not commit). */
export async function batchFiles(session: Session, batchId: string): Promise<BatchFile[]> {
  const files = await everyListed<Linked>(session, `/data/foundation/export/batches/${encodeURIComponent(batchId)}/files`);
  const parts = await Promise.all(files.map((file) => everyListed<Linked & { name: string; length: string }>(session, pathOf(file._links.self.href))));
  return parts.flat().map((file) => ({ name: file.name, length: file.length, path: pathOf(file._links.self.href) }));
}

/** The dataset a flow writes: its target connection's dataSetId, and the dataset's name in the catalog. */
export async function flowDataset(session: Session, flow: Flow): Promise<{ id: string; name: string }> {
  const target = await item<{ params?: { dataSetId?: string } }>(session, `${FLOW_SERVICE}/targetConnections/${encodeURIComponent(flow.targetConnectionIds[0])}`);
  const id = target.params?.dataSetId;
  if (!id) throw new Error(`the flow's target connection ${flow.targetConnectionIds[0]} names no dataset`);
  const answer = await api<Record<string, { name?: string }>>(session, "GET", `/data/foundation/catalog/dataSets/${encodeURIComponent(id)}`);
  return { id, name: answer[id]?.name ?? id };
}

/** A dataset's first rows as committed so far (Data Access's dataset preview), numbers exact. */
export const datasetRows = async (session: Session, dataSetId: string) =>
  (await api<{ data: Array<Record<string, unknown>> }>(session, "GET", `/data/foundation/export/datasets/${encodeURIComponent(dataSetId)}/preview`, { exact: true })).data;
