/**
 * Source connections (docs/api/flowservice.md#source-connections): a table of a base connection's
 * workspace, checked for real. The table must exist (DESCRIBE TABLE), the listed columns must be
 * its columns, and cdcEnabled needs delta.enableChangeDataFeed = true on it (DESCRIBE DETAIL).
 * Like creation of the base connection, this needs the cluster RUNNING.
 */
import { describeDetail, formatTablePath, parseTablePath, readTableProperties } from "../databricks/sql.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { SPEC_VERSION, specVersionProblem } from "./specs/ids.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import { connectionAuth } from "./connections.js";
import type { DatabricksAccess } from "./databricks-access.js";
import { describeColumns } from "./explore.js";
import { checkSharedSource } from "./sharing-explore.js";
import { hintingMisplacedTable } from "./schema-hints.js";
import type { FlowResourceDefinition, FlowResourceService, Prepared } from "./flow-resource.js";
import { deepEqual, isObject, type Json, optionalBoolean, optionalObject, optionalString, requireObject, requireString } from "../aep-conventions/request-body.js";
import { kindOfValue } from "../aep-conventions/secret-properties.js";

const HINT = "start it in Databricks and try again (creating a source connection never starts a cluster)";

export function sourceConnectionDefinition(databricks: DatabricksAccess, connections: () => FlowResourceService): FlowResourceDefinition {
  return {
    kind: "sourceConnection",
    typeName: "sourceConnections",
    inUseName: "source connection",
    createFields: ["name", "description", "baseConnectionId", "connectionSpec", "data", "params"],
    editable: ["name", "description", "data", "params"],
    immutable: {
      connectionSpec: () => Errors.connectionSpecImmutable(),
      baseConnectionId: () => Errors.patchPathInvalid("/baseConnectionId"),
    },
    secretPaths: [],
    prepare: (caller, input, previous) => prepareSourceConnection(databricks, connections(), caller, input, previous),
    parent: { kind: "connection", missing: baseConnectionMissing },
  };
}

function baseConnectionMissing(scope: CallerSandbox, id: string) {
  return Errors.requestNotProcessed(`The base connection ${id} does not exist in sandbox ${scope.sandboxName}.`);
}

async function prepareSourceConnection(
  databricks: DatabricksAccess,
  connections: FlowResourceService,
  caller: Caller,
  input: Json,
  previous?: Json,
): Promise<Prepared> {
  const name = requireString(input, "name", "name");
  const description = optionalString(input, "description", "description");
  const baseConnectionId = requireString(input, "baseConnectionId", "baseConnectionId");
  const specRef = requireObject(input, "connectionSpec", "connectionSpec");
  const specId = requireString(specRef, "id", "connectionSpec.id");
  const specVersion = optionalString(specRef, "version", "connectionSpec.version");
  const data = optionalObject(input, "data", "data") ?? {};
  const format = optionalString(data, "format", "data.format") ?? "tabular";
  if (format.toLowerCase() !== "tabular") throw Errors.sourceFormatUnsupported(format);
  const params = requireObject(input, "params", "params");
  const tableName = optionalString(params, "tableName", "params.tableName");
  if (tableName === undefined || tableName.trim() === "") throw Errors.tableNameEmpty(name);
  const cdcEnabled = optionalBoolean(params, "cdcEnabled", "params.cdcEnabled");
  const columns = readColumns(params.columns);
  const primaryKey = readPrimaryKey(params.primaryKey);
  for (const key of Object.keys(params)) {
    if (!["tableName", "columns", "cdcEnabled", "primaryKey"].includes(key)) throw Errors.paramValueInvalid(key, `params.${key}`, "It is not a parameter of a Databricks source");
  }

  const base = await connections.record(caller, baseConnectionId).catch(() => {
    throw baseConnectionMissing(caller, baseConnectionId);
  });
  const baseSpec = base.document.connectionSpec as { id: string; version: string };
  if (specId !== baseSpec.id) {
    throw Errors.specInvalid(specId, `A source connection names the spec of its base connection ${baseConnectionId}, ${baseSpec.id}`);
  }
  if (specVersion !== undefined && specVersion !== SPEC_VERSION) throw Errors.specInvalid(specId, specVersionProblem(specVersion));
  const auth = connectionAuth(connections, base);
  const changed = !previous || !deepEqual(previous.params, input.params);
  if (auth.sharing) {
    if (changed) await checkSharedSource(auth, tableName, { columns, primaryKey, cdcEnabled });
  } else if (changed) {
    const table = parseTablePath(tableName, auth);
    if (!table) throw Errors.paramValueInvalid(tableName, "params.tableName", "It must be table, database.table or catalog.database.table");
    const checkTable = () => databricks.withSql(auth, { hint: HINT }, async (sql) => {
      const described = await describeColumns(sql, table);
      if (described.length === 0) throw Errors.noColumns(formatTablePath(table, true));
      const known = new Set(described.map((c) => c.name.toLowerCase()));
      for (const column of columns ?? []) {
        if (!known.has(column.name.toLowerCase())) {
          throw Errors.paramValueInvalid(column.name, "params.columns[].name", `Table ${formatTablePath(table, true)} has no such column`);
        }
      }
      for (const column of primaryKey ?? []) {
        if (!known.has(column.toLowerCase())) throw Errors.paramValueInvalid(column, "params.primaryKey", `Table ${formatTablePath(table, true)} has no such column`);
      }
      if (cdcEnabled) {
        const properties = readTableProperties(await sql.run(describeDetail(table)));
        if (properties["delta.enableChangeDataFeed"]?.toLowerCase() !== "true") {
          throw Errors.paramValueInvalid(
            "true",
            "params.cdcEnabled",
            `Table ${formatTablePath(table, true)} does not have delta.enableChangeDataFeed = true; set it with ALTER TABLE … SET TBLPROPERTIES`,
          );
        }
      }
    });
    await hintingMisplacedTable(databricks, auth, tableName, checkTable);
  }

  return {
    document: {
      name,
      ...(description !== undefined ? { description } : {}),
      baseConnectionId,
      state: "enabled",
      data: { ...data, format: "tabular" },
      params: { tableName, ...(columns ? { columns } : {}), ...(cdcEnabled !== undefined ? { cdcEnabled } : {}), ...(primaryKey ? { primaryKey } : {}) },
      connectionSpec: { id: specId, version: SPEC_VERSION },
      inheritedAttributes: { baseConnection: { id: baseConnectionId, connectionSpec: baseSpec } },
    },
    parentId: baseConnectionId,
  };
}

/** The columns that identify a row (a change-data flow's key): a column name or a list of them. */
function readPrimaryKey(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const names = typeof value === "string" ? [value] : value;
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== "string" || name === "")) {
    throw Errors.paramValueInvalid(JSON.stringify(value), "params.primaryKey", "It must be a column name or a non-empty list of column names");
  }
  return names as string[];
}

function readColumns(value: unknown): Array<Json & { name: string }> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw Errors.paramValueInvalid(kindOfValue(value), "params.columns", "It must be an array");
  return value.map((column, i) => {
    if (!isObject(column) || typeof column.name !== "string" || column.name === "") {
      throw Errors.paramValueInvalid(JSON.stringify(column), `params.columns[${i}]`, "Each column needs a name");
    }
    return column as Json & { name: string };
  });
}
