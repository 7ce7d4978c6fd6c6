/**
 * A flow as GET shows it (docs/api/flows.md): its stored document, with the row's state, version
 * and audit times, and its last finished run; as a document, or straight as JSON text for a page
 * of flows.
 */
import { JsonText } from "../aep-conventions/listing/page.js";
import type { Json } from "../aep-conventions/request-body.js";
import type { FlowWithLastRun } from "../store/flows.repository.js";

export function flowItem(row: FlowWithLastRun): Json & { id: string } {
  const document = JSON.parse(row.body) as Json;
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...document,
    state: row.state,
    version: row.etag,
    etag: row.etag,
    runs: `/runs?property=flowId==${row.id}`,
    lastOperation: document.lastOperation ?? operation("create", Number(row.created_at)),
    ...lastRunOf(row),
  };
}

/** What an operation on a flow (create, update, enable, …) left in its `lastOperation`. */
export function operation(kind: string, at: number) {
  return { started: at, updated: at, percentCompleted: 100, status: { value: "completed", errors: [] }, ops: [], operation: kind };
}

/** The keys `flowItem` sets around the stored document's: one of them in the document would move or take its value. */
const ITEM_KEYS = new Set(["id", "createdAt", "updatedAt", "state", "version", "etag", "runs", "lastOperation", "lastRunDetails", "__proto__"]);

/**
 * `JSON.stringify(flowItem(row))` without parsing the stored document: its text, which every
 * write of the flows table stores as JSON.stringify wrote it, goes between the item's own keys as
 * it is. A document whose top level has one of those keys, or an integer-like key (an object
 * lists those first), is built as a document instead. A page of 100 flows spent a sixth of its
 * CPU parsing and writing again what it had read (docs/benchmarks.md, List endpoints).
 */
export function flowItemText(row: FlowWithLastRun): JsonText {
  const keys = topLevelKeys(row.body);
  if (!keys || keys.some((key) => ITEM_KEYS.has(key) || /^\d+$/.test(key))) return new JsonText(row.id, JSON.stringify(flowItem(row)));
  const createdAt = Number(row.created_at);
  const head = JSON.stringify({ id: row.id, createdAt, updatedAt: Number(row.updated_at) });
  const tail = JSON.stringify({
    state: row.state,
    version: row.etag,
    etag: row.etag,
    runs: `/runs?property=flowId==${row.id}`,
    lastOperation: operation("create", createdAt),
    ...lastRunOf(row),
  });
  const document = keys.length === 0 ? "" : `${row.body.slice(1, -1)},`;
  return new JsonText(row.id, `${head.slice(0, -1)},${document}${tail.slice(1)}`);
}

function lastRunOf(row: FlowWithLastRun) {
  if (row.last_run_id === null) return {};
  return {
    lastRunDetails: {
      id: row.last_run_id,
      state: row.last_run_status,
      startedAtUTC: row.last_run_started_at === null ? null : Number(row.last_run_started_at),
      completedAtUTC: row.last_run_completed_at === null ? null : Number(row.last_run_completed_at),
    },
  };
}

/** The keys of a JSON object's top level, as written in its text; undefined when the text is no object. */
export function topLevelKeys(text: string): string[] | undefined {
  if (text[0] !== "{" || text[text.length - 1] !== "}") return undefined;
  const keys: string[] = [];
  let depth = 0;
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      for (i = start; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (i >= text.length) return undefined;
      if (depth === 1 && expectingKey) keys.push(text.slice(start, i));
      expectingKey = false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      expectingKey = c === OPEN_BRACE;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0 && i !== text.length - 1) return undefined;
    } else if (c === COMMA) {
      expectingKey = true;
    }
  }
  return depth === 0 ? keys : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
