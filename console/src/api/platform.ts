/** Schema Registry, Catalog, Data Prep and the creations of the dataflow wizard. */
import { api, CRM_TO_AEP, DATALAKE_SPEC, FLOW_SERVICE } from "./client";
import type { Column, JsonSchema } from "./flowservice";
import type { Session } from "./session";
import { everyStartPage } from "./list-pages";

const REGISTRY = "/data/foundation/schemaregistry";
const ID_LIST = { Accept: "application/vnd.adobe.xed-id+json" };

export interface Summary {
  $id: string;
  title: string;
}

export interface FieldGroup extends Summary {
  "meta:intendedToExtend"?: string[];
}

export interface XdmField extends JsonSchema {
  "meta:xdmType"?: string;
  properties?: Record<string, XdmField>;
  items?: XdmField;
  required?: string[];
  /** a map's values (`identityMap`'s lists of identities) */
  additionalProperties?: XdmField | boolean;
}

export interface ResolvedSchema {
  $id: string;
  title: string;
  "meta:class"?: string;
  properties: Record<string, XdmField>;
  required?: string[];
  "meta:descriptors"?: Array<{ "@type": string; "xdm:sourceProperty"?: string; "xdm:namespace"?: string; "xdm:isPrimary"?: boolean }>;
}

export interface Dataset {
  id: string;
  name: string;
  schemaRef?: { id: string };
}

/** a Schema Registry list read whole, each page's `_page.next` the next one's start */
const registryList = <T>(session: Session, path: string, headers?: Record<string, string>) =>
  everyStartPage<{ results: T[]; _page?: { next?: string | null } }, T>(
    (page) => api(session, "GET", page, { headers }),
    path,
    (page) => page.results,
    (page) => page._page?.next,
  );

export const listTenantSchemas = (session: Session) => registryList<Summary>(session, `${REGISTRY}/tenant/schemas?limit=300`, ID_LIST);

export const listClasses = (session: Session) => registryList<Summary>(session, `${REGISTRY}/global/classes?limit=300`, ID_LIST);

/** Standard field groups whole: their meta:intendedToExtend says which classes they fit. */
export const listFieldGroups = (session: Session) =>
  registryList<FieldGroup>(session, `${REGISTRY}/global/fieldgroups?limit=300&properties=${encodeURIComponent("$id,title,meta:intendedToExtend")}`);

export const resolvedSchema = (session: Session, id: string) =>
  api<ResolvedSchema>(session, "GET", `${REGISTRY}/tenant/schemas/${encodeURIComponent(id)}`, { headers: { Accept: "application/vnd.adobe.xed-full-desc+json; version=1" } });

const schemaBody = (title: string, refs: string[], fields?: Record<string, XdmField>) => ({
  type: "object",
  title,
  allOf: refs.map((ref) => ({ $ref: ref })),
  // a preview's schema not yet created holds the fields its own field group will (a field group is made at Finish only)
  ...(fields ? { properties: fields } : {}),
});

/** The org's tenant id, whose namespace (`_<tenantId>`) holds its own fields. */
export const tenantId = async (session: Session) => (await api<{ tenantId: string }>(session, "GET", `${REGISTRY}/stats`)).tenantId;

export const createFieldGroup = (session: Session, body: object) => api<{ $id: string }>(session, "POST", `${REGISTRY}/tenant/fieldgroups`, { body });

export const replaceFieldGroup = (session: Session, id: string, body: object) => api<{ $id: string }>(session, "PUT", `${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(id)}`, { body });

export const createSchema = (session: Session, title: string, refs: string[]) => api<{ $id: string }>(session, "POST", `${REGISTRY}/tenant/schemas`, { body: schemaBody(title, refs) });

/** PUT: the schema becomes the one these class and field groups make, under the same $id. */
export const replaceSchema = (session: Session, id: string, title: string, refs: string[]) =>
  api<{ $id: string }>(session, "PUT", `${REGISTRY}/tenant/schemas/${encodeURIComponent(id)}`, { body: schemaBody(title, refs) });

export const deleteSchema = (session: Session, id: string) => api<void>(session, "DELETE", `${REGISTRY}/tenant/schemas/${encodeURIComponent(id)}`);

/** the most datasets the Catalog answers in one page */
const DATASETS_PAGE = 100;

/** every dataset of the sandbox, newest first, page after page: the Catalog's `start` is an offset, and a short page the last */
export const listDatasets = (session: Session): Promise<Dataset[]> =>
  everyStartPage<Record<string, Omit<Dataset, "id">>, Dataset>(
    (page) => api(session, "GET", page),
    `/data/foundation/catalog/dataSets?limit=${DATASETS_PAGE}&orderBy=desc:created`,
    (page) => Object.entries(page).map(([id, dataset]) => ({ ...dataset, id })),
    (page, readSoFar) => (Object.keys(page).length < DATASETS_PAGE ? null : String(readSoFar)),
  );

export async function createDataset(session: Session, name: string, schemaId: string): Promise<string> {
  const answer = await api<string[]>(session, "POST", "/data/foundation/catalog/dataSets", {
    body: { name, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } },
  });
  return answer[0].replace("@/dataSets/", "");
}

export const deleteDataset = (session: Session, id: string) => api<string[]>(session, "DELETE", `/data/foundation/catalog/dataSets/${encodeURIComponent(id)}`);

export interface MappingRow {
  destination: string;
  /** a source column path, or an expression when calculated */
  source: string;
  calculated: boolean;
}

/** A mapping's target: a schema that exists, or (for a preview only) the class and field groups of one Finish will create. */
export type TargetSchema = { schemaId: string } | { newSchema: { title: string; refs: string[]; fields?: Record<string, XdmField> } };

const mappingSetBody = (target: TargetSchema, mappings: MappingRow[]) => ({
  version: 0,
  ...("schemaId" in target ? { xdmSchema: target.schemaId } : { outputSchema: { schema: schemaBody(target.newSchema.title, target.newSchema.refs, target.newSchema.fields) } }),
  xdmVersion: "1.0",
  mappings: mappings.map((m) => ({ destinationXdmPath: m.destination, sourceAttribute: m.source, sourceType: m.calculated ? "EXPRESSION" : "ATTRIBUTE" })),
});

export const createMappingSet = (session: Session, schemaId: string, mappings: MappingRow[]) =>
  api<{ id: string; version: number }>(session, "POST", "/data/foundation/conversion/mappingSets", { body: mappingSetBody({ schemaId }, mappings) });

export const deleteMappingSet = (session: Session, id: string) => api<void>(session, "DELETE", `/data/foundation/conversion/mappingSets/${encodeURIComponent(id)}`);

/** One sample row as the wizard shows it: the row as the dataset would store it (numbers exact; a field without a value absent), or null and its row errors. */
export interface PreviewedRow {
  data: Record<string, unknown> | null;
  errors: string[];
}

/** A row as POST /mappingSets/preview answers it (AEP's shape): errors null when there are none, else AEP's TransformErrorInfo objects. */
interface AnsweredRow {
  data: Record<string, unknown> | null;
  errors: Array<{ exception: string }> | null;
}

export const MAPPING_SET_PREVIEW = "/data/foundation/conversion/mappingSets/preview";

/** The preview's answer as the wizard reads it: each row's errors as their messages. */
const previewedRows = (answer: AnsweredRow[]): PreviewedRow[] => answer.map((row) => ({ data: row.data, errors: (row.errors ?? []).map((error) => error.exception) }));

/** The mappings applied to sample rows by the plan a run uses, nothing saved (POST /mappingSets/preview). */
/** `columns`: the sample's column types, by which the service reads the rows (values as explore spells them) as a run reads its table. */
export const previewMappingSet = async (session: Session, target: TargetSchema, mappings: MappingRow[], columns: Array<{ name: string; type: string }>, rows: Array<Record<string, unknown>>) =>
  previewedRows(await api<AnsweredRow[]>(session, "POST", MAPPING_SET_PREVIEW, { body: { mappingSet: mappingSetBody(target, mappings), columns, data: rows }, exact: true }));

export const createSourceConnection = (session: Session, connectionSpecId: string, connectionId: string, table: string, columns: Column[]) =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/sourceConnections`, {
    body: {
      name: table,
      baseConnectionId: connectionId,
      data: { format: "tabular" },
      params: { tableName: table, columns: columns.map((c) => ({ name: c.name, type: c.type })) },
      connectionSpec: { id: connectionSpecId, version: "1.0" },
    },
  });

export const createTargetConnection = (session: Session, name: string, dataSetId: string, schemaId: string) =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/targetConnections`, {
    body: {
      name,
      data: { schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
      params: { dataSetId },
      connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
    },
  });

export interface Schedule {
  frequency: "once" | "minute" | "hour" | "day" | "week";
  interval: number;
  startTime: number;
  backfill: boolean;
  deltaColumn?: string;
}

export function createFlow(
  session: Session,
  flow: { name: string; description?: string; sourceId: string; targetId: string; mappingId: string; schedule: Schedule; partialIngestionPercent?: number },
) {
  const { schedule } = flow;
  const once = schedule.frequency === "once";
  return api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/flows`, {
    body: {
      name: flow.name,
      description: flow.description || undefined,
      flowSpec: { id: CRM_TO_AEP, version: "1.0" },
      sourceConnectionIds: [flow.sourceId],
      targetConnectionIds: [flow.targetId],
      transformations: [
        ...(!once && schedule.deltaColumn ? [{ name: "Copy", params: { deltaColumn: { name: schedule.deltaColumn, dateFormat: "YYYY-MM-DD", timezone: "UTC" } } }] : []),
        { name: "Mapping", params: { mappingId: flow.mappingId, mappingVersion: 0 } },
      ],
      scheduleParams: once
        ? { startTime: String(schedule.startTime), frequency: "once" }
        : { startTime: String(schedule.startTime), frequency: schedule.frequency, interval: String(schedule.interval), backfill: String(schedule.backfill) },
      ...(flow.partialIngestionPercent !== undefined ? { options: { partialIngestionPercent: flow.partialIngestionPercent } } : {}),
    },
  });
}

/** One function of the expression language, as GET …/languages/el/functions lists it. */
export interface ExpressionFunction {
  category: string;
  function: string;
  aliases?: string[];
  description: string;
  syntax: string;
  example?: string;
}

export const EXPRESSION_FUNCTIONS = "/data/foundation/conversion/languages/el/functions";

export const listExpressionFunctions = (session: Session) => api<ExpressionFunction[]>(session, "GET", EXPRESSION_FUNCTIONS);

/** The expression check; its `result` with its numbers as the service wrote them (ExactNumber): a DECIMAL's `2.50` keeps its scale. */
export const validateExpression = (session: Session, expression: string, sampleData?: Record<string, unknown>) =>
  api<{ valid: boolean; resultType?: string; result?: unknown }>(session, "POST", "/data/foundation/conversion/languages/el/validate", {
    body: { expression, ...(sampleData ? { sampleData, sampleDataType: "json" } : {}) },
    exact: true,
  });

export const deleteTargetConnection = (session: Session, id: string) => api<void>(session, "DELETE", `${FLOW_SERVICE}/targetConnections/${encodeURIComponent(id)}`);

/** A mapping set as GET answers it (one version), as much as the console reads of it. */
export interface MappingSet {
  id: string;
  version: number;
  xdmSchema?: string;
  outputSchema?: { schemaRef?: { id?: string } };
  mappings: Array<{ destinationXdmPath: string; sourceAttribute: string; sourceType?: string }>;
}

export const getMappingSet = (session: Session, id: string, version: number) =>
  api<MappingSet>(session, "GET", `/data/foundation/conversion/mappingSets/${encodeURIComponent(id)}?version=${version}`);

/** The mappings as the mapping set's next version (PUT): earlier versions stay, and each dataflow keeps the version it names. */
export const replaceMappingSet = (session: Session, id: string, schemaId: string, mappings: MappingRow[]) =>
  api<MappingSet>(session, "PUT", `/data/foundation/conversion/mappingSets/${encodeURIComponent(id)}`, { body: mappingSetBody({ schemaId }, mappings) });

/** A mapping set's mappings as the wizard's rows: an EXPRESSION one is a calculated field. */
export const mappingRowsOf = (set: MappingSet): MappingRow[] =>
  set.mappings.map((m) => ({ destination: m.destinationXdmPath, source: m.sourceAttribute, calculated: m.sourceType?.toUpperCase() === "EXPRESSION" }));
