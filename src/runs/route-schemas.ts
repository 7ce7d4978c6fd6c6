/** The OpenAPI schemas of the run routes: list, read, logs, on-demand create and re-trigger. */
import type { FastifySchema } from "fastify";
import { RUN_PHASES } from "./run-log.js";
import {
  EXAMPLE_IDS,
  FLOW_SERVICE_LIST_QUERY,
  FLOW_SERVICE_STAMPS,
  flowServiceList,
  ID_ETAG,
  idParams,
  type JsonSchema,
  platformOperation,
  ref,
} from "../aep-conventions/openapi-schemas.js";

const TAG = "Runs";

const STATUS = { type: "string", enum: ["scheduled", "inProgress", "success", "failed"] };
const ACTIVITY_STATUS = { type: "string", enum: ["scheduled", "inProgress", "success", "failed", "notRun"] };
const RECORDS = {
  type: "object",
  properties: { inputRecordCount: { type: "integer" }, outputRecordCount: { type: "integer" }, failedRecordCount: { type: "integer" } },
};
const ERRORS = {
  type: "array",
  items: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, recordCount: { type: "integer" } } },
};

/** A run as the list and a read answer it; its number and time fields are what property filters compare as such (time-filters.ts). */
export const RUN: JsonSchema = {
  type: "object",
  required: ["id", "flowId", "etag", "metrics", "activities"],
  properties: {
    id: { type: "string" },
    flowId: { type: "string" },
    etag: { type: "string" },
    ...FLOW_SERVICE_STAMPS,
    providerRefId: { type: "string" },
    attempt: { type: "integer", description: "Beyond AEP: attempts started so far (0: not yet claimed)" },
    maxAttempts: { type: "integer", description: "Beyond AEP: the attempts a run may take (RUN_MAX_ATTEMPTS), once a worker claimed it" },
    nextAttemptAt: { type: "integer", description: "Beyond AEP: a scheduled run waiting for a retry: when its next attempt is due (epoch milliseconds)" },
    phase: {
      type: "object",
      description: "Beyond AEP: the phase the attempt is in (inProgress), or the one the last attempt failed in (waiting for a retry, failed)",
      required: ["name", "startedAt"],
      properties: { name: { type: "string", enum: [...RUN_PHASES] }, startedAt: { type: "integer", description: "epoch milliseconds" } },
    },
    heldBack: {
      type: "object",
      description: "Beyond AEP: why a due scheduled run is not started, naming the run it waits for; or that no worker holds a run in progress (its worker was lost)",
      required: ["reason", "message"],
      properties: {
        reason: { type: "string", enum: ["earlierWindowFailed", "earlierWindowPending", "flowDisabled", "workerLost"] },
        message: { type: "string" },
        waitingForRunId: { type: "string" },
        since: { type: "integer", description: "workerLost: since when no worker holds the run (its lease ran out), epoch milliseconds" },
      },
    },
    metrics: {
      type: "object",
      description: "AEP's run metrics: when, how many bytes, records and files, and the run's status with its errors",
      properties: {
        durationSummary: { type: "object", properties: { startedAtUTC: { type: "integer" }, completedAtUTC: { type: "integer" } } },
        sizeSummary: { type: "object", properties: { inputBytes: { type: "integer" }, outputBytes: { type: "integer" } } },
        recordSummary: RECORDS,
        fileSummary: { type: "object", properties: { inputFileCount: { type: "integer" }, outputFileCount: { type: "integer" } } },
        statusSummary: { type: "object", required: ["status"], properties: { status: STATUS, errors: ERRORS } },
      },
    },
    activities: {
      type: "array",
      description: "copyActivity (the export from the workspace, with its window) and promotionActivity (the batch written to the dataset)",
      items: {
        type: "object",
        required: ["id"],
        properties: {
          id: { type: "string", enum: ["copyActivity", "promotionActivity"] },
          updatedAtUTC: { type: "integer" },
          durationSummary: { type: "object" },
          recordSummary: RECORDS,
          statusSummary: {
            type: "object",
            description: "notRun (beyond AEP): the run ended before this activity started",
            properties: { status: ACTIVITY_STATUS, extensions: { type: "object" } },
          },
          sourceInfo: { type: "array" },
          targetInfo: { type: "array", description: "the batch, once written: reference.ids[0]" },
        },
      },
    },
  },
  additionalProperties: true,
};

/** what GET /runs may be ordered by: a run item's top-level fields (and paths inside them) */
export const RUN_ORDER_FIELDS: readonly string[] = Object.keys(RUN.properties as object);

export const RUN_ROUTE_SCHEMAS = {
  list: platformOperation({
    tag: TAG,
    operationId: "listRuns",
    summary: "List runs",
    description: "Usually one flow's: property=flowId==<id>; also property=metrics.statusSummary.status==failed (any case).",
    querystring: FLOW_SERVICE_LIST_QUERY,
    response: { 200: flowServiceList(RUN) },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getRun",
    summary: "Read a run",
    params: idParams("the run's id"),
    response: {
      200: { description: "The run, as the one item of a list", type: "object", required: ["items"], properties: { items: { type: "array", items: RUN } } },
    },
  }),
  logs: platformOperation({
    tag: TAG,
    operationId: "getRunLogs",
    summary: "Read a run's log",
    description:
      "Beyond AEP: the run's log lines, oldest first: attempts, phase changes, cluster waits, counts and errors, with their time. Secrets never appear. The newest 500 lines are kept.",
    params: idParams("the run's id"),
    querystring: { type: "object", properties: { limit: { type: "integer", minimum: 1, maximum: 500, description: "only the newest lines (default: all 500 kept)" } } },
    response: {
      200: {
        description: "The run's log",
        type: "object",
        required: ["runId", "items"],
        properties: {
          runId: { type: "string" },
          items: {
            type: "array",
            items: {
              type: "object",
              required: ["timestamp", "attempt", "level", "message"],
              properties: {
                timestamp: { type: "integer", description: "epoch ms" },
                attempt: { type: "integer", description: "the attempt the line belongs to" },
                level: { type: "string", enum: ["info", "warn", "error"] },
                message: { type: "string" },
              },
            },
          },
        },
        examples: [
          {
            runId: "5c451b4b-2f27-41b3-8c33-c5d19512348f",
            items: [
              { timestamp: 1796049045320, attempt: 1, level: "info", message: "attempt 1 of 3 started by worker host:4242:1a2b3c4d" },
              { timestamp: 1796049045330, attempt: 1, level: "info", message: "waitingForCluster: cluster 0123-456789-abcdefgh: starting it if it is terminated, waiting up to 1200 s for RUNNING" },
            ],
          },
        ],
      },
    },
  }),
  create: platformOperation({
    tag: TAG,
    operationId: "createRun",
    summary: "Run a once dataflow on demand, or a recurring one's current window now",
    description:
      "A run of a dataflow whose frequency is once: its first run reads the whole table or a window of its delta column (windowStartTime, windowEndTime in epoch seconds; the first deltaColumn becomes the flow's); a later run without a window reads the rows after the flow's last run. params.fullReload reads the whole table while the flow has put nothing in its dataset; params.runNow runs a recurring dataflow's current window early.",
    body: {
      type: "object",
      required: ["flowId"],
      properties: {
        flowId: { type: "string" },
        params: {
          type: "object",
          properties: {
            windowStartTime: { type: ["integer", "string"], description: "epoch seconds" },
            windowEndTime: { type: ["integer", "string"], description: "epoch seconds" },
            deltaColumn: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
            fullReload: { type: ["boolean", "string"], description: "beyond AEP: read the whole table again; refused once the flow has put rows in its dataset" },
            runNow: { type: ["boolean", "string"], description: "beyond AEP: a recurring dataflow's current window, run now" },
          },
        },
        status: { type: "string", description: "aepp sends status=active; it changes nothing" },
      },
      examples: [
        {
          flowId: EXAMPLE_IDS.flow,
          params: { windowStartTime: "1767225600", windowEndTime: "1767312000", deltaColumn: { name: "updated_at" } },
        },
        { flowId: EXAMPLE_IDS.flow, status: "active" },
      ],
    },
    response: {
      201: { ...ref(ID_ETAG, "The run is queued"), headers: { location: { type: "string", description: "/runs/{id}" } } },
    },
  }),
  action: platformOperation({
    tag: TAG,
    operationId: "actOnRun",
    summary: "Re-trigger a failed run, or cancel a waiting or running one",
    description:
      "op=re-trigger: the run goes back in the queue with the same window; only a failed run of an enabled dataflow. op=cancel (beyond AEP): a scheduled run, or a running one that has written nothing to the dataset yet (waiting for its compute, exporting, downloading), ends failed with CONNECTOR-2019-400, its worker stopping and its export on the cluster cancelled; re-triggered, it reads its window again. A run writing its window is refused (SRC-1402-409).",
    params: idParams("the run's id"),
    querystring: { type: "object", required: ["op"], properties: { op: { type: "string", enum: ["re-trigger", "cancel"] } } },
    response: { 200: ref(ID_ETAG, "The run is queued again") },
  }),
} satisfies Record<string, FastifySchema>;
