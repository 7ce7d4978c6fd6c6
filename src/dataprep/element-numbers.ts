/**
 * The elements of an array built by index (`a[0].price`, `a[1].price`) share one DuckDB type per
 * field, which DuckDB chooses from their values: a DOUBLE beside a DECIMAL or a BIGINT makes them
 * all DOUBLE, and DECIMALs needing more than 38 digits together lose their scale — both silently
 * rounding. The values a map is built from by key (`scores.math`, `scores.art`) share one type
 * the same way. Numbers whose types join exactly (integers and DECIMALs within 38 digits, or only
 * floating point) pass; others are refused when the plan is built, naming both mappings.
 */
import { type DuckType, duckTypeToString, parseDuckDbType } from "../delta/index.js";
import { type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { namedField } from "./destination-fields.js";
import { MappingError } from "./mapping-types.js";
import { fieldNames, type PathStep } from "./source-path.js";

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

/**
 * Refuses numbers of one element field (each as its value is typed) that no DuckDB type holds all
 * exactly; `holder` says whose field it is (an array's elements, a map's values).
 */
export function checkElementNumbers(numbers: readonly ElementNumber[], holder = "the array's elements"): void {
  const shapes = numbers.map((n) => ({ ...n, digits: digitsOf(n.type) }));
  const float = shapes.find((s) => s.digits === "float");
  const exact = shapes.find((s) => s.digits !== "float" && s.digits.scale > 0) ?? shapes.find((s) => s.digits !== "float" && s.digits.integer > 15);
  if (float && exact) {
    throw new MappingError(
      `${exact.destination} (${exact.type}) and ${float.destination} (${float.type}) are one field of ${holder}, which DuckDB stores as one type: ` +
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
      `${widest.destination} (${widest.type}) and ${finest.destination} (${finest.type}) are one field of ${holder}, which DuckDB stores as one type: ` +
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

/**
 * The numbers mapped under the keys of maps, grouped by the map (its path, array steps left out:
 * every element's map is one column) and the field within its value; each group is one field of the
 * map's values.
 */
export class MapValueNumbers {
  private readonly groups = new Map<string, ElementNumber[]>();

  /** Notes the numbers a mapping puts under a map's key: its value, or its struct's number members. */
  add(root: XdmProperty, steps: readonly PathStep[], destination: string, sourceType: string): void {
    const names = fieldNames(steps);
    let node: XdmProperty | undefined = root;
    let map: number | undefined;
    for (const [i, step] of steps.entries()) {
      if (step.kind !== "field") {
        node = node?.items;
        continue;
      }
      if (node && xdmKind(node) === "map" && map === undefined) map = fieldNames(steps.slice(0, i)).length;
      node = namedField(node, step.name);
    }
    if (map === undefined || !node) return;
    const within = names.slice(map + 1);
    const group = (path: readonly string[]) => `${names.slice(0, map).join(".")}\u0000${path.join(".")}`;
    if (xdmKind(node) === "number") this.note(group(within), { destination, type: sourceType });
    else if (xdmKind(node) === "object") {
      for (const [field, number] of wholeElementNumbers(node, sourceType, destination)) this.note(group([...within, field]), number);
    }
  }

  check(): void {
    for (const numbers of this.groups.values()) checkElementNumbers(numbers, "the map's values");
  }

  private note(group: string, number: ElementNumber): void {
    this.groups.set(group, [...(this.groups.get(group) ?? []), number]);
  }
}
