/**
 * A dataflow as a client sends it (docs/api/dataflows.md#create-a-dataflow), checked and
 * normalised without any I/O. Numbers and booleans arrive as strings in AEP's own examples ("15",
 * "true") and typed in its OpenAPI, so both are accepted; the item echoes what was sent. The
 * checks that need the store or the workspace (connections exist, mapping fits the dataset,
 * cluster active) are dataflow-service.ts's and flow-checks.ts's.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { CRM_TO_AEP_FLOW_SPEC_ID, SPEC_VERSION, specVersionProblem } from "../flowservice/specs/ids.js";
import { isObject, type Json, onlyCreateFields, optionalString, requireBody, requireObject, requireString } from "../aep-conventions/request-body.js";
import { kindOfValue } from "../aep-conventions/secret-properties.js";
import { webhookUrlRefusal, type WebhookPolicy } from "../security/allowed-hosts.js";
import { sameWebhookUrl } from "../store/webhooks.table.js";
import { epochSecondsExpected, epochSecondsProblem, LAST_EPOCH_SECOND } from "./epoch-seconds.js";
import { type Frequency, periodMs, type Schedule } from "./windows.js";

export interface WebhookConfig {
  url: string;
  secret?: string;
  events?: string[];
}

export interface FlowDefinition {
  name: string;
  description?: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  schedule: Schedule;
  deltaColumn?: string;
  mappingId?: string;
  mappingVersion?: number;
  partialIngestionPercent: number;
  webhooks: WebhookConfig[];
  delayedRunThresholdMinutes?: number;
}

export interface ScheduleRules {
  now: number;
  /** how far in the past startTime may lie (a request takes a moment to arrive) */
  startTimeToleranceSeconds: number;
  minMinuteInterval: number;
}

/** What a flow request is checked against: the schedule's bounds and where webhooks may point. */
export interface FlowRules extends ScheduleRules, WebhookPolicy {}

const FREQUENCIES: readonly Frequency[] = ["once", "minute", "hour", "day", "week"];
/** `options` of a flow: AEP's two (the CRMToAEP flow spec's optionSpec) and ours, lateArrivingRows */
const OPTION_KEYS = ["partialIngestionPercent", "errorDiagnosticsEnabled", "lateArrivingRows"];
const LATE_ARRIVING_ROWS = ["ingest", "skip"];
/** a year: a run late by more is not "delayed", it has been forgotten */
const MAX_DELAYED_RUN_THRESHOLD_MINUTES = 525_600;
const RUN_EVENTS = ["sources_flow_run_success", "sources_flow_run_failure", "sources_flow_run_delayed"];
/** each webhook of a run's flow holds an outbox slot for as long as its receiver takes: a flow may not fill the outbox */
export const MAX_FLOW_WEBHOOKS = 10;

/** A value as a message shows it: a text as it is, anything else (an empty or blank text, an object, null) as JSON, never "[object Object]". */
function shown(value: unknown): string {
  return typeof value === "string" && value.trim() !== "" ? value : (JSON.stringify(value) ?? "(none)");
}

/** `expected`: what the field takes, said when the value is not an integer */
function integerOf(value: unknown, field: string, expected = "an integer is expected"): number {
  const number = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw Errors.paramValueInvalid(shown(value), field, expected);
  }
  return number;
}

function booleanOf(value: unknown, field: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw Errors.paramValueInvalid(shown(value), field, "true or false is expected");
}

function singleId(body: Json, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) throw Errors.mandatoryFieldMissing(field);
  if (!Array.isArray(value)) throw Errors.paramValueInvalid(JSON.stringify(value), field, 'It must be an array of ids, e.g. ["<id>"]');
  if (value.length !== 1) throw Errors.paramValueInvalid(JSON.stringify(value), field, "a Databricks dataflow has exactly one");
  if (typeof value[0] !== "string") throw Errors.paramValueInvalid(shown(value[0]), `${field}[0]`, "It must be an id (a string)");
  return value[0];
}

export function parseSchedule(raw: unknown, rules: ScheduleRules): Schedule {
  if (raw === undefined || raw === null) throw Errors.mandatoryFieldMissing("scheduleParams");
  if (!isObject(raw)) throw Errors.paramValueInvalid(shown(raw), "scheduleParams", 'It must be an object, as {"startTime": "<epoch seconds>", "frequency": "once"}');
  if (raw.startTime === undefined) throw Errors.mandatoryFieldMissing("scheduleParams.startTime");
  const startTime = integerOf(raw.startTime, "scheduleParams.startTime", epochSecondsExpected(raw.startTime));
  const outOfRange = epochSecondsProblem(startTime, "startTime");
  if (outOfRange) throw Errors.paramValueInvalid(String(raw.startTime), "scheduleParams.startTime", outOfRange);
  const nowSeconds = Math.floor(rules.now / 1000);
  const earliest = nowSeconds - rules.startTimeToleranceSeconds;
  if (startTime < earliest) throw Errors.startTimeInPast(earliest, nowSeconds, rules.startTimeToleranceSeconds);
  const frequency = String(raw.frequency ?? "").toLowerCase() as Frequency;
  if (raw.frequency === undefined) throw Errors.mandatoryFieldMissing("scheduleParams.frequency");
  if (!FREQUENCIES.includes(frequency)) throw Errors.frequencyInvalid(shown(raw.frequency), FREQUENCIES);
  if (frequency === "once") {
    if (raw.interval !== undefined && raw.interval !== null && raw.interval !== "") throw Errors.intervalWithOnce();
    if (raw.backfill !== undefined && booleanOf(raw.backfill, "scheduleParams.backfill")) throw Errors.backfillWithOnce();
    return { startTime, frequency, interval: 0, backfill: false };
  }
  if (raw.interval === undefined) throw Errors.mandatoryFieldMissing("scheduleParams.interval");
  const text = typeof raw.interval === "number" || typeof raw.interval === "string" ? String(raw.interval) : "";
  const minimum = frequency === "minute" ? rules.minMinuteInterval : 1;
  if (!/^\s*\d+\s*$/.test(text)) throw Errors.intervalNotAllowed(shown(raw.interval), frequency, minimum);
  const interval = Number(text);
  if (interval < minimum) throw Errors.intervalTooSmall(minimum);
  // windows end at startTime + k·interval: the first after startTime must still be a date
  const maximum = Math.floor(((LAST_EPOCH_SECOND - startTime) * 1000) / periodMs({ startTime, frequency, interval: 1, backfill: false }));
  if (interval > maximum) {
    throw Errors.paramValueInvalid(
      text.trim(),
      "scheduleParams.interval",
      `with this startTime the first window would end after 9999-12-31T23:59:59Z, the last time a window can bound; the interval may be at most ${maximum} (${frequency})`,
    );
  }
  const backfill = raw.backfill === undefined ? true : booleanOf(raw.backfill, "scheduleParams.backfill");
  return { startTime, frequency, interval, backfill };
}

/** The CRMToAEP flow spec's transformationSpecs: a name in any case. */
const TRANSFORMATION_NAMES = ["Copy", "Mapping"];

function transformation(body: Json, name: string): Json | undefined {
  const list = body.transformations;
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw Errors.paramValueInvalid(kindOfValue(list), "transformations", "an array is expected");
  list.forEach((t, i) => {
    // a misspelt name would leave its transformation unread ("the mapping transformation is missing" for a "Mapper")
    if (isObject(t) && (t.name === undefined || t.name === null)) throw Errors.mandatoryFieldMissing(`transformations[${i}].name`);
    if (!isObject(t) || !TRANSFORMATION_NAMES.some((known) => known.toLowerCase() === String(t.name).toLowerCase())) {
      const given = isObject(t) ? JSON.stringify(t.name) : JSON.stringify(t);
      throw Errors.paramValueInvalid(given, `transformations[${i}].name`, `It is not a transformation of a Databricks flow; the transformations are ${TRANSFORMATION_NAMES.join(", ")}`);
    }
  });
  const found = list.find((t) => isObject(t) && String(t.name).toLowerCase() === name.toLowerCase());
  return found as Json | undefined;
}

function copyParams(body: Json): Json | undefined {
  const copy = transformation(body, "Copy");
  return copy && isObject(copy.params) ? copy.params : undefined;
}

/** A deltaColumn's timezone, when given, is an IANA time zone name (as Intl knows them). */
function checkTimezone(deltaParam: unknown): void {
  if (!isObject(deltaParam) || deltaParam.timezone === undefined) return;
  const zone = deltaParam.timezone;
  const field = "transformations[Copy].params.deltaColumn.timezone";
  if (typeof zone !== "string") throw Errors.paramValueInvalid(JSON.stringify(zone), field, "It must be a string");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw Errors.paramValueInvalid(shown(zone), field, "it is not an IANA time zone; send a name such as UTC, Europe/Berlin or America/Los_Angeles");
  }
}

/** The Copy transformation's delta column name, or undefined. */
export function deltaColumnOf(body: Json): string | undefined {
  const param = copyParams(body)?.deltaColumn;
  return isObject(param) && typeof param.name === "string" && param.name !== "" ? param.name : undefined;
}

/** The keys of a flow's `notifications` and of each of its webhooks: a misspelt one would be dropped unnoticed (no webhook, an unsigned one, every event). */
const NOTIFICATION_KEYS = ["webhooks", "delayedRunThresholdMinutes"];
const WEBHOOK_KEYS = ["url", "secret", "events"];

/** GET /flows shows a webhook's secret as `secretSet`: a PATCH or a copy of that body keeps the stored secret. */
const SHOWN_WEBHOOK_KEYS = ["secretSet"];

function refuseUnknownKeys(raw: Json, known: readonly string[], at: string, what: string, shown: readonly string[] = []): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key) && !shown.includes(key)) throw Errors.paramValueInvalid(key, `${at}.${key}`, `It is not a key of ${what}; the keys are ${known.join(", ")}`);
  }
}

function webhooks(raw: unknown, policy: WebhookPolicy): { webhooks: WebhookConfig[]; delayedRunThresholdMinutes?: number } {
  if (raw === undefined) return { webhooks: [] };
  if (!isObject(raw)) throw Errors.paramValueInvalid(kindOfValue(raw), "notifications", "an object is expected");
  refuseUnknownKeys(raw, NOTIFICATION_KEYS, "notifications", "a flow's notifications");
  const list = raw.webhooks ?? [];
  if (!Array.isArray(list)) throw Errors.paramValueInvalid(kindOfValue(list), "notifications.webhooks", "an array is expected");
  if (list.length > MAX_FLOW_WEBHOOKS) {
    throw Errors.paramValueInvalid(`${list.length} webhooks`, "notifications.webhooks", `A flow has at most ${MAX_FLOW_WEBHOOKS} webhooks, each with its own URL`);
  }
  const parsed = list.map((hook, i): WebhookConfig => {
    if (!isObject(hook)) throw Errors.paramValueInvalid(kindOfValue(hook), `notifications.webhooks[${i}]`, `an object with ${WEBHOOK_KEYS.join(", ")} is expected`);
    refuseUnknownKeys(hook, WEBHOOK_KEYS, `notifications.webhooks[${i}]`, "a webhook", SHOWN_WEBHOOK_KEYS);
    if (typeof hook.url !== "string" || !/^https?:\/\//i.test(hook.url)) {
      throw Errors.paramValueInvalid(typeof hook.url !== "string" ? kindOfValue(hook.url ?? null) : hook.url.trim() !== "" ? urlShown(hook.url) : JSON.stringify(hook.url), `notifications.webhooks[${i}].url`, "an http(s) URL is expected");
    }
    const refusal = webhookUrlRefusal(hook.url, policy);
    if (refusal) throw Errors.webhookUrlNotAllowed(i, hook.url, refusal);
    if (hook.secret !== undefined && typeof hook.secret !== "string") {
      throw Errors.paramValueInvalid("(hidden)", `notifications.webhooks[${i}].secret`, "a string is expected");
    }
    const events = hook.events;
    if (events !== undefined && (!Array.isArray(events) || events.some((e) => !RUN_EVENTS.includes(String(e))))) {
      throw Errors.paramValueInvalid(JSON.stringify(events), `notifications.webhooks[${i}].events`, `allowed: ${RUN_EVENTS.join(", ")}`);
    }
    return { url: hook.url, secret: hook.secret as string | undefined, events: events as string[] | undefined };
  });
  refuseRepeatedUrl(parsed);
  return { webhooks: parsed, delayedRunThresholdMinutes: delayedRunThreshold(raw.delayedRunThresholdMinutes) };
}

/** Two webhooks to one URL (as its receiver gets it: sameWebhookUrl, as the outbox orders deliveries by) would post each notification there twice. */
function refuseRepeatedUrl(hooks: readonly WebhookConfig[]): void {
  const firstAt = new Map<string, number>();
  hooks.forEach((hook, i) => {
    const url = sameWebhookUrl(hook.url);
    const first = firstAt.get(url);
    if (first !== undefined) {
      throw Errors.paramValueInvalid(
        urlShown(hook.url),
        `notifications.webhooks[${i}].url`,
        `It is the URL of notifications.webhooks[${first}]; a flow has at most ${MAX_FLOW_WEBHOOKS} webhooks, each with its own URL`,
      );
    }
    firstAt.set(url, i);
  });
}

/** A webhook URL as an error quotes it: up to its host, as a URL's path or query may hold its secret (a Slack hook's does). */
function urlShown(url: string): string {
  const upToHost = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*/i.exec(url)?.[0] ?? "";
  const host = upToHost.replace(/[^/]*@/, "");
  return upToHost.length < url.length ? `${host}/…` : host;
}

function delayedRunThreshold(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const minutes = integerOf(raw, "notifications.delayedRunThresholdMinutes");
  if (minutes < 1 || minutes > MAX_DELAYED_RUN_THRESHOLD_MINUTES) {
    throw Errors.paramValueInvalid(String(raw), "notifications.delayedRunThresholdMinutes", `It must be from 1 to ${MAX_DELAYED_RUN_THRESHOLD_MINUTES} minutes (a year)`);
  }
  return minutes;
}

/** `options`: an object of known keys; returns the partial ingestion threshold (0: none). */
function partialIngestionOf(raw: unknown): number {
  if (raw === undefined || raw === null) return 0;
  if (!isObject(raw)) throw Errors.paramValueInvalid(kindOfValue(raw), "options", "It must be an object");
  for (const key of Object.keys(raw)) {
    if (!OPTION_KEYS.includes(key)) throw Errors.paramValueInvalid(key, `options.${key}`, `It is not an option of a flow; the options are ${OPTION_KEYS.join(", ")}`);
  }
  if (raw.errorDiagnosticsEnabled !== undefined) booleanOf(raw.errorDiagnosticsEnabled, "options.errorDiagnosticsEnabled");
  if (raw.lateArrivingRows !== undefined && !LATE_ARRIVING_ROWS.includes(raw.lateArrivingRows as string)) {
    throw Errors.paramValueInvalid(JSON.stringify(raw.lateArrivingRows), "options.lateArrivingRows", `It must be one of ${LATE_ARRIVING_ROWS.join(", ")}`);
  }
  if (raw.partialIngestionPercent === undefined) return 0;
  // a number, or its text: Number() would also read true as 1 and [5] as 5
  const given = raw.partialIngestionPercent;
  const value = typeof given === "number" || (typeof given === "string" && given.trim() !== "") ? Number(given) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    throw Errors.paramValueInvalid(shown(given), "options.partialIngestionPercent", "a number in (0, 100] is expected");
  }
  return value;
}

/** `labels`: kept and shown as sent, so each must be a label's name. */
function checkLabels(raw: unknown): void {
  if (raw === undefined) return;
  const example = 'as ["core/C12"]';
  if (!Array.isArray(raw)) throw Errors.paramValueInvalid(shown(raw), "labels", `an array of label names is expected, ${example}`);
  raw.forEach((label, i) => {
    if (typeof label !== "string" || label.trim() === "") throw Errors.paramValueInvalid(shown(label), `labels[${i}]`, `a label name (a non-empty string) is expected, ${example}`);
  });
}

/** The top-level fields a flow's create body takes (`state` is refused with its own reason). */
export const FLOW_CREATE_FIELDS = ["name", "description", "flowSpec", "sourceConnectionIds", "targetConnectionIds", "transformations", "scheduleParams", "options", "labels", "notifications"];

/** A create body's unknown top-level field (a misspelt scheduleParams, say) is refused: it would be dropped unnoticed. */
export function refuseUnknownCreateFields(input: unknown): void {
  const body = requireBody(input);
  onlyCreateFields(body, FLOW_CREATE_FIELDS, "flow", ["state"]);
}

export function parseFlowRequest(input: unknown, rules: FlowRules): FlowDefinition {
  const body = requireBody(input);
  if (body.state !== undefined) throw Errors.stateNotAllowedOnCreate();
  const name = requireString(body, "name", "name");
  if (body.flowSpec !== undefined && body.flowSpec !== null && !isObject(body.flowSpec)) {
    throw Errors.paramValueInvalid(shown(body.flowSpec), "flowSpec", `It must be an object, as {"id": "${CRM_TO_AEP_FLOW_SPEC_ID}", "version": "1.0"}`);
  }
  const flowSpec = requireObject(body, "flowSpec", "flowSpec.id");
  const flowSpecId = requireString(flowSpec, "id", "flowSpec.id");
  if (flowSpecId !== CRM_TO_AEP_FLOW_SPEC_ID) {
    throw Errors.specInvalid(flowSpecId, `${flowSpecId} is no flow spec of a Databricks dataflow: send flowSpec.id ${CRM_TO_AEP_FLOW_SPEC_ID}, the CRMToAEP flow spec (GET /data/foundation/flowservice/flowSpecs lists it)`);
  }
  const flowSpecVersion = optionalString(flowSpec, "version", "flowSpec.version");
  if (flowSpecVersion !== undefined && flowSpecVersion !== SPEC_VERSION) throw Errors.specInvalid(flowSpecId, specVersionProblem(flowSpecVersion, "flowSpec.version"));
  const sourceConnectionId = singleId(body, "sourceConnectionIds");
  const targetConnectionId = singleId(body, "targetConnectionIds");
  const schedule = parseSchedule(body.scheduleParams, rules);

  const deltaParam = copyParams(body)?.deltaColumn;
  const deltaColumn = deltaColumnOf(body);
  if (deltaParam !== undefined && deltaColumn === undefined) {
    const param = requireObject(copyParams(body) ?? {}, "deltaColumn", "transformations[Copy].params.deltaColumn");
    requireString(param, "name", "transformations[Copy].params.deltaColumn.name");
  }
  if (schedule.frequency === "once" && deltaColumn !== undefined) throw Errors.deltaColumnWithOnce();
  checkTimezone(deltaParam);

  const mapping = transformation(body, "Mapping");
  let mappingId: string | undefined;
  let mappingVersion: number | undefined;
  if (mapping) {
    const params = isObject(mapping.params) ? mapping.params : {};
    mappingId = requireString(params, "mappingId", "transformations[Mapping].params.mappingId");
    mappingVersion = params.mappingVersion === undefined ? 0 : integerOf(params.mappingVersion, "transformations[Mapping].params.mappingVersion");
  }

  const partialIngestionPercent = partialIngestionOf(body.options);
  checkLabels(body.labels);
  return {
    name,
    description: optionalString(body, "description", "description"),
    sourceConnectionId,
    targetConnectionId,
    schedule,
    deltaColumn,
    mappingId,
    mappingVersion,
    partialIngestionPercent,
    ...webhooks(body.notifications, rules),
  };
}

