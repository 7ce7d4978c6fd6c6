/**
 * Type widening (the typeWidening feature, on where `delta.enableTypeWidening` is true): a column's type changed to a wider one,
 * every value of the old type being one of the new, recorded in the field's `delta.typeChanges` ({fromType, toType} per change).
 * Files written before keep the old type; readers cast them to the table's (snapshot-scan.ts). The changes Delta allows: a wider
 * integer, an integer to DOUBLE or to a DECIMAL with room for its digits, FLOAT to DOUBLE, a DECIMAL to one with as many digits
 * before and after the point at least, DATE to TIMESTAMP_NTZ.
 */
import type { DeltaType, StructField } from "./types.js";

export const TYPE_CHANGES = "delta.typeChanges";

/** decimal digits an integer type's values need */
const INTEGER_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 20 };
const INTEGER_WIDTHS: Record<string, number> = { byte: 1, short: 2, integer: 4, long: 8 };

const decimal = (t: DeltaType) => (typeof t === "string" ? /^decimal\((\d+),\s*(\d+)\)$/.exec(t) : null);

/** whether Delta's type widening takes a column from `from` to `to` */
export function canWiden(from: DeltaType, to: DeltaType): boolean {
  if (typeof from !== "string" || typeof to !== "string" || from === to) return false;
  const [fromWidth, toWidth] = [INTEGER_WIDTHS[from], INTEGER_WIDTHS[to]];
  if (fromWidth !== undefined && toWidth !== undefined) return toWidth > fromWidth;
  if (fromWidth !== undefined && to === "double") return from !== "long";
  const target = decimal(to);
  if (fromWidth !== undefined && target) return Number(target[1]) - Number(target[2]) >= INTEGER_DIGITS[from];
  const source = decimal(from);
  if (source && target) {
    const [p, s, p2, s2] = [source[1], source[2], target[1], target[2]].map(Number);
    return s2 >= s && p2 - s2 >= p - s && (p2 > p || s2 > s);
  }
  return (from === "float" && to === "double") || (from === "date" && to === "timestamp_ntz");
}

/** the field with its type widened and the change recorded after the ones before it */
export function widened(field: StructField, to: DeltaType): StructField {
  const changes = Array.isArray(field.metadata?.[TYPE_CHANGES]) ? (field.metadata[TYPE_CHANGES] as unknown[]) : [];
  return { ...field, type: to, metadata: { ...field.metadata, [TYPE_CHANGES]: [...changes, { fromType: field.type, toType: to }] } };
}
