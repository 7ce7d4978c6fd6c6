/**
 * What a flow must satisfy beyond its own body (docs/api/dataflows.md): the connections it names
 * are of the right specs, its mapping set fits its dataset and source, its delta column exists,
 * and a PATCH of a started flow leaves its start, frequency and backfill alone.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { PatchOp } from "../aep-conventions/json-patch.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { parseDdlType, simpleString, type SparkType, SparkTypeError, stagedDuckDbType } from "../databricks/spark-types.js";
import { MappingError, type MappingRule, planMapping } from "../dataprep/mapping-sql.js";
import { attributeColumn, attributeColumnPath, missingSourceAdvice, sourceColumnPaths } from "../dataprep/mappings.js";
import { latestVersion, mappingSetVersion } from "../dataprep/mapping-set-versions.js";
import { constantProblems } from "../dataprep/constant-mappings.js";
import { DATABRICKS_SPEC_ID, DATALAKE_SPEC_ID, DELTA_SHARING_SPEC_ID } from "../flowservice/specs/ids.js";
import type { FlowDefinition } from "./flow-request.js";
import { CHANGE_FEED_HAS_NO_DELTA_COLUMN, type FlowReferences, mappingRules } from "./flow-references.js";
import { checkChangeKey } from "./change-key.js";

/** Top-level fields a PATCH may change: name, description, schedule, transformations, labels, options, notifications. */
const EDITABLE = ["name", "description", "scheduleParams", "transformations", "labels", "options", "notifications"];

export function checkConnectionSpecs(references: FlowReferences): void {
  const sourceSpec = references.source.document.connectionSpec;
  if (isObject(sourceSpec) && sourceSpec.id !== DATABRICKS_SPEC_ID && sourceSpec.id !== DELTA_SHARING_SPEC_ID) {
    throw Errors.paramValueInvalid(references.source.id, "sourceConnectionIds", "the source connection is not a Databricks or Delta Sharing connection");
  }
  const targetSpec = references.target.document.connectionSpec;
  if (isObject(targetSpec) && targetSpec.id !== DATALAKE_SPEC_ID) throw Errors.targetSpecInvalid(references.target.id);
}

/**
 * Everything wrong with the flow's mapping set, all at once: its version and schema, the fields it
 * targets, what it reads of the source, and any mapping that can never convert the source's type.
 * The source's columns are those its connection lists, else `tableColumns` (the table as described).
 */
export function mappingProblems(definition: FlowDefinition, references: FlowReferences, tableColumns: readonly TableColumn[] = []): ApiError[] {
  if (!references.mappingSet) return [Errors.mappingTransformationMissing()];
  const problems: ApiError[] = [];
  const version = mappingSetVersion(references.mappingSet.document, definition.mappingVersion ?? 0);
  if (!version) {
    const latest = Number(latestVersion(references.mappingSet.document).version ?? 0);
    return [Errors.mappingVersionInvalid(String(definition.mappingVersion), references.mappingSet.id, latest)];
  }
  const rules = mappingRules(references.mappingSet, definition.mappingVersion);
  const mappingSchema = String(version.xdmSchema ?? "");
  if (mappingSchema !== references.schemaId) return [...problems, Errors.mappingSchemaMismatch(mappingSchema, references.schemaId)];
  problems.push(...mappedFieldProblems(rules, references));
  // a mapping set names no source of its own (AEP's body has none): check it against this flow's
  const listed = sourceColumnsOf(references);
  const described = tableColumns.map((c) => ({ name: c.name, stagedType: stagedOf(c.type) }));
  // a column listed by its name alone is read as the table describes it (tableColumns: needsTableColumns)
  const typeInTable = (column: DeclaredColumn) => (column.xdm === undefined && column.stagedType === undefined ? (described.find((c) => c.name === column.name) ?? column) : column);
  const columns: DeclaredColumn[] = listed.length > 0 ? listed.map(typeInTable) : described;
  if (columns.length === 0) return problems;
  const paths = sourceColumnPaths(columns.map((c) => ({ name: c.name, xdm: c.xdm })));
  // a column declared without its XDM field: the plan below checks the members a path reads in it, by its type (a run does when it is not known)
  const withoutXdm = new Set(columns.filter((c) => c.xdm === undefined).map((c) => c.name));
  const unread = rules.filter(
    (rule) =>
      (rule.sourceType ?? "ATTRIBUTE") === "ATTRIBUTE" && !paths.has(attributeColumnPath(rule.sourceAttribute)) && !withoutXdm.has(attributeColumn(rule.sourceAttribute)),
  );
  for (const rule of unread) {
    const source = listed.length > 0 ? "the source connection" : `the table ${references.tableName} (its columns: ${columns.map((c) => c.name).join(", ")})`;
    const advice = missingSourceAdvice(rule.sourceAttribute, columns, paths);
    problems.push(Errors.paramValueInvalid(rule.sourceAttribute, "transformations[Mapping]", `the mapping set reads an attribute that is not a column of ${source}${advice ? `; ${advice}` : ""}`));
  }
  if (unread.length === 0 && problems.length === 0) problems.push(...conversionProblems(rules, references, columns));
  return problems;
}

/**
 * STATIC mappings whose constant never fits its field in the dataset's schema: every row of every
 * run would fail. Mapping sets are refused such constants when saved; this catches one saved before.
 */
export async function constantMappingProblems(definition: FlowDefinition, references: FlowReferences): Promise<ApiError[]> {
  if (!references.mappingSet || !mappingSetVersion(references.mappingSet.document, definition.mappingVersion ?? 0)) return [];
  const problems = await constantProblems(mappingRules(references.mappingSet, definition.mappingVersion), { properties: references.datasetSchema.properties ?? {} });
  return problems.map((problem) => Errors.mappingNeverConverts(problem));
}

/** Whether the mapping is checked against the table as described: the source connection lists no columns, or one by its name alone. */
export function needsTableColumns(references: FlowReferences): boolean {
  const listed = sourceColumnsOf(references);
  return listed.length === 0 || listed.some((c) => c.xdm === undefined && c.stagedType === undefined);
}

interface DeclaredColumn {
  name: string;
  xdm?: unknown;
  /** DuckDB type of the staged column, when the source connection gives its Spark type */
  stagedType?: string;
}

function sourceColumnsOf(references: FlowReferences): DeclaredColumn[] {
  const params = isObject(references.source.document.params) ? references.source.document.params : {};
  if (!Array.isArray(params.columns)) return [];
  return params.columns.filter(isObject).map((c) => ({ name: String(c.name), xdm: c.xdm, stagedType: stagedTypeOf(c.type) }));
}

/** A column of the source table as the workspace or the sharing server describes it. */
export interface TableColumn {
  name: string;
  type: SparkType;
}

function stagedTypeOf(declared: unknown): string | undefined {
  return typeof declared === "string" ? stagedOf(() => parseDdlType(declared)) : undefined;
}

/** DuckDB type of the column as a run stages it, undefined for a type that cannot be read or staged */
function stagedOf(type: SparkType | (() => SparkType)): string | undefined {
  try {
    return stagedDuckDbType(typeof type === "function" ? type() : type);
  } catch (error) {
    if (error instanceof SparkTypeError) return undefined;
    throw error;
  }
}

/** The mapping planned against the source's declared column types: what can never convert is refused now, not at every run. */
function conversionProblems(rules: readonly MappingRule[], references: FlowReferences, columns: readonly DeclaredColumn[]): ApiError[] {
  if (columns.some((c) => c.stagedType === undefined)) return [];
  try {
    planMapping(rules, references.datasetSchema, columns.map((c) => ({ name: c.name, type: c.stagedType! })));
    return [];
  } catch (error) {
    if (error instanceof MappingError) return [Errors.mappingNeverConverts(error.message)];
    throw error;
  }
}

/**
 * The mapping set against the dataset's resolved schema: every field each row must hold (required
 * by the schema, of every ExperienceEvent, the primary identity of a Profile-enabled dataset) is
 * mapped, itself or an object holding it; a field required within an optional object, once the
 * mapping set maps something into that object.
 */
function mappedFieldProblems(rules: readonly MappingRule[], references: FlowReferences): ApiError[] {
  const problems: ApiError[] = [];
  const destinations = rules.map((rule) => rule.destinationXdmPath);
  const reached = (path: string) => destinations.some((d) => d === path || path.startsWith(`${d}.`));
  // a field required within an optional object is needed once something is mapped into that object
  const needed = (within: string | undefined) => within === undefined || destinations.some((d) => d.startsWith(`${within}.`));
  const missingByReason = new Map<string, string[]>();
  for (const field of references.datasetSchema.requiredFields ?? []) {
    if (!reached(field.path) && needed(field.within)) missingByReason.set(field.reason, [...(missingByReason.get(field.reason) ?? []), field.path]);
  }
  for (const [reason, paths] of missingByReason) problems.push(Errors.mappingRequiredFieldsMissing(paths, reason));
  return problems;
}

/** One problem is answered as itself, several as one answer listing each. */
export function throwProblems(problems: readonly ApiError[]): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw Errors.severalProblems(problems);
}

/** Runs each check, keeping what it refuses, so a request learns all its problems in one answer. */
export function problemsOf(...checks: Array<() => void>): ApiError[] {
  return checks.flatMap((check) => {
    try {
      check();
      return [];
    } catch (error) {
      if (error instanceof ApiError) return [error];
      throw error;
    }
  });
}

export function checkDeltaColumn(definition: FlowDefinition, references: FlowReferences): void {
  checkChangeKey(references, mappingRules(references.mappingSet, definition.mappingVersion));
  if (definition.schedule.frequency !== "once" && !references.cdcEnabled && !definition.deltaColumn) throw Errors.deltaColumnRequired();
  if (references.cdcEnabled && definition.deltaColumn) throw Errors.paramValueInvalid(definition.deltaColumn, "transformations[Copy].params.deltaColumn.name", CHANGE_FEED_HAS_NO_DELTA_COLUMN);
  if (definition.deltaColumn && references.columns.length > 0 && !references.columns.includes(definition.deltaColumn)) {
    throw Errors.paramValueInvalid(definition.deltaColumn, "transformations[Copy].params.deltaColumn.name", "it is not a column of the source connection");
  }
}

/** The types a run can compare with its window's bounds (TIMESTAMP literals): any other fails every run. */
const DELTA_COLUMN_TYPES: readonly string[] = ["timestamp", "timestamp_ntz", "date"];

/**
 * The delta column as the table has it: a column of it (Spark resolves column names without regard
 * to case, and so does this check) whose type a run can compare with its window's bounds. The
 * table is the authority: a source connection's listed types are not checked against it.
 */
export function checkDeltaColumnInTable(
  deltaColumn: string,
  tableColumns: readonly TableColumn[],
  tablePath: string,
  field = "transformations[Copy].params.deltaColumn.name",
): void {
  const column = tableColumns.find((c) => c.name.toLowerCase() === deltaColumn.toLowerCase());
  if (!column) {
    throw Errors.paramValueInvalid(deltaColumn, field, `it is not a column of table ${tablePath} (${tableColumns.map((c) => c.name).join(", ")})`);
  }
  if (column.type.kind !== "primitive" || !DELTA_COLUMN_TYPES.includes(column.type.name)) {
    throw Errors.paramValueInvalid(
      deltaColumn,
      field,
      `the column ${column.name} of table ${tablePath} is of type ${simpleString(column.type)}, and a delta column must be of type ${DELTA_COLUMN_TYPES.join(", ")}: each run reads the rows whose delta column lies in its time window`,
    );
  }
}

export function checkEditablePaths(ops: readonly PatchOp[]): void {
  for (const op of ops) {
    if (!op.path[0] || !EDITABLE.includes(op.path[0])) throw Errors.patchPathInvalid(op.pointer || "/", EDITABLE);
  }
}

/** Once a flow has started, its start time and backfill stay, and it cannot become a one-time flow. */
export function checkScheduleChange(before: Json, after: Json, started: boolean): void {
  if (!started) return;
  const was = before.scheduleParams as Json;
  const now = isObject(after.scheduleParams) ? after.scheduleParams : {};
  if (String(now.startTime) !== String(was.startTime)) throw Errors.startTimePassedNoUpdate();
  if (String(now.frequency).toLowerCase() === "once" && String(was.frequency).toLowerCase() !== "once") throw Errors.frequencyToOnceAfterStart();
  if (String(now.backfill ?? true) !== String(was.backfill ?? true)) throw Errors.backfillAfterStart();
}
