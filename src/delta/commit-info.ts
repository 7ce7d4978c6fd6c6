import { randomUUID } from "node:crypto";
import type { Snapshot } from "./types.js";

export const ENGINE_INFO = "databricks-source-delta/0.1.0";

export interface CommitInfoInput {
  operation: string;
  operationParameters: Record<string, unknown>;
  operationMetrics?: Record<string, number | string>;
  readVersion?: number;
  isBlindAppend: boolean;
  isolationLevel?: "Serializable" | "WriteSerializable";
  /** the snapshot the commit builds on; decides the in-commit timestamp when that feature is on */
  base?: Snapshot;
  /** a new table's properties (version 0 has no base): in-commit timestamps on from its first commit */
  created?: Record<string, string>;
  now?: number;
}

/**
 * commitInfo shaped like Spark's (DESCRIBE HISTORY reads it): operationParameters and operationMetrics
 * values are strings, as Spark writes them. With in-commit timestamps enabled, inCommitTimestamp is
 * strictly after the previous commit's and commitInfo must be the first action.
 */
export function buildCommitInfo(input: CommitInfoInput): Record<string, unknown> {
  const now = input.now ?? Date.now();
  const info: Record<string, unknown> = { timestamp: now };
  if (input.base && input.base.properties["delta.enableInCommitTimestamps"] === "true") {
    info.inCommitTimestamp = Math.max(now, input.base.timestamp + 1);
  } else if (input.created?.["delta.enableInCommitTimestamps"] === "true") {
    info.inCommitTimestamp = now;
  }
  info.operation = input.operation;
  info.operationParameters = input.operationParameters;
  if (input.readVersion !== undefined) info.readVersion = input.readVersion;
  info.isolationLevel = input.isolationLevel ?? "Serializable";
  info.isBlindAppend = input.isBlindAppend;
  info.operationMetrics = Object.fromEntries(Object.entries(input.operationMetrics ?? {}).map(([k, v]) => [k, String(v)]));
  info.engineInfo = ENGINE_INFO;
  info.txnId = randomUUID();
  return info;
}
