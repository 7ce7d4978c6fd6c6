/**
 * parse_json and to_json of a VARIANT as Spark computes them (docs/variant.md). JSON text is read as Jackson reads it by default
 * (strict JSON; what follows a complete value is not read, except that a number at the top must end there) and
 * written into a variant as VariantBuilder does: an integer as the smallest integer type, a number with a fraction and at most
 * 38 digits as a decimal that keeps its scale, any other number as a double. A variant is written back as Variant.toJson does.
 */
import { floorDiv, VariantWriter, type VariantNode } from "./variant-binary.js";
import { formatDate, jacksonQuoted, javaFloatingText, pad, plainDecimalText } from "./java-text.js";

export class MalformedJson extends Error {}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const MAX_DECIMAL_DIGITS = 38;
const MAX_DEPTH = 1000;

/** a JSON text's variant as Spark's parse_json builds it: its metadata and value buffers */
export function variantOfJson(text: string): { metadata: Uint8Array; value: Uint8Array } {
  const reader = new JsonReader(text);
  reader.value(true);
  return { metadata: reader.writer.metadata(), value: reader.writer.valueBytes() };
}

class JsonReader {
  readonly writer = new VariantWriter();
  private at = 0;

  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (WHITESPACE.has(this.text[this.at])) this.at++;
  }

  private fail(what: string): never {
    throw new MalformedJson(`${what} at character ${this.at + 1}`);
  }

  value(top = false, depth = 0): void {
    this.skipSpace();
    const c = this.text[this.at];
    // Jackson's limit on nesting, where JavaScript's stack would end first
    if ((c === "{" || c === "[") && depth >= MAX_DEPTH) this.fail(`more than ${MAX_DEPTH} objects and arrays one inside another`);
    if (c === "{") this.object(depth);
    else if (c === "[") this.array(depth);
    else if (c === '"') this.writer.string(this.string());
    else if (c === "-" || (c >= "0" && c <= "9")) {
      this.number();
      if (top) this.endOfTop();
    } else {
      const word = /^(true|false|null)(?![\w$])/.exec(this.text.slice(this.at, this.at + 6))?.[1];
      if (!word) this.fail(c === undefined ? "no value" : `an unexpected character '${c}'`);
      this.at += word.length;
      if (word === "null") this.writer.null();
      else this.writer.boolean(word === "true");
    }
  }

  /** Jackson reads the character after a number or a literal at the top: it must be white space or the end */
  private endOfTop(): void {
    const next = this.text[this.at];
    if (next !== undefined && !WHITESPACE.has(next)) this.fail(`an unexpected character '${next}' after the number`);
  }

  private object(depth: number): void {
    this.at++;
    const start = this.writer.position;
    const fields: { key: string; id: number; offset: number }[] = [];
    this.skipSpace();
    if (this.text[this.at] === "}") this.at++;
    else {
      for (;;) {
        this.skipSpace();
        if (this.text[this.at] !== '"') this.fail("a field name expected");
        const key = this.string();
        this.skipSpace();
        if (this.text[this.at++] !== ":") this.fail("':' expected");
        fields.push({ key, id: this.writer.keyId(key), offset: this.writer.position - start });
        this.value(false, depth + 1);
        this.skipSpace();
        const next = this.text[this.at++];
        if (next === "}") break;
        if (next !== ",") this.fail("',' or '}' expected");
      }
    }
    this.writer.finishObject(start, fields);
  }

  private array(depth: number): void {
    this.at++;
    const start = this.writer.position;
    const offsets: number[] = [];
    this.skipSpace();
    if (this.text[this.at] === "]") this.at++;
    else {
      for (;;) {
        offsets.push(this.writer.position - start);
        this.value(false, depth + 1);
        this.skipSpace();
        const next = this.text[this.at++];
        if (next === "]") break;
        if (next !== ",") this.fail("',' or ']' expected");
      }
    }
    this.writer.finishArray(start, offsets);
  }

  private string(): string {
    let out = "";
    for (let k = this.at + 1; ; ) {
      const c = this.text[k];
      if (c === undefined) this.fail("an unterminated string");
      if (c === '"') {
        this.at = k + 1;
        return out;
      }
      if (c < " ") this.fail("a control character in a string");
      if (c !== "\\") {
        out += c;
        k++;
        continue;
      }
      const e = this.text[k + 1];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(k + 2, k + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(k + 2, k + 6), 16));
        k += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        k += 2;
      } else this.fail("an unknown escape in a string");
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail("a malformed number");
    this.at += m[0].length;
    const [text, fraction, exponent] = m;
    if (fraction === undefined && exponent === undefined) {
      const n = BigInt(text);
      if (n >= LONG_MIN && n <= LONG_MAX) return this.writer.long(n);
    }
    if (exponent === undefined) {
      // BigDecimal's reading: the digits without the point, the scale the digits after it; -0 has no sign
      const digits = text.replace(/[-.]/g, "");
      const scale = fraction === undefined ? 0 : fraction.length - 1;
      const unscaled = BigInt((text.startsWith("-") ? "-" : "") + digits);
      const precision = unscaled === 0n ? 1 : (unscaled < 0n ? -unscaled : unscaled).toString().length;
      if (precision <= MAX_DECIMAL_DIGITS && scale <= MAX_DECIMAL_DIGITS) return this.writer.decimal(unscaled, scale, precision);
    }
    this.writer.double(Number(text));
  }
}

/** the offset of `zone` at an instant in seconds, and as java.time's +HH:MM writes it (an old zone's seconds, `-04:56:02`, left out) */
function zoneOffset(zone: string, epochMillis: number): { seconds: number; text: string } {
  if (zone === "UTC" || zone === "Etc/UTC" || zone === "GMT") return { seconds: 0, text: "+00:00" };
  const name = zoneFormat(zone).formatToParts(new Date(epochMillis)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(name);
  if (!m?.[1]) return { seconds: 0, text: "+00:00" };
  const [hours, minutes, seconds] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  return { seconds: (m[1] === "-" ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds), text: `${m[1]}${pad(hours, 2)}:${pad(minutes, 2)}` };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(zone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(zone);
  if (!format) zoneFormats.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })));
  return format;
}

const MICROS_PER_DAY = 86_400_000_000n;

/** a timestamp's wall-clock text as java.time's ISO_LOCAL_DATE, a space, ISO_LOCAL_TIME writes it: seconds always, a fraction only as long as it needs */
function wallClockText(micros: bigint): string {
  const days = floorDiv(micros, MICROS_PER_DAY);
  const ofDay = Number(micros - days * MICROS_PER_DAY);
  const seconds = Math.floor(ofDay / 1_000_000);
  const fraction = ofDay % 1_000_000;
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor((seconds % 3600) / 60), 2)}:${pad(seconds % 60, 2)}`;
  return `${formatDate(Number(days))} ${time}${fraction ? `.${pad(fraction, 6).replace(/0+$/, "")}` : ""}`;
}

/**
 * a variant as Spark's cast of it to STRING writes it: an object or array as its JSON, a scalar as a cast of its own type writes it
 * (a string without quotes, a date `2024-01-01`, a timestamp in `zone` without its offset, a binary's bytes as UTF-8), a JSON null
 * as NULL
 */
export function variantCastText(node: VariantNode, zone: string): string | null {
  switch (node.kind) {
    case "null":
      return null;
    case "string":
      return node.value;
    case "date":
      return formatDate(node.days);
    case "timestamp":
      return zonedText(node.micros, zone, false);
    case "timestamp_ntz":
      return wallClockText(node.micros);
    case "binary":
      return new TextDecoder("utf-8").decode(node.bytes);
    case "uuid":
      return node.text;
    default:
      return variantJson(node, zone);
  }
}

/** a timestamp's wall-clock text in `zone`, with its offset or without */
function zonedText(micros: bigint, zone: string, withOffset: boolean): string {
  const offset = zoneOffset(zone, Number(micros / 1000n));
  return wallClockText(micros + BigInt(offset.seconds) * 1_000_000n) + (withOffset ? offset.text : "");
}

/** a variant as Spark's to_json writes it; timestamps in `zone`, the session's */
export function variantJson(node: VariantNode, zone: string): string {
  switch (node.kind) {
    case "object":
      return `{${node.fields.map(([key, value]) => `${jacksonQuoted(key)}:${variantJson(value, zone)}`).join(",")}}`;
    case "array":
      return `[${node.items.map((item) => variantJson(item, zone)).join(",")}]`;
    case "null":
      return "null";
    case "boolean":
      return String(node.value);
    case "long":
      return node.value.toString();
    case "double":
    case "float":
      return javaFloatingText(node.value, node.kind === "float");
    case "decimal":
      return plainDecimalText(node.unscaled, node.scale);
    case "string":
      return jacksonQuoted(node.value);
    case "binary":
      return `"${Buffer.from(node.bytes).toString("base64")}"`;
    case "date":
      return `"${formatDate(node.days)}"`;
    case "timestamp_ntz":
      return `"${wallClockText(node.micros)}"`;
    case "timestamp":
      return `"${zonedText(node.micros, zone, true)}"`;
    case "uuid":
      return `"${node.text}"`;
  }
}
