/**
 * `GET /rpc/sampledata/{schemaId}`: one document that fits a schema's resolved fields, to show what
 * a row of its datasets looks like, and one ingestion takes. Values are fixed (not random); each
 * meets its field's constraints (docs/api/schemaregistry.md#field-constraints): an enum's value,
 * a format's example, a string its pattern matches (pattern-sample.ts) within minLength and
 * maxLength, a number within minimum, maximum, their exclusive forms and the integer type's range.
 * A field no such value is found for (a pattern using `\b` or `\p{…}`, or constraints that leave
 * nothing) is left out of the sample rather than given a value ingestion would refuse.
 */
import { patternCandidates } from "./pattern-sample.js";
import type { XdmProperty } from "./xdm-fields.js";
import { INTEGER_RANGES, type IntegerXdmType } from "./xdm-types.js";

type Json = Record<string, unknown>;

const TEXT_BY_FORMAT: Record<string, string> = {
  email: "sample@example.com",
  uri: "https://example.com/sample",
  "uri-reference": "https://example.com/sample",
  date: "2024-01-31",
  "date-time": "2024-01-31T12:30:00Z",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  byte: "U2FtcGxl",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  hostname: "example.com",
};
const INTEGER_SAMPLE = 1;
const NUMBER_SAMPLE = 1.5;

export function sampleDocument(properties: Record<string, XdmProperty>): Json {
  const document: Json = Object.create(null);
  for (const [name, property] of Object.entries(properties)) {
    const value = sampleValue(name, property);
    if (value !== undefined) document[name] = value;
  }
  return document;
}

function sampleValue(name: string, field: XdmProperty): unknown {
  if (field["meta:xdmType"] === "map" || (field.type === "object" && field.additionalProperties && !field.properties)) {
    const value = field.additionalProperties ? sampleValue("value", field.additionalProperties) : "value";
    return value === undefined ? {} : { sampleKey: value };
  }
  switch (field.type) {
    case "string":
      return stringCandidates(name, field).find((text) => stringFits(field, text));
    case "integer":
    case "number":
      return numberCandidates(field).find((n) => numberFits(field, n));
    case "boolean":
      return true;
    case "array": {
      const item = field.items && sampleValue(name, field.items);
      return item === undefined ? [] : [item];
    }
    case "object": {
      const object = sampleDocument(field.properties ?? {});
      return Object.keys(object).length > 0 ? object : undefined;
    }
  }
  return undefined;
}

/** An enum's values, else the format's example, else strings the pattern matches, else `Sample <name>` fitted to the lengths. */
function stringCandidates(name: string, field: XdmProperty): unknown[] {
  if (Array.isArray(field.enum)) return field.enum;
  if (field.format !== undefined) return [TEXT_BY_FORMAT[field.format]].filter((text) => text !== undefined);
  if (field.pattern !== undefined) return patternCandidates(field.pattern, field);
  const text = `Sample ${name}`;
  const padded = text.padEnd(field.minLength ?? 0, "x");
  return [field.maxLength !== undefined ? padded.slice(0, field.maxLength) : padded];
}

function stringFits(field: XdmProperty, value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (field.minLength !== undefined && value.length < field.minLength) return false;
  if (field.maxLength !== undefined && value.length > field.maxLength) return false;
  if (Array.isArray(field.enum) && !field.enum.includes(value)) return false;
  return field.pattern === undefined || new RegExp(field.pattern).test(value);
}

/** An enum's values, else the sample number, else the bounds and values just inside them. */
function numberCandidates(field: XdmProperty): unknown[] {
  if (Array.isArray(field.enum)) return field.enum;
  const sample = field.type === "integer" ? INTEGER_SAMPLE : NUMBER_SAMPLE;
  const { low, high } = boundsOf(field);
  const inside = [low + 1, high - 1, (low + high) / 2].filter(Number.isFinite);
  return [sample, low, high, ...inside].map((n) => (field.type === "integer" ? Math.ceil(n) : n)).filter(Number.isFinite);
}

/** The lowest and highest bound the field names (exclusive or not, its integer type's range included); ±Infinity when none. */
function boundsOf(field: XdmProperty): { low: number; high: number } {
  const range = integerRangeOf(field);
  const lows = [field.minimum, field.exclusiveMinimum, range?.[0]].filter((n): n is number => typeof n === "number");
  const highs = [field.maximum, field.exclusiveMaximum, range?.[1]].filter((n): n is number => typeof n === "number");
  return { low: Math.max(-Infinity, ...lows), high: Math.min(Infinity, ...highs) };
}

function numberFits(field: XdmProperty, value: unknown): boolean {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (field.type === "integer" && !Number.isInteger(value)) return false;
  const range = integerRangeOf(field);
  if (range && (value < range[0] || value > range[1])) return false;
  if (field.minimum !== undefined && value < field.minimum) return false;
  if (field.maximum !== undefined && value > field.maximum) return false;
  if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return false;
  if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return false;
  return !Array.isArray(field.enum) || field.enum.includes(value);
}

function integerRangeOf(field: XdmProperty): readonly [number, number] | undefined {
  const xdmType = field["meta:xdmType"];
  return xdmType !== undefined && Object.hasOwn(INTEGER_RANGES, xdmType) ? INTEGER_RANGES[xdmType as IntegerXdmType] : undefined;
}
