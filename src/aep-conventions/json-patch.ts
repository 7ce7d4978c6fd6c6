/**
 * JSON Patch (RFC 6902) as Flow Service takes it: `add`, `replace` and `remove`, with the op name
 * in any case (AEP's docs write "replace", its OpenAPI "REPLACE", aepp "Add"); other ops are
 * refused (FLOW-1434). Works on a copy; the caller decides which paths a resource lets a client
 * touch.
 */
import { Errors } from "./errors/catalogue.js";

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOp {
  op: PatchOpName;
  /** the pointer's tokens, unescaped */
  path: string[];
  pointer: string;
  value?: unknown;
}

const SUPPORTED = new Set<string>(["add", "replace", "remove"]);

export function parsePatch(body: unknown): PatchOp[] {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) throw Errors.bodyEmpty();
  if (!Array.isArray(body)) throw Errors.patchInvalid("the body must be an array of operations");
  return body.map((raw, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw Errors.patchInvalid(`operation ${i} is not an object`);
    const { op, path, value } = raw as Record<string, unknown>;
    if (typeof op !== "string") throw Errors.patchInvalid(`Missing field "op" in operation ${i}`);
    const name = op.toLowerCase();
    if (!SUPPORTED.has(name)) throw Errors.patchOpUnsupported(op);
    if (typeof path !== "string") throw Errors.patchInvalid(`Missing field "path" in operation ${i}`);
    if (path !== "" && !path.startsWith("/")) throw Errors.patchInvalid(`the path "${path}" is not a JSON pointer: it starts with a slash, as "/${path}"`);
    if (name !== "remove" && !("value" in (raw as object))) throw Errors.patchInvalid(`Missing field "value" in operation ${i}`);
    const tokens = path === "" ? [] : path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
    return { op: name as PatchOpName, path: tokens, pointer: path, value };
  });
}

export function applyPatch<T>(document: T, ops: readonly PatchOp[]): T {
  let result: unknown = structuredClone(document);
  for (const op of ops) result = applyOne(result, op);
  return result as T;
}

function applyOne(document: unknown, op: PatchOp): unknown {
  if (op.path.length === 0) {
    if (op.op === "remove") throw Errors.patchInvalid("the whole document cannot be removed");
    return structuredClone(op.value);
  }
  const parentTokens = op.path.slice(0, -1);
  const key = op.path[op.path.length - 1];
  let parent: unknown = document;
  for (const token of parentTokens) {
    parent = child(parent, token);
    if (parent === undefined) throw Errors.patchInvalid(`Missing field "${token}" (path ${op.pointer})`);
  }
  if (parent === null || typeof parent !== "object") throw Errors.patchInvalid(`the path ${op.pointer} does not lead into an object or array`);
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : arrayIndex(key, op.pointer);
    const exists = index < parent.length;
    if (op.op === "add") {
      if (index > parent.length) throw Errors.patchInvalid(`index ${key} is out of range (path ${op.pointer})`);
      parent.splice(index, 0, structuredClone(op.value));
    } else {
      if (!exists) throw Errors.patchInvalid(`Missing field "${key}" (path ${op.pointer})`);
      if (op.op === "remove") parent.splice(index, 1);
      else parent[index] = structuredClone(op.value);
    }
    return document;
  }
  const record = parent as Record<string, unknown>;
  if (op.op !== "add" && !Object.prototype.hasOwnProperty.call(record, key)) {
    // replace and remove need the field there (RFC 6902); add sets one that is not
    throw Errors.patchInvalid(`Missing field "${key}" (path ${op.pointer})${op.op === "replace" ? `: to set a field that is not there yet, use "op": "add"` : ""}`);
  }
  if (op.op === "remove") delete record[key];
  else record[key] = structuredClone(op.value);
  return document;
}

function child(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return /^(0|[1-9]\d*)$/.test(token) ? value[Number(token)] : undefined;
  if (value !== null && typeof value === "object" && Object.prototype.hasOwnProperty.call(value, token)) {
    return (value as Record<string, unknown>)[token];
  }
  return undefined;
}

function arrayIndex(token: string, pointer: string): number {
  if (!/^(0|[1-9]\d*)$/.test(token)) throw Errors.patchInvalid(`"${token}" is not an array index (path ${pointer})`);
  return Number(token);
}
