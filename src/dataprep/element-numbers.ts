/**
 * The elements of an array built by index (`a[0].price`, `a[1].price`) share one DuckDB type per
 * field, which DuckDB chooses from their values: a DOUBLE beside a DECIMAL or a BIGINT makes them
 * all DOUBLE, and DECIMALs needing more than 38 digits together lose their scale — both silently
 * rounding. Numbers whose types join exactly (integers and DECIMALs within 38 digits, or only
 * floating point) pass; others are refused when the plan is built, naming both mappings.
 */
import { type DuckType, duckTypeToString, parseDuckDbType } from "../delta/index.js";
import { type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { MappingError } from "./mapping-types.js";

/** One mapping into a number field of an element: its destination and the DuckDB type its value has. */
export interface ElementNumber {
  destination: string;
  type: string;
}

/** Digits before the point that each integer type needs. */
const INTEGER_DIGITS: Record<string, number> = { TINYINT: 3, UTINYINT: 3, SMALLINT: 5, USMALLINT: 5, INTEGER: 10, UINTEGER: 10, BIGINT: 19, UBIGINT: 20, HUGEINT: 39, UHUGEINT: 39 };

/** A number's type as integer and fraction digits, or "float" for FLOAT and DOUBLE. */
function digitsOf(type: string): { integer: number; scale: number } | "float" {
  const parsed = parseDuckDbType(type);
  const name = parsed.kind === "primitive" ? parsed.name : "";
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(name);
  if (decimal) return { integer: Number(decimal[1]) - Number(decimal[2]), scale: Number(decimal[2]) };
  return INTEGER_DIGITS[name] !== undefined ? { integer: INTEGER_DIGITS[name], scale: 0 } : "float";
}

/** Refuses numbers of one element field (each as its value is typed) that no DuckDB type holds all exactly. */
export function checkElementNumbers(numbers: readonly ElementNumber[]): void {
  const shapes = numbers.map((n) => ({ ...n, digits: digitsOf(n.type) }));
  const float = shapes.find((s) => s.digits === "float");
  const exact = shapes.find((s) => s.digits !== "float" && s.digits.scale > 0) ?? shapes.find((s) => s.digits !== "float" && s.digits.integer > 15);
  if (float && exact) {
    throw new MappingError(
      `${exact.destination} (${exact.type}) and ${float.destination} (${float.type}) are one field of the array's elements, which DuckDB stores as one type: ` +
        `as a DOUBLE the ${exact.type} would be rounded; map both from numbers of one kind (to_decimal or to_float)`,
    );
  }
  const fixed = shapes.flatMap((s) => (s.digits === "float" ? [] : [s.digits]));
  const integer = Math.max(0, ...fixed.map((d) => d.integer));
  const scale = Math.max(0, ...fixed.map((d) => d.scale));
  if (scale > 0 && integer + scale > 38) {
    const widest = shapes.find((s) => s.digits !== "float" && s.digits.integer === integer)!;
    const finest = shapes.find((s) => s.digits !== "float" && s.digits.scale === scale)!;
    throw new MappingError(
      `${widest.destination} (${widest.type}) and ${finest.destination} (${finest.type}) are one field of the array's elements, which DuckDB stores as one type: ` +
        `together they need ${integer + scale} digits, more than a DECIMAL's 38, and would be rounded; map them from DECIMALs of one type`,
    );
  }
}

/**
 * The number fields of an element mapped whole from a struct of `sourceType`, by their path in the
 * element, each typed as its value will be: the struct's member of that name, or a DOUBLE where the
 * struct has none (the conversion fills a missing member with a NULL of its stored type).
 */
export function wholeElementNumbers(items: XdmProperty, sourceType: string, destination: string): Map<string, ElementNumber> {
  const found = new Map<string, ElementNumber>();
  const walk = (property: XdmProperty, type: DuckType | undefined, path: string[]) => {
    for (const [name, field] of Object.entries(property.properties ?? {})) {
      const member = type?.kind === "struct" ? type.fields.find((f) => f.name === name)?.type : undefined;
      const kind = xdmKind(field);
      if (kind === "number") found.set([...path, name].join("."), { destination: [destination, ...path, name].join("."), type: member ? duckTypeToString(member) : "DOUBLE" });
      else if (kind === "object") walk(field, member, [...path, name]);
    }
  };
  walk(items, parseDuckDbType(sourceType), []);
  return found;
}
