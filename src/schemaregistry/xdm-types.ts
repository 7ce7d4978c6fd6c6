/**
 * `meta:xdmType`, as the registry computes it for every field it stores
 * (docs/api/schemaregistry.md#field-types): string, or date / date-time by format; number;
 * boolean; an integer is byte, short, int or long by the smallest range its bounds fit (int when
 * unbounded, or what the client declared); object; map (an object with only additionalProperties);
 * array. A field that is a `$ref` to a data type is an object.
 */
type Field = Record<string, unknown>;

/** The XDM integer types and their ranges, smallest first (long is bounded to ±2^53). */
export const INTEGER_RANGES = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
  long: [-9007199254740992, 9007199254740992],
} as const;
export type IntegerXdmType = keyof typeof INTEGER_RANGES;
export const INTEGER_XDM_TYPES: ReadonlySet<string> = new Set(Object.keys(INTEGER_RANGES));

/**
 * The `meta:xdmType`s a field may declare, by its `type` (docs/api/schemaregistry.md#field-types):
 * anything else contradicts the type, and the registry would store another one in its place.
 */
export function declarableXdmTypes(field: Field): readonly string[] {
  if (field.type === undefined && field.$ref !== undefined) return ["object"];
  switch (field.type) {
    case "string":
      if (field.format === "date" || field.format === "date-time") return [field.format];
      return field.format === undefined ? ["string", "date", "date-time"] : ["string"];
    case "integer":
      return [...INTEGER_XDM_TYPES];
    case "object":
      return isObject(field.additionalProperties) && !isObject(field.properties) ? ["map"] : ["object"];
    default:
      return typeof field.type === "string" ? [field.type] : [];
  }
}

/** The field `type` a `meta:xdmType` goes with, for saying what a contradicting one needs instead. */
export function typeForXdmType(xdmType: string): string | undefined {
  if (INTEGER_XDM_TYPES.has(xdmType)) return "integer";
  if (xdmType === "date" || xdmType === "date-time") return "string";
  if (xdmType === "map") return "object";
  return ["string", "number", "boolean", "object", "array"].includes(xdmType) ? xdmType : undefined;
}

export function xdmTypeOf(field: Field): string {
  const { type, format } = field;
  if (type === undefined && typeof field.$ref === "string") return "object";
  switch (type) {
    case "string":
      return format === "date" || format === "date-time" ? format : (declaredDateType(field) ?? "string");
    case "integer":
      return integerXdmType(field);
    case "object":
      return isObject(field.additionalProperties) && !isObject(field.properties) ? "map" : "object";
    default:
      return typeof type === "string" ? type : "object";
  }
}

function integerXdmType(field: Field): string {
  const declared = field["meta:xdmType"];
  if (typeof declared === "string" && INTEGER_XDM_TYPES.has(declared)) return declared;
  const { minimum, maximum } = field;
  if (typeof minimum !== "number" || typeof maximum !== "number") return "int";
  const fitting = Object.entries(INTEGER_RANGES).find(([, [low, high]]) => minimum >= low && maximum <= high);
  return fitting ? fitting[0] : "long";
}

/**
 * A copy of the fields with `meta:xdmType` on every one, at every depth (items, properties, map
 * values); a `$ref` field also gets `type: object`, as the registry shows it.
 */
export function withXdmTypes(properties: Record<string, unknown>): Record<string, Field> {
  return Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, withXdmType(field as Field)]));
}

/** A string that says `meta:xdmType` date or date-time without the format: the format is what it meant. */
function declaredDateType(field: Field): "date" | "date-time" | undefined {
  const declared = field["meta:xdmType"];
  return field.format === undefined && (declared === "date" || declared === "date-time") ? declared : undefined;
}

export function withXdmType(field: Field): Field {
  const out: Field = { ...field };
  if (out.type === undefined && typeof out.$ref === "string") out.type = "object";
  if (out.type === "string" && declaredDateType(field)) out.format = declaredDateType(field);
  out["meta:xdmType"] = xdmTypeOf(field);
  if (isObject(field.properties)) out.properties = withXdmTypes(field.properties);
  if (isObject(field.items)) out.items = withXdmType(field.items);
  if (isObject(field.additionalProperties)) out.additionalProperties = withXdmType(field.additionalProperties);
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
