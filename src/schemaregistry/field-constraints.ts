/**
 * The constraints a field may carry (docs/api/schemaregistry.md#field-constraints), checked when a
 * resource is written so that every one stored is one ingestion enforces: each keyword must apply
 * to the field's XDM type and hold a value of the right kind. A constraint of the wrong kind
 * (`"minimum": "5"`) or on a type it does not apply to (`maxLength` on an integer) would be kept
 * and then never checked, so it is refused instead.
 */
import { INTEGER_RANGES, INTEGER_XDM_TYPES, type IntegerXdmType, xdmTypeOf } from "./xdm-types.js";

type Field = Record<string, unknown>;

export const STRING_FORMATS: ReadonlySet<string> = new Set(["date", "date-time", "uri", "uri-reference", "email", "uuid", "byte", "ipv4", "ipv6", "hostname"]);

/** The syntax a `pattern` is written in: DuckDB's regexp_matches runs it during ingestion. */
export const PATTERN_DIALECT = "RE2 (the syntax of DuckDB's regexp_matches, which checks it during ingestion): ECMAScript regular expression syntax without lookaround or backreferences";
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;

/** Whether a pattern uses what ECMAScript has and RE2 lacks: lookaround or backreferences. */
export function needsMoreThanRe2(pattern: string): boolean {
  return RE2_UNSUPPORTED.test(pattern);
}

interface Applies {
  /** whether the keyword applies to a field of this JSON type and XDM type */
  to: (type: unknown, xdmType: string) => boolean;
  /** the fields it applies to, for the message */
  label: string;
}
const NUMBERS: Applies = { to: (_, xdmType) => xdmType === "number" || INTEGER_XDM_TYPES.has(xdmType), label: "integer and number fields" };
const TEXT: Applies = { to: (_, xdmType) => xdmType === "string", label: "string fields (not date or date-time ones)" };
const STRINGS: Applies = { to: (type) => type === "string", label: "string fields" };
const ENUMERABLE: Applies = { to: (type, xdmType) => TEXT.to(type, xdmType) || NUMBERS.to(type, xdmType), label: "string (not date or date-time), integer and number fields" };

interface Rule {
  applies: Applies;
  /** what the value must be, when the given one is not that */
  problem: (value: unknown, xdmType: string) => string | undefined;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const number = (value: unknown) => (isNumber(value) ? undefined : "a number");
const length = (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? undefined : "a non-negative integer");

const RULES: Record<string, Rule> = {
  minimum: { applies: NUMBERS, problem: number },
  maximum: { applies: NUMBERS, problem: number },
  exclusiveMinimum: { applies: NUMBERS, problem: number },
  exclusiveMaximum: { applies: NUMBERS, problem: number },
  minLength: { applies: TEXT, problem: length },
  maxLength: { applies: TEXT, problem: length },
  pattern: { applies: TEXT, problem: patternProblem },
  enum: { applies: ENUMERABLE, problem: enumProblem },
  format: { applies: STRINGS, problem: (value) => (typeof value === "string" && STRING_FORMATS.has(value) ? undefined : `one of ${[...STRING_FORMATS].join(", ")}`) },
};

/** What is wrong with the field's constraints (`where` is its path), or undefined when nothing is. */
export function constraintProblem(field: Field, where: string): string | undefined {
  const xdmType = xdmTypeOf(field);
  for (const [keyword, rule] of Object.entries(RULES)) {
    if (!Object.hasOwn(field, keyword)) continue;
    const value = field[keyword];
    if (!rule.applies.to(field.type, xdmType)) {
      return `${where} has ${keyword}, which applies to ${rule.applies.label} only, and ${where} is a field of meta:xdmType ${xdmType}: remove ${keyword}`;
    }
    const needs = rule.problem(value, xdmType);
    if (needs !== undefined) return `${where}.${keyword} must be ${needs}, and it is ${JSON.stringify(value)}`;
  }
  return boundsProblem(field, where, "minimum", "maximum") ?? boundsProblem(field, where, "minLength", "maxLength") ?? integerRangeProblem(field, where, xdmType);
}

function patternProblem(value: unknown): string | undefined {
  const needs = `a string holding a regular expression in ${PATTERN_DIALECT}`;
  if (typeof value !== "string") return needs;
  try {
    new RegExp(value);
  } catch (error) {
    return `${needs} (${(error as Error).message})`;
  }
  return needsMoreThanRe2(value) ? `${needs} (it uses lookaround or a backreference)` : undefined;
}

function enumProblem(value: unknown, xdmType: string): string | undefined {
  const [kind, fits] = INTEGER_XDM_TYPES.has(xdmType)
    ? ["integers", Number.isInteger]
    : xdmType === "number"
      ? ["numbers", isNumber]
      : ["strings", (v: unknown) => typeof v === "string"];
  const needs = `a non-empty array of ${kind} (the values the field may hold)`;
  if (!Array.isArray(value) || value.length === 0) return needs;
  const stray = value.find((v) => !fits(v));
  if (stray !== undefined) return `${needs} (${JSON.stringify(stray)} is not one)`;
  if (!INTEGER_XDM_TYPES.has(xdmType)) return undefined;
  // a value the field's integer type cannot hold is one ingestion refuses, though the schema allows it
  const [low, high] = INTEGER_RANGES[xdmType as IntegerXdmType];
  const outside = value.find((v) => v < low || v > high);
  return outside === undefined ? undefined : `${needs} within the ${xdmType} range ${low} to ${high} (${outside} is outside it; declare a wider meta:xdmType or drop the value)`;
}

/**
 * A bound beyond the range of the field's integer type promises values ingestion refuses (it keeps
 * every value within the type's range). An exclusive bound one past the range's end says the same
 * as the range itself and is fine.
 */
function integerRangeProblem(field: Field, where: string, xdmType: string): string | undefined {
  if (!INTEGER_XDM_TYPES.has(xdmType)) return undefined;
  const [low, high] = INTEGER_RANGES[xdmType as IntegerXdmType];
  for (const keyword of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
    const bound = field[keyword];
    const slack = keyword.startsWith("exclusive") ? 1 : 0;
    const within = (type: IntegerXdmType) => isNumber(bound) && bound >= INTEGER_RANGES[type][0] - slack && bound <= INTEGER_RANGES[type][1] + slack;
    if (!isNumber(bound) || within(xdmType as IntegerXdmType)) continue;
    const wider = (Object.keys(INTEGER_RANGES) as IntegerXdmType[]).find(within);
    const declared = field["meta:xdmType"] === xdmType ? `declares meta:xdmType ${xdmType}` : `is of meta:xdmType ${xdmType} (an integer without both minimum and maximum is int)`;
    const instead = wider ? `declare meta:xdmType ${wider} (${INTEGER_RANGES[wider].join(" to ")})` : "make it a number field";
    return `${where} ${declared}, whose values range from ${low} to ${high}, and its ${keyword} ${bound} lies outside that range: ingestion would refuse values the schema allows. Bring ${keyword} within the range, or ${instead}`;
  }
  return undefined;
}

/** A lower bound above the upper one leaves no value that meets both. */
function boundsProblem(field: Field, where: string, low: string, high: string): string | undefined {
  const [min, max] = [field[low], field[high]];
  return isNumber(min) && isNumber(max) && min > max ? `${where} has ${low} ${min} above its ${high} ${max}: no value meets both` : undefined;
}
