import { DeltaErrors } from "./errors.js";

/**
 * DuckDB type strings (as DESCRIBE and typeof() print them) parsed into a tree, so nested parquet
 * types can be compared field by field with the Delta schema.
 */
export type DuckType =
  | { kind: "primitive"; name: string }
  | { kind: "struct"; fields: { name: string; type: DuckType }[] }
  | { kind: "list"; element: DuckType }
  | { kind: "array"; element: DuckType; size: number }
  | { kind: "map"; key: DuckType; value: DuckType };

export function parseDuckDbType(text: string): DuckType {
  const parser = new TypeParser(text);
  const type = parser.type();
  parser.skipSpaces();
  if (!parser.atEnd()) throw DeltaErrors.unsupportedType(text, `cannot parse DuckDB type near "${text.slice(parser.pos)}"`);
  return type;
}

export function duckTypeToString(type: DuckType): string {
  switch (type.kind) {
    case "primitive":
      return type.name;
    case "list":
      return `${duckTypeToString(type.element)}[]`;
    case "array":
      return `${duckTypeToString(type.element)}[${type.size}]`;
    case "map":
      return `MAP(${duckTypeToString(type.key)}, ${duckTypeToString(type.value)})`;
    case "struct":
      return `STRUCT(${type.fields.map((f) => `"${f.name.replace(/"/g, '""')}" ${duckTypeToString(f.type)}`).join(", ")})`;
  }
}

/** Whether a primitive type `matches` stands anywhere in `type`: itself, an element, a member, a map's key or value. */
export function holdsPrimitive(type: DuckType, matches: (name: string) => boolean): boolean {
  switch (type.kind) {
    case "primitive":
      return matches(type.name);
    case "list":
    case "array":
      return holdsPrimitive(type.element, matches);
    case "struct":
      return type.fields.some((f) => holdsPrimitive(f.type, matches));
    case "map":
      return holdsPrimitive(type.key, matches) || holdsPrimitive(type.value, matches);
  }
}

class TypeParser {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  private expect(ch: string): void {
    this.skipSpaces();
    if (this.text[this.pos] !== ch) {
      throw DeltaErrors.unsupportedType(this.text, `expected "${ch}" at position ${this.pos}`);
    }
    this.pos++;
  }

  private peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.pos];
  }

  private word(): string {
    this.skipSpaces();
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9_]/.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private name(): string {
    this.skipSpaces();
    if (this.text[this.pos] !== '"') return this.word();
    let out = "";
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw DeltaErrors.unsupportedType(this.text, "unterminated quoted name");
      if (ch === '"') {
        if (this.text[this.pos + 1] === '"') {
          out += '"';
          this.pos += 2;
          continue;
        }
        this.pos++;
        return out;
      }
      out += ch;
      this.pos++;
    }
  }

  /** the raw text of a balanced parenthesised argument list, without the parentheses */
  private rawArgs(): string {
    this.expect("(");
    const start = this.pos;
    let depth = 1;
    let quote: string | null = null;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) break;
      this.pos++;
    }
    const args = this.text.slice(start, this.pos);
    this.expect(")");
    return args;
  }

  type(): DuckType {
    let base = this.base();
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] !== "[") return base;
      this.pos++;
      const start = this.pos;
      while (/[0-9]/.test(this.text[this.pos] ?? "")) this.pos++;
      const size = this.text.slice(start, this.pos);
      this.expect("]");
      base = size ? { kind: "array", element: base, size: Number(size) } : { kind: "list", element: base };
    }
  }

  private base(): DuckType {
    const word = this.word().toUpperCase();
    if (!word) throw DeltaErrors.unsupportedType(this.text, `expected a type name at position ${this.pos}`);
    if (word === "STRUCT" || word === "ROW") {
      this.expect("(");
      const fields: { name: string; type: DuckType }[] = [];
      while (this.peek() !== ")") {
        const name = this.name();
        fields.push({ name, type: this.type() });
        if (this.peek() === ",") this.pos++;
      }
      this.expect(")");
      return { kind: "struct", fields };
    }
    if (word === "MAP") {
      this.expect("(");
      const key = this.type();
      this.expect(",");
      const value = this.type();
      this.expect(")");
      return { kind: "map", key, value };
    }
    let name = word;
    const rest = this.text.slice(this.pos).toUpperCase();
    if ((word === "TIMESTAMP" || word === "TIME") && rest.startsWith(" WITH TIME ZONE")) {
      this.pos += " WITH TIME ZONE".length;
      name = `${word} WITH TIME ZONE`;
    }
    if (this.peek() === "(") name = `${name}(${this.rawArgs().replace(/\s+/g, "")})`;
    return { kind: "primitive", name };
  }
}
