/**
 * JSON whose numbers keep the digits the server wrote. Explore sends a BIGINT beyond 2^53 and every
 * DECIMAL as strings, but the expression check writes a DECIMAL as a number of its exact digits and
 * scale (2.50); parsing numbers as their source text keeps those, a double's exact notation, and any
 * number JavaScript would round.
 */
export class ExactNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, each number an ExactNumber of its text. Each number outside the text's strings is
 * first written as a string holding a mark and its digits, which the reviver turns back: a
 * reviver's access to a number's source text is in neither Safari nor Node 20.
 */
export function parseExact(text: string): unknown {
  // a NUL (escaped in the JSON text, a character once parsed) and a fresh id: no string of the answer holds it by chance
  const id = Math.random().toString(36).slice(2);
  const mark = `\u0000${id}:`;
  let marked = "";
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++; // the escaped character
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0];
      if (!token) continue; // JSON.parse says what is wrong
      marked += `${text.slice(copiedTo, i)}"\\u0000${id}:${token}"`;
      copiedTo = i + token.length;
      i = copiedTo - 1;
    }
  }
  return JSON.parse(marked + text.slice(copiedTo), (_key, value: unknown) => (typeof value === "string" && value.startsWith(mark) ? new ExactNumber(value.slice(mark.length)) : value));
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
