/**
 * A mapped sample row as AEP's POST /mappingSets/preview answers it: `data` holds only the fields
 * that hold a value (null for a failed row), `errors` is null when there are none, else AEP's
 * TransformErrorInfo objects: the row error as `exception`, and the mapping whose destination it
 * names (its destination, source and sourceType) when one does.
 */
import type { MappingRule } from "./mapping-types.js";
import type { PreviewRow } from "./preview.js";

export interface RowError {
  destination?: string;
  source?: string;
  sourceType?: string;
  exception: string;
}

export interface PreviewAnswerRow {
  data: Record<string, unknown> | null;
  errors: RowError[] | null;
}

export function previewAnswer(rows: readonly PreviewRow[], rules: readonly MappingRule[]): PreviewAnswerRow[] {
  return rows.map((row) => ({
    data: row.data === null ? null : ((valued(row.data) as Record<string, unknown> | undefined) ?? {}),
    errors: row.errors.length === 0 ? null : row.errors.map((exception) => rowError(exception, rules)),
  }));
}

/**
 * The value without its members that hold none: a null member, or an object left with no member,
 * is left out. An array keeps its elements' places (a null element stays).
 */
function valued(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((element) => valued(element) ?? null);
  if (typeof value !== "object") return value;
  // fromEntries: a member named "__proto__" stays a member
  const members = Object.entries(value).flatMap(([key, member]) => {
    const kept = valued(member);
    return kept === undefined ? [] : [[key, kept] as const];
  });
  return members.length === 0 ? undefined : Object.fromEntries(members);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The row error with the mapping it names after "for" (the longest such destination: person.name.first, not person.name), or the
 * mapping of the object it lies in (addr.geo.lat of an object mapped whole to addr).
 */
function rowError(exception: string, rules: readonly MappingRule[]): RowError {
  const named = rules
    .filter((rule) => new RegExp(` for ${escaped(rule.destinationXdmPath)}(?=[\\s:,;)"'.[]|$)`).test(exception))
    .sort((a, b) => b.destinationXdmPath.length - a.destinationXdmPath.length)[0];
  if (!named) return { exception };
  return { destination: named.destinationXdmPath, source: named.sourceAttribute, sourceType: named.sourceType ?? "ATTRIBUTE", exception };
}
