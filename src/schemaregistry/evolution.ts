/**
 * What a change of a schema's resolved fields breaks (docs/api/schemaregistry.md#schema-evolution).
 * Once a dataset is built on a schema, its table holds rows of the fields as they were: only
 * additive changes keep them valid, as AEP allows. Breaking, for a field that existed before:
 * removing it (moving or renaming is a removal), changing its type, narrowing it (a smaller
 * integer type, becoming required, a tighter or new minimum, maximum (or their exclusive forms), minLength, maxLength,
 * pattern, format or enum). Allowed: new fields (required ones too), a required field becoming
 * optional, looser or removed constraints, a wider integer type, title and description changes.
 */
import type { ResolvedFields } from "./resolver.js";
import { INTEGER_RANGES, type IntegerXdmType, isObject, xdmTypeOf } from "./xdm-types.js";

type Json = Record<string, unknown>;

export interface BreakingChange {
  /** the field's dotted path (`_test.score`; `[*]` an array's items, `.*` a map's values) */
  path: string;
  /** what happens to it: "is removed", "changes type from long to string", … */
  change: string;
}

export function breakingChanges(before: ResolvedFields, after: ResolvedFields): BreakingChange[] {
  const changes: BreakingChange[] = [];
  compareFields(before.properties, after.properties, before.required, after.required, "", changes);
  return changes;
}

function compareFields(before: Json, after: Json, requiredBefore: readonly string[], requiredAfter: readonly string[], prefix: string, changes: BreakingChange[]): void {
  for (const [name, old] of Object.entries(before)) {
    if (!isObject(old)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const now = after[name];
    if (!isObject(now)) {
      changes.push({ path, change: "is removed" });
      continue;
    }
    if (!requiredBefore.includes(name) && requiredAfter.includes(name)) changes.push({ path, change: "becomes required" });
    compareField(old, now, path, changes);
  }
}

function compareField(old: Json, now: Json, path: string, changes: BreakingChange[]): void {
  const [oldType, newType] = [xdmTypeOf(old), xdmTypeOf(now)];
  if (kindOf(oldType) !== kindOf(newType)) {
    changes.push({ path, change: `changes type from ${oldType} to ${newType}` });
    return;
  }
  if (isInteger(oldType) && isInteger(newType) && rangeWidth(newType) < rangeWidth(oldType)) {
    changes.push({ path, change: `narrows from ${oldType} to ${newType}` });
  }
  for (const tightened of tightenedConstraints(old, now)) changes.push({ path, change: tightened });
  if (isObject(old.properties) && isObject(now.properties)) compareFields(old.properties, now.properties, requiredOf(old), requiredOf(now), path, changes);
  if (isObject(old.items) && isObject(now.items)) compareField(old.items, now.items, `${path}[*]`, changes);
  if (isObject(old.additionalProperties) && isObject(now.additionalProperties)) compareField(old.additionalProperties, now.additionalProperties, `${path}.*`, changes);
}

/** Integers of every size are one kind: a change between them is a narrowing or a widening. */
function kindOf(xdmType: string): string {
  return isInteger(xdmType) ? "integer" : xdmType;
}

function isInteger(xdmType: string): xdmType is IntegerXdmType {
  return Object.hasOwn(INTEGER_RANGES, xdmType);
}

function rangeWidth(xdmType: IntegerXdmType): number {
  const [low, high] = INTEGER_RANGES[xdmType];
  return high - low;
}

/** The constraints that accept fewer values now than before, each said as a change. */
function tightenedConstraints(old: Json, now: Json): string[] {
  const out: string[] = [];
  const bound = (keyword: string, tighter: (a: number, b: number) => boolean) => {
    const [was, is] = [old[keyword], now[keyword]];
    if (typeof is === "number" && (typeof was !== "number" || tighter(is, was))) out.push(`gets ${keyword} ${is} (was ${typeof was === "number" ? was : "none"})`);
  };
  bound("minimum", (is, was) => is > was);
  bound("maximum", (is, was) => is < was);
  bound("exclusiveMinimum", (is, was) => is > was);
  bound("exclusiveMaximum", (is, was) => is < was);
  bound("minLength", (is, was) => is > was);
  bound("maxLength", (is, was) => is < was);
  for (const keyword of ["pattern", "format"]) {
    const [was, is] = [old[keyword], now[keyword]];
    if (is !== undefined && is !== was) out.push(`gets ${keyword} ${JSON.stringify(is)} (was ${was === undefined ? "none" : JSON.stringify(was)})`);
  }
  if (Array.isArray(now.enum)) {
    if (!Array.isArray(old.enum)) out.push(`gets enum ${JSON.stringify(now.enum)} (was none)`);
    else {
      const dropped = old.enum.filter((value) => !(now.enum as unknown[]).includes(value));
      if (dropped.length > 0) out.push(`drops enum values ${JSON.stringify(dropped)}`);
    }
  }
  return out;
}

function requiredOf(field: Json): string[] {
  return Array.isArray(field.required) ? field.required.filter((n): n is string => typeof n === "string") : [];
}
