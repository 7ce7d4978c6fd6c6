/**
 * The key of a change-data-capture flow (docs/api/runs.md#change-data-capture): the source columns
 * that identify a row, and the dataset fields they are mapped to. Changes are netted per key within
 * a window, and a resync deletes the keys the dataset holds that the table no longer has, so a flow
 * without a key, or whose key never reaches the dataset, is refused at creation.
 *
 * The key is the source connection's `params.primaryKey` or, when it has none, the source column
 * the mapping set maps onto the schema's primary identity.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { isObject } from "../aep-conventions/request-body.js";
import type { MappingRule } from "../dataprep/mapping-sql.js";
import { type FlowReferences, mappingRules } from "./flow-references.js";

export interface ChangeKey {
  /** the source columns, as the table names them */
  columns: string[];
  /** for each column, the dataset field (dotted path) it is mapped to */
  datasetPaths: string[];
}

type KeyReferences = Pick<FlowReferences, "source" | "mappingSet" | "cdcEnabled"> & { primaryIdentityPath?: string };

/** The declared key columns of a source connection (`params.primaryKey`: a column or a list of them). */
export function declaredPrimaryKey(sourceParams: unknown): string[] {
  const value = isObject(sourceParams) ? sourceParams.primaryKey : undefined;
  if (typeof value === "string") return value === "" ? [] : [value];
  return Array.isArray(value) ? value.map(String) : [];
}

/** The flow's key, or why it has none; `mapping` is the flow's version of its mapping set. */
export function changeKeyOf(references: KeyReferences, mapping: readonly MappingRule[] = mappingRules(references.mappingSet)): ChangeKey | { problem: string } {
  const rules = mapping.filter((rule) => (rule.sourceType ?? "ATTRIBUTE") === "ATTRIBUTE");
  const declared = declaredPrimaryKey(references.source.document.params);
  const columns = declared.length > 0 ? declared : identityColumn(rules, references.primaryIdentityPath);
  if (columns.length === 0) {
    return {
      problem:
        `the source connection ${references.source.id} declares no params.primaryKey (the column or columns that identify a row)` +
        (references.primaryIdentityPath
          ? ` and the mapping set maps no source column onto the schema's primary identity ${references.primaryIdentityPath}`
          : " and the schema has no primary identity to take it from"),
    };
  }
  const datasetPaths: string[] = [];
  for (const column of columns) {
    const rule = rules.find((r) => r.sourceAttribute.toLowerCase() === column.toLowerCase() && !/[[\]]/.test(r.destinationXdmPath));
    if (!rule) return { problem: `the key column ${column} is not mapped onto a field of the dataset, so its rows cannot be found there; map it (for example onto _id)` };
    datasetPaths.push(rule.destinationXdmPath);
  }
  return { columns, datasetPaths };
}

/** Refuses a change-data-capture flow without a usable key, naming what is missing. */
export function checkChangeKey(references: KeyReferences, mapping?: readonly MappingRule[]): void {
  if (!references.cdcEnabled) return;
  const key = changeKeyOf(references, mapping);
  if ("problem" in key) throw Errors.changeKeyMissing(key.problem);
}

function identityColumn(rules: readonly MappingRule[], identityPath: string | undefined): string[] {
  const rule = identityPath ? rules.find((r) => r.destinationXdmPath === identityPath) : undefined;
  return rule ? [rule.sourceAttribute] : [];
}
