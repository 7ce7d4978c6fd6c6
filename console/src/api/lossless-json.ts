/**
 * JSON whose numbers keep the digits the server wrote. The API already sends a BIGINT beyond 2^53
 * and every DECIMAL as strings; parsing numbers as their source text also keeps a double's exact
 * notation and guards against any number JavaScript would round.
 */
export class ExactNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

export function parseExact(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === "number" && context?.source !== undefined ? new ExactNumber(context.source) : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** A cell's text: strings as they are, numbers as written, objects as JSON with their numbers exact. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value;
  if (value instanceof ExactNumber) return value.text;
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(displayNested).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${displayNested(v)}`).join(", ")}}`;
}

function displayNested(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : displayValue(value);
}

/** A row for a JSON body: exact numbers become numbers where JavaScript holds them exactly, else their text. */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainValue(value)]));
}

function plainValue(value: unknown): unknown {
  if (value instanceof ExactNumber) {
    const number = Number(value.text);
    return String(number) === value.text || Number.isSafeInteger(number) ? number : value.text;
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") return plainRow(value as Record<string, unknown>);
  return value;
}

/**
 * A request body's JSON text in which each ExactNumber is written as its digits (JSON.stringify
 * would write an object): the service reads a number's type from the text it is sent.
 */
export function jsonText(value: unknown): string {
  if (value instanceof ExactNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : jsonText(item))).join(",")}]`;
  if (value && typeof value === "object" && !("toJSON" in value)) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
