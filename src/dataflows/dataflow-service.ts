/**
 * Dataflows (docs/api/dataflows.md): create, read, list, PATCH with If-Match, enable/disable, delete.
 * A flow is stored with its schedule in columns (the scheduler reads them) and its public
 * document as JSON; webhook secrets are sealed apart and never shown.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newFlowServiceId, sameEtag } from "../aep-conventions/etag.js";
import { applyPatch, parsePatch } from "../aep-conventions/json-patch.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { JsonText, ListResult } from "../aep-conventions/listing/page.js";
import { CRM_TO_AEP_FLOW_SPEC_ID, DATABRICKS_SPEC_ID, DATALAKE_SPEC_ID, SPEC_VERSION } from "../flowservice/specs/ids.js";
import { type Caller, type CallerSandbox, auditFields } from "../aep-conventions/caller.js";
import { toApiError } from "../flowservice/databricks-access.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { windowAt } from "./windows.js";
import { flowItem, flowItemText, operation } from "./flow-item.js";
import { withDeltaColumn, withoutDeltaColumn } from "./copy-delta-column.js";
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import type { FlowTable } from "../store/dataflows.table.js";
import { deleteFlowUnlessBusy, findFlow, findFlowWithLastRun, insertFlow, latestRunOfFlow, pageFlows, updateFlow, updateFlowAndReferences } from "../store/flows.repository.js";
import { firstUnfinishedWindow } from "../store/runs.repository.js";
import { refuseResyncWithoutWindow } from "./resync-without-window.js";
import { formatTablePath, parseTablePath } from "../databricks/sql.js";
import { describeColumns } from "../flowservice/explore.js";
import { hintingMisplacedTable } from "../flowservice/schema-hints.js";
import { sharedColumns, sharedTableName } from "../flowservice/sharing-explore.js";
import { DELTA_SHARING_SPEC_ID } from "../flowservice/specs/ids.js";
import { deltaColumnOf, type FlowDefinition, type FlowRules, parseFlowRequest, refuseUnknownCreateFields } from "./flow-request.js";
import type { WebhookPolicy } from "../security/allowed-hosts.js";
import { type FlowReferences, namedReferences, readsChangeFeed, referenceMissing, resolveReferences } from "./flow-references.js";
import { findResource } from "../store/resources.repository.js";
import {
  checkConnectionSpecs,
  checkDeltaColumn,
  checkDeltaColumnInTable,
  checkEditablePaths,
  mappingProblems,
  needsTableColumns,
  problemsOf,
  throwProblems,
  checkScheduleChange,
  constantMappingProblems,
  type TableColumn,
} from "./flow-checks.js";

const CLUSTER_HINT = "start it in Databricks before creating the dataflow; scheduled runs will start it themselves later";
const RUN_CLUSTER_HINT = "start it in Databricks before the run that names the flow's delta column, so that the column can be checked in the table; later runs start it themselves";
/** Where an on-demand run names its delta column (POST /runs). */
const RUN_DELTA_COLUMN_FIELD = "params.deltaColumn.name";
/** the ops of POST /flows/{id}/action */
const FLOW_OPERATIONS = ["enable", "disable", "resync"];

export interface DataflowSettings extends WebhookPolicy {
  startTimeToleranceSeconds: number;
  minMinuteInterval: number;
}

export class DataflowService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly connections: ConnectionService,
    private readonly settings: DataflowSettings,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly scheduleListeners: Array<() => void> = [];

  /**
   * `listener` hears of every flow created, patched, enabled or resynced: a worker of this process
   * sleeping until the next window end it knew of looks again, so a window already due (a `once`
   * flow, a backfill) or ending before that runs at once instead of at its next poll.
   */
  onScheduleChanged(listener: () => void): void {
    this.scheduleListeners.push(listener);
  }

  private scheduleChanged(): void {
    for (const listener of this.scheduleListeners) listener();
  }

  private rules(): FlowRules {
    return { now: this.now(), ...this.settings };
  }

  async create(caller: Caller, body: unknown): Promise<{ id: string; etag: string }> {
    refuseUnknownCreateFields(body);
    const definition = parseFlowRequest(body, this.rules());
    const references = await this.check(caller, definition);
    const id = newFlowServiceId();
    const now = this.now();
    const etag = newEtag(now);
    const secrets = webhookSecrets(definition);
    refuseUnsignedSecretSet(body as Json, secrets);
    const document = publicDocument(body as Json, caller, secrets, undefined, references);
    const missing = await insertFlow(
      this.store.db,
      this.store.capabilities,
      {
        id,
        ims_org_id: caller.imsOrgId,
        sandbox_name: caller.sandboxName,
        name: definition.name,
        state: "enabled",
        etag,
        body: JSON.stringify(document),
        start_time: definition.schedule.startTime,
        frequency: definition.schedule.frequency,
        interval: definition.schedule.interval,
        backfill: definition.schedule.backfill ? 1 : 0,
        scheduled_through: null,
        anchor_seq: null,
        anchor_time: null,
        secret: this.sealWebhookSecrets(id, secrets),
        created_at: now,
        updated_at: now,
      },
      namedReferences(references),
    );
    // deleted since the check above
    if (missing) throw referenceMissing(missing);
    this.scheduleChanged();
    return { id, etag };
  }

  async row(caller: Caller, id: string): Promise<FlowTable> {
    const row = await findFlow(this.store.db, caller, id);
    if (!row) throw Errors.resourceNotFound("flows", id);
    return row;
  }

  async get(caller: Caller, id: string): Promise<Json & { id: string }> {
    const row = await findFlowWithLastRun(this.store.db, caller, id);
    if (!row) throw Errors.resourceNotFound("flows", id);
    return flowItem(row);
  }

  async list(caller: Caller, query: ListQuery): Promise<ListResult<(Json & { id: string }) | JsonText>> {
    return pageFlows<(Json & { id: string }) | JsonText>(
      this.store.db,
      caller,
      query,
      async (rows) => rows.map(flowItem),
      async (rows) => rows.map(flowItemText),
    );
  }

  async patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown): Promise<{ id: string; etag: string }> {
    if (ifMatch === undefined || ifMatch.trim() === "") throw Errors.ifMatchMissing();
    const ops = parsePatch(body);
    const row = await this.row(caller, id);
    if (!sameEtag(ifMatch, row.etag)) throw ifMatch.trim() === "*" ? Errors.wildcardVersionRefused(row.etag) : Errors.versionMismatch(ifMatch, row.etag);
    checkEditablePaths(ops);
    const before = JSON.parse(row.body) as Json;
    const patched = applyPatch(structuredClone(before), ops) as Json;
    const started = Number(row.start_time) * 1000 <= this.now();
    checkScheduleChange(before, patched, started);
    const { after, validated } = keepingRunDeltaColumn(row, before, patched);
    const definition = this.parsePatched(before, validated, started);
    // a PATCH needs no running cluster, unless a new delta column can only be checked on the table
    const references = await this.check(caller, definition, { skipClusterCheck: true, deltaColumnChanged: definition.deltaColumn !== deltaColumnOf(before) });
    const secrets = webhookSecrets(definition, this.storedWebhookSecrets(row));
    refuseUnsignedSecretSet(after, secrets);
    const etag = await this.saveUpdate(caller, row, definition, publicDocument(after, caller, secrets, before), secrets, references);
    if (!etag) throw Errors.versionMismatch(ifMatch, (await this.row(caller, id)).etag);
    this.scheduleChanged();
    return { id, etag };
  }

  /** The patched flow, validated as a create would be, except that a started flow's start time may lie in the past. */
  private parsePatched(before: Json, after: Json, started: boolean): FlowDefinition {
    return parseFlowRequest(
      { ...after, flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID }, sourceConnectionIds: before.sourceConnectionIds, targetConnectionIds: before.targetConnectionIds },
      { ...this.rules(), startTimeToleranceSeconds: started ? Number.MAX_SAFE_INTEGER : this.settings.startTimeToleranceSeconds },
    );
  }

  /** Stores the patched flow and what it references if nobody changed it since `row` was read; its new etag, or undefined. */
  private async saveUpdate(
    caller: Caller,
    row: FlowTable,
    definition: FlowDefinition,
    document: Json,
    secrets: WebhookSecrets,
    references: FlowReferences,
  ): Promise<string | undefined> {
    const now = this.now();
    const etag = newEtag(now);
    const periodChanged = definition.schedule.frequency !== row.frequency || definition.schedule.interval !== row.interval;
    const anchor = periodChanged && row.scheduled_through !== null ? this.anchorOf(row) : undefined;
    const changes = {
      name: definition.name,
      etag,
      body: JSON.stringify({ ...document, lastOperation: operation("update", now) }),
      start_time: definition.schedule.startTime,
      frequency: definition.schedule.frequency,
      interval: definition.schedule.interval,
      backfill: definition.schedule.backfill ? 1 : 0,
      ...(anchor ? { anchor_seq: anchor.sequence, anchor_time: anchor.time } : {}),
      secret: this.sealWebhookSecrets(row.id, secrets),
      updated_at: now,
    };
    const outcome = await updateFlowAndReferences(this.store.db, this.store.capabilities, caller, row.id, row.etag, changes, namedReferences(references));
    // deleted since it was checked
    if (typeof outcome === "object") throw referenceMissing(outcome);
    return outcome === "saved" ? etag : undefined;
  }

  /**
   * POST /flows/{id}/action?op=enable|disable, and ours: op=resync, after which the next window of
   * a change-data-capture flow reads a full snapshot (the way out of a change-feed retention gap);
   * refused when the run it would start at could only fail (resync-without-window.ts).
   */
  async action(caller: Caller, id: string, op: string): Promise<{ id: string; etag: string }> {
    const kind = op.toLowerCase();
    if (!FLOW_OPERATIONS.includes(kind)) throw Errors.flowOperationUnsupported(op, FLOW_OPERATIONS);
    const row = await this.row(caller, id);
    const state = kind === "enable" ? "enabled" : kind === "disable" ? "disabled" : row.state;
    const now = this.now();
    const etag = newEtag(now);
    const document: Json = { ...(JSON.parse(row.body) as Json), lastOperation: operation(kind, now) };
    if (kind === "resync") {
      const resyncFrom = await this.firstUnfinishedSequence(row);
      await refuseResyncWithoutWindow(this.store.db, row, resyncFrom, await this.readsChangeFeed(caller, document));
      document.resyncFromSequence = resyncFrom;
    }
    const updated = await updateFlow(this.store.db, caller, id, row.etag, { state, etag, body: JSON.stringify(document), updated_at: now });
    if (!updated) return this.action(caller, id, op); // a concurrent change: apply on top of it
    this.scheduleChanged();
    return { id, etag };
  }

  /**
   * The flow's oldest window not yet ingested: a resync starts there (re-trigger it if it failed).
   * With every window ingested, the next one: after the last scheduled window and after the last
   * on-demand run, whose windows follow a `once` flow's one scheduled window.
   */
  private async firstUnfinishedSequence(row: FlowTable): Promise<number> {
    const pending = await firstUnfinishedWindow(this.store.db, row.id);
    if (pending !== undefined) return pending;
    const latest = await latestRunOfFlow(this.store.db, row.id);
    const taken = [row.scheduled_through, latest?.window_seq].filter((seq) => seq !== null && seq !== undefined).map(Number);
    return taken.length ? Math.max(...taken) + 1 : 0;
  }

  /** Refused while a worker runs one of the flow's windows: the run would commit rows and a batch for a flow that is gone. */
  async delete(caller: Caller, id: string): Promise<void> {
    const deletion = await deleteFlowUnlessBusy(this.store.db, this.store.capabilities, caller, id);
    if (deletion.outcome === "notFound") throw Errors.resourceNotFound("flows", id);
    if (deletion.outcome === "runInProgress") throw Errors.flowRunInProgress(id, deletion.runId);
  }

  /** The webhook targets of a flow, secrets opened: for the notifier only. */
  webhooksOf(row: FlowTable): Array<{ url: string; secret?: string; events?: string[] }> {
    const document = JSON.parse(row.body) as Json;
    const hooks = isObject(document.notifications) && Array.isArray(document.notifications.webhooks) ? document.notifications.webhooks : [];
    const secrets = this.storedWebhookSecrets(row);
    return hooks.filter(isObject).map((hook) => ({
      url: String(hook.url),
      secret: secrets[String(hook.url)],
      events: Array.isArray(hook.events) ? hook.events.map(String) : undefined,
    }));
  }

  private anchorOf(row: FlowTable): { sequence: number; time: number } {
    const sequence = Number(row.scheduled_through);
    const window = windowAt(
      {
        startTime: Number(row.start_time),
        frequency: row.frequency as never,
        interval: row.interval,
        backfill: Number(row.backfill) === 1,
        anchor: row.anchor_seq === null ? undefined : { sequence: Number(row.anchor_seq), time: Number(row.anchor_time) },
      },
      sequence,
    );
    return { sequence, time: window.end ?? window.dueAt };
  }

  private async check(
    caller: Caller,
    definition: FlowDefinition,
    options: { skipClusterCheck?: boolean; deltaColumnChanged?: boolean } = {},
  ): Promise<FlowReferences> {
    const references = await resolveReferences(this.store, this.connections, caller, definition);
    // a source connection that lists no columns, or one by its name alone: the mapping is checked
    // against the table itself, as a run will read it (creation needs the compute running anyway)
    const specProblems = problemsOf(() => checkConnectionSpecs(references));
    const describe = specProblems.length === 0 && !options.skipClusterCheck && needsTableColumns(references);
    if (describe) await this.checkClusterRunning(references);
    const tableColumns = describe ? await this.tableColumns(references) : [];
    throwProblems([
      ...specProblems,
      ...mappingProblems(definition, references, tableColumns),
      ...(await constantMappingProblems(definition, references)),
      ...problemsOf(() => checkDeltaColumn(definition, references)),
    ]);
    // the table tells the delta column's type (a source connection's listed types are not checked against it)
    if (definition.deltaColumn !== undefined && (options.deltaColumnChanged ?? true)) {
      await this.checkDeltaColumnOnWorkspace(definition.deltaColumn, references, { hint: CLUSTER_HINT }, describe ? tableColumns : undefined);
    } else if (!options.skipClusterCheck && !describe) await this.checkClusterRunning(references);
    return references;
  }

  /** Whether the flow's source connection reads its table's change data feed (cdcEnabled): its runs continue by version, not by a delta column. */
  async readsChangeFeed(scope: CallerSandbox, document: Json): Promise<boolean> {
    const id = Array.isArray(document.sourceConnectionIds) ? String(document.sourceConnectionIds[0]) : "";
    const source = await findResource(this.store.db, "sourceConnection", scope, id);
    return source !== undefined && readsChangeFeed(source);
  }

  /**
   * An on-demand run's new delta column (POST /runs, docs/api/runs.md), before anything is saved:
   * once accepted it is patched into the `once` flow's Copy transformation, so it is checked as a
   * recurring flow's is at creation: one of the columns the source connection lists, if any, and
   * in the table itself, of a type a window can bound.
   */
  async checkRunDeltaColumn(scope: CallerSandbox, document: Json, deltaColumn: string): Promise<void> {
    const references = await resolveReferences(this.store, this.connections, scope, {
      sourceConnectionId: Array.isArray(document.sourceConnectionIds) ? String(document.sourceConnectionIds[0]) : "",
      targetConnectionId: Array.isArray(document.targetConnectionIds) ? String(document.targetConnectionIds[0]) : "",
    });
    if (references.columns.length > 0 && !references.columns.includes(deltaColumn)) {
      throw Errors.paramValueInvalid(deltaColumn, RUN_DELTA_COLUMN_FIELD, `it is not a column of the flow's source connection ${references.source.id} (${references.columns.join(", ")})`);
    }
    return this.checkDeltaColumnOnWorkspace(deltaColumn, references, { field: RUN_DELTA_COLUMN_FIELD, hint: RUN_CLUSTER_HINT });
  }

  /** Looks for the delta column and its type in the source table (described on the running cluster, as source-connection validation does, unless `described` already is). */
  private async checkDeltaColumnOnWorkspace(
    deltaColumn: string,
    references: FlowReferences,
    where: { field?: string; hint: string } = { hint: CLUSTER_HINT },
    described?: TableColumn[],
  ): Promise<void> {
    const columns = described ?? (await this.tableColumns(references, where.hint));
    const table = references.auth.sharing ? references.tableName : formatTablePath(parseTablePath(references.tableName, references.auth)!, true);
    checkDeltaColumnInTable(deltaColumn, columns, table, where.field);
  }

  /** The source table's columns, described on the running cluster or warehouse, or by the sharing server. */
  private async tableColumns(references: FlowReferences, hint = CLUSTER_HINT): Promise<TableColumn[]> {
    if (references.auth.sharing) return sharedColumns(references.auth, sharedTableName(references.tableName, "params.tableName"));
    const table = parseTablePath(references.tableName, references.auth);
    if (!table) throw Errors.paramValueInvalid(references.tableName, "params.tableName", "It must be table, database.table or catalog.database.table");
    const { databricks } = this.connections;
    // a table whose schema is in another catalog (the connection's catalog changed since) is refused saying where it is
    return hintingMisplacedTable(databricks, references.auth, references.tableName, () => databricks.withSql(references.auth, { hint }, (sql) => describeColumns(sql, table)));
  }

  /** Creating a dataflow needs the cluster active and never starts it (scheduled runs will); a SQL warehouse is started. */
  private async checkClusterRunning(references: FlowReferences): Promise<void> {
    // a Delta Sharing source has no compute: the server is asked for the table instead (an expired profile is refused naming its expiry)
    if (references.auth.sharing) {
      await sharedColumns(references.auth, sharedTableName(references.tableName, "params.tableName"));
      return;
    }
    try {
      await this.connections.databricks.ensureRunning(references.auth, { hint: CLUSTER_HINT });
    } catch (error) {
      throw toApiError(error, references.auth);
    }
  }

  private storedWebhookSecrets(row: FlowTable): WebhookSecrets {
    return row.secret ? (JSON.parse(this.box.open(row.secret, row.id)) as WebhookSecrets) : {};
  }

  private sealWebhookSecrets(id: string, secrets: WebhookSecrets): string | null {
    return Object.keys(secrets).length > 0 ? this.box.seal(JSON.stringify(secrets), id) : null;
  }

}

/**
 * A `once` flow's delta column set by its first run stays the flow's across a PATCH: a patch that
 * drops it keeps it, one that names another is refused (SRC-1382). The flow is validated without
 * it, as the `once` flow it was created as.
 */
function keepingRunDeltaColumn(row: FlowTable, before: Json, patched: Json): { after: Json; validated: Json } {
  const runColumn = row.frequency === "once" ? deltaColumnOf(before) : undefined;
  const stillOnce = isObject(patched.scheduleParams) && patched.scheduleParams.frequency === "once";
  if (!runColumn || !stillOnce) return { after: patched, validated: patched };
  const given = deltaColumnOf(patched);
  if (given && given !== runColumn) throw Errors.runDeltaColumnMismatch(given, runColumn);
  return { after: withDeltaColumn(patched, runColumn), validated: withoutDeltaColumn(patched) };
}

/** A flow's webhook secrets by URL. */
type WebhookSecrets = Record<string, string>;

/** The secrets a flow keeps: each webhook's new one, else the one stored for its URL; a secret never follows a changed URL. */
function webhookSecrets(definition: FlowDefinition, stored: WebhookSecrets = {}): WebhookSecrets {
  const secrets: WebhookSecrets = {};
  for (const hook of definition.webhooks) {
    const secret = hook.secret ?? stored[hook.url];
    if (secret) secrets[hook.url] = secret;
  }
  return secrets;
}

const webhooksIn = (body: Json): Json[] => (isObject(body.notifications) && Array.isArray(body.notifications.webhooks) ? body.notifications.webhooks.filter(isObject) : []);

/**
 * `secretSet: true` (what GET shows of a signed webhook) on a URL with no secret stored for it, a new
 * or changed URL, would show as signed a webhook delivered unsigned: refused, naming `secret`.
 */
function refuseUnsignedSecretSet(body: Json, secrets: WebhookSecrets): void {
  webhooksIn(body).forEach((hook, i) => {
    if (hook.secretSet === true && !secrets[String(hook.url)]) {
      throw Errors.paramValueInvalid(
        "true",
        `notifications.webhooks[${i}].secretSet`,
        "No secret is stored for this webhook's URL (a secret stays with the URL it was given for, and is not sent to a new one). Send notifications.webhooks[].secret to sign deliveries to this URL, or leave secretSet out to have them sent unsigned",
      );
    }
  });
}

/** The flow as stored for display: what the client sent (secrets removed) plus audit and inherited attributes. */
function publicDocument(body: Json, caller: Caller, secrets: WebhookSecrets, previous?: Json, references?: FlowReferences): Json {
  const notifications = isObject(body.notifications)
    ? {
        ...body.notifications,
        // secretSet says whether deliveries to the URL are signed: whether a secret is stored for it
        webhooks: webhooksIn(body).map(({ secret: _secret, secretSet: _shown, ...hook }) => ({ ...hook, ...(secrets[String(hook.url)] ? { secretSet: true } : {}) })),
      }
    : undefined;
  const sourceConnectionIds = (previous?.sourceConnectionIds ?? body.sourceConnectionIds) as string[];
  const targetConnectionIds = (previous?.targetConnectionIds ?? body.targetConnectionIds) as string[];
  return {
    ...(previous ? { ...previous } : auditFields(caller)),
    ...(previous ? { updatedBy: `${caller.clientId}@AdobeID`, updatedClient: caller.clientId } : {}),
    name: body.name,
    description: body.description,
    flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: SPEC_VERSION },
    sourceConnectionIds,
    targetConnectionIds,
    inheritedAttributes: (previous?.inheritedAttributes as Json | undefined) ?? {
      sourceConnections: sourceConnectionIds.map((id) => ({
        id,
        connectionSpec: { id: references?.auth.sharing ? DELTA_SHARING_SPEC_ID : DATABRICKS_SPEC_ID, version: SPEC_VERSION },
        baseConnection: { id: references?.base.id, connectionSpec: { id: references?.auth.sharing ? DELTA_SHARING_SPEC_ID : DATABRICKS_SPEC_ID, version: SPEC_VERSION } },
      })),
      targetConnections: targetConnectionIds.map((id) => ({ id, connectionSpec: { id: DATALAKE_SPEC_ID, version: SPEC_VERSION } })),
      properties: { isSourceFlow: true },
    },
    transformations: body.transformations ?? [],
    scheduleParams: body.scheduleParams,
    ...(body.options !== undefined ? { options: body.options } : {}),
    ...(body.labels !== undefined ? { labels: body.labels } : {}),
    ...(notifications ? { notifications } : {}),
  };
}
