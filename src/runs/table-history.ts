/**
 * A table's DESCRIBE HISTORY read as commits: each version's operation with its parameters and
 * metrics (map columns: objects on a cluster, JSON text from a SQL warehouse).
 */
import type { JsonValue } from "../databricks/result-values.js";
import type { HistoryResult } from "./change-read.js";

export interface Commit {
  version: number;
  /** upper case, as Delta names it (RENAME COLUMN, RESTORE…) */
  operation: string;
  parameters: Record<string, JsonValue>;
  metrics: Record<string, JsonValue>;
}

/** The history's commits after `from` up to `to`, oldest first. */
export function commitsBetween(history: HistoryResult, from: number, to: number): Commit[] {
  const at = (name: string) => history.schema.findIndex((c) => c.name === name);
  const [version, operation, parameters, metrics] = [at("version"), at("operation"), at("operationParameters"), at("operationMetrics")];
  return history.rows
    .map((row) => ({
      version: Number(row[version]),
      operation: String(row[operation] ?? "").toUpperCase(),
      parameters: objectOf(row[parameters]),
      metrics: objectOf(row[metrics]),
    }))
    .filter((c) => c.version > from && c.version <= to)
    .sort((a, b) => a.version - b.version);
}

/** A map column's value as an object: itself, or its JSON text parsed; empty otherwise. */
function objectOf(value: JsonValue | undefined): Record<string, JsonValue> {
  const parsed = typeof value === "string" ? parsedJson(value) : value;
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
}

/** JSON text parsed, or undefined when it is not JSON. */
export function parsedJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
