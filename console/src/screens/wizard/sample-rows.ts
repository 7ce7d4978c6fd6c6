/**
 * A sample row as the service's expression check reads it (it takes no column types): a
 * number column's value written as a JSON number of its exact digits (explore sends a BIGINT beyond
 * 2^53 and a DECIMAL as text), so the service types it as the run's column is typed, not as text.
 */
import type { Column, JsonSchema, TablePreview } from "../../api/flowservice";
import { ExactNumber } from "../../api/lossless-json";

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** explore describes a DECIMAL wider than a double as text, "decimal(p,s) as exact text" */
const DECIMAL_TEXT = /^decimal\(\d+,\s*\d+\)/i;

type Field = JsonSchema & { additionalProperties?: JsonSchema };

const isNumber = (field: Field | undefined) => field?.type === "integer" || field?.type === "number" || DECIMAL_TEXT.test(field?.description ?? "");

function typed(value: unknown, field: Field | undefined): unknown {
  if (typeof value === "string") return isNumber(field) && JSON_NUMBER.test(value) ? new ExactNumber(value) : value;
  if (Array.isArray(value)) return value.map((item) => typed(item, field?.items));
  if (value && typeof value === "object" && !(value instanceof ExactNumber)) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, typed(member, field?.properties?.[key] ?? field?.additionalProperties)]));
  }
  return value;
}

export function typedSampleRows(columns: Column[], rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const fields = new Map(columns.map((c) => [c.name, c.xdm]));
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, typed(value, fields.get(name))])));
}

/** The table preview as the service's mapping preview takes it: explore's rows as explore spells them, and the table's column types, which the service reads them by as a run does. */
export interface TableSample {
  columns: Array<{ name: string; type: string }>;
  rows: Array<Record<string, unknown>>;
}

export const tableSample = (preview: TablePreview): TableSample => ({ columns: preview.schema.columns.map(({ name, type }) => ({ name, type })), rows: preview.data ?? [] });
