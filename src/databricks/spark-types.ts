/**
 * Spark SQL data types, read from the two places a workspace shows them: the DDL strings of
 * DESCRIBE TABLE (`decimal(38,18)`, `struct<street:string,city:string>`) and the JSON DataType of a
 * command's table result (`"long"`, `{"type":"struct","fields":[…]}`).
 */
export type SparkPrimitive =
  | "string"
  | "boolean"
  | "byte"
  | "short"
  | "int"
  | "long"
  | "float"
  | "double"
  | "date"
  | "timestamp"
  | "timestamp_ntz"
  | "binary"
  | "void"
  | "interval"
  | "variant";

export interface SparkField {
  name: string;
  type: SparkType;
  nullable: boolean;
  comment?: string;
}

export type SparkType =
  | { kind: "primitive"; name: SparkPrimitive }
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "array"; element: SparkType }
  | { kind: "map"; key: SparkType; value: SparkType }
  | { kind: "struct"; fields: SparkField[] };

export class SparkTypeError extends Error {}

const ALIASES: Record<string, SparkPrimitive> = {
  string: "string",
  varchar: "string",
  char: "string",
  character: "string",
  boolean: "boolean",
  bool: "boolean",
  tinyint: "byte",
  byte: "byte",
  smallint: "short",
  short: "short",
  int: "int",
  integer: "int",
  bigint: "long",
  long: "long",
  float: "float",
  real: "float",
  double: "double",
  date: "date",
  timestamp: "timestamp",
  timestamp_ltz: "timestamp",
  timestamp_ntz: "timestamp_ntz",
  binary: "binary",
  void: "void",
  null: "void",
  interval: "interval",
  variant: "variant",
};

const primitive = (name: SparkPrimitive): SparkType => ({ kind: "primitive", name });

/** Parses a DDL type string as DESCRIBE TABLE prints it. */
export function parseDdlType(text: string): SparkType {
  const parser = new DdlParser(text);
  const type = parser.type();
  parser.end();
  return type;
}

class DdlParser {
  private i = 0;
  constructor(private readonly text: string) {}

  type(): SparkType {
    const word = this.word().toLowerCase();
    if (word === "array") {
      this.expect("<");
      const element = this.type();
      this.expect(">");
      return { kind: "array", element };
    }
    if (word === "map") {
      this.expect("<");
      const key = this.type();
      this.expect(",");
      const value = this.type();
      this.expect(">");
      return { kind: "map", key, value };
    }
    if (word === "struct") return this.struct();
    if (word === "decimal" || word === "dec" || word === "numeric") {
      if (!this.peek("(")) return { kind: "decimal", precision: 10, scale: 0 };
      const [precision, scale = 0] = this.numbers();
      return { kind: "decimal", precision, scale };
    }
    if (word === "interval") {
      // `interval day to second` and friends: the qualifier does not change how we read it
      while (/[a-z]/i.test(this.text[this.skip()] ?? "")) this.word();
      return primitive("interval");
    }
    const name = ALIASES[word];
    if (!name) throw new SparkTypeError(`unknown Spark type '${word}' in '${this.text}'`);
    if ((word === "varchar" || word === "char" || word === "character") && this.peek("(")) this.numbers();
    if (name === "string") this.collation();
    return primitive(name);
  }

  /**
   * A string's collation, as Databricks writes a collated string's type (`string collate UTF8_LCASE`): its values are strings as any
   * other, so it is read past
   */
  private collation(): void {
    const m = /^\s+collate\s+[A-Za-z0-9_.]+/i.exec(this.text.slice(this.i));
    if (m) this.i += m[0].length;
  }

  private struct(): SparkType {
    this.expect("<");
    const fields: SparkField[] = [];
    if (this.peek(">")) {
      this.expect(">");
      return { kind: "struct", fields };
    }
    for (;;) {
      const name = this.fieldName();
      this.expect(":");
      const type = this.type();
      let nullable = true;
      let comment: string | undefined;
      for (;;) {
        const at = this.skip();
        const rest = this.text.slice(at).toLowerCase();
        if (rest.startsWith("not null")) {
          this.i = at + "not null".length;
          nullable = false;
        } else if (rest.startsWith("comment")) {
          this.i = at + "comment".length;
          comment = this.quoted("'");
        } else break;
      }
      fields.push({ name, type, nullable, ...(comment !== undefined ? { comment } : {}) });
      if (this.peek(",")) {
        this.expect(",");
        continue;
      }
      this.expect(">");
      return { kind: "struct", fields };
    }
  }

  private fieldName(): string {
    const at = this.skip();
    if (this.text[at] === "`") return this.quoted("`");
    // DESCRIBE prints a member's name as it is, spaces included (`struct<zip code:string>`): it runs to the colon
    const m = /^[^:<>,]+/.exec(this.text.slice(at));
    if (!m || m[0].trim() === "") throw this.error("a field name");
    this.i = at + m[0].length;
    return m[0].trimEnd();
  }

  private quoted(quote: string): string {
    const at = this.skip();
    if (this.text[at] !== quote) throw this.error(quote);
    let out = "";
    let j = at + 1;
    for (; j < this.text.length; j++) {
      const c = this.text[j];
      if (c === quote && this.text[j + 1] === quote) {
        out += quote;
        j++;
      } else if (c === "\\" && quote === "'") {
        out += this.text[++j] ?? "";
      } else if (c === quote) break;
      else out += c;
    }
    if (j >= this.text.length) throw this.error(`closing ${quote}`);
    this.i = j + 1;
    return out;
  }

  private numbers(): number[] {
    this.expect("(");
    const values: number[] = [];
    for (;;) {
      const at = this.skip();
      const m = /^\d+/.exec(this.text.slice(at));
      if (!m) throw this.error("a number");
      values.push(Number(m[0]));
      this.i = at + m[0].length;
      if (this.peek(",")) this.expect(",");
      else break;
    }
    this.expect(")");
    return values;
  }

  private word(): string {
    const at = this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(at));
    if (!m) throw this.error("a type name");
    this.i = at + m[0].length;
    return m[0];
  }

  private skip(): number {
    while (/\s/.test(this.text[this.i] ?? "")) this.i++;
    return this.i;
  }

  private peek(c: string): boolean {
    return this.text[this.skip()] === c;
  }

  private expect(c: string): void {
    if (!this.peek(c)) throw this.error(`'${c}'`);
    this.i++;
  }

  end(): void {
    if (this.skip() !== this.text.length) throw this.error("the end");
  }

  private error(what: string): SparkTypeError {
    return new SparkTypeError(`expected ${what} at ${this.i} in Spark type '${this.text}'`);
  }
}

/** Parses the JSON DataType of a table result's schema (the `type` field, itself a JSON string). */
export function parseJsonType(value: unknown): SparkType {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith('"')) return parseJsonType(JSON.parse(trimmed));
    if (trimmed === "integer") return primitive("int");
    return parseDdlType(trimmed);
  }
  if (value && typeof value === "object") {
    const t = value as Record<string, unknown>;
    switch (t.type) {
      case "array":
        return { kind: "array", element: parseJsonType(t.elementType) };
      case "map":
        return { kind: "map", key: parseJsonType(t.keyType), value: parseJsonType(t.valueType) };
      case "struct":
        if (!Array.isArray(t.fields)) break;
        return {
          kind: "struct",
          fields: t.fields.map((f: Record<string, unknown>) => {
            const comment = (f.metadata as Record<string, unknown> | undefined)?.comment;
            return {
              name: String(f.name),
              type: parseJsonType(f.type),
              nullable: f.nullable !== false,
              ...(typeof comment === "string" ? { comment } : {}),
            };
          }),
        };
    }
  }
  throw new SparkTypeError(`not a Spark JSON type: ${JSON.stringify(value)}`);
}

const SIMPLE_NAMES: Record<SparkPrimitive, string> = {
  string: "string",
  boolean: "boolean",
  byte: "tinyint",
  short: "smallint",
  int: "int",
  long: "bigint",
  float: "float",
  double: "double",
  date: "date",
  timestamp: "timestamp",
  timestamp_ntz: "timestamp_ntz",
  binary: "binary",
  void: "void",
  interval: "interval",
  variant: "variant",
};

/** Spark's simpleString, as DESCRIBE TABLE prints a type. */
export function simpleString(type: SparkType): string {
  switch (type.kind) {
    case "primitive":
      return SIMPLE_NAMES[type.name];
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    case "array":
      return `array<${simpleString(type.element)}>`;
    case "map":
      return `map<${simpleString(type.key)},${simpleString(type.value)}>`;
    case "struct":
      return `struct<${type.fields.map((f) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) ? f.name : "`" + f.name.replace(/`/g, "``") + "`"}:${simpleString(f.type)}`).join(",")}>`;
  }
}

const DUCKDB_NAMES: Record<SparkPrimitive, string> = {
  string: "VARCHAR",
  boolean: "BOOLEAN",
  byte: "TINYINT",
  short: "SMALLINT",
  int: "INTEGER",
  long: "BIGINT",
  float: "FLOAT",
  double: "DOUBLE",
  date: "DATE",
  timestamp: "TIMESTAMP WITH TIME ZONE",
  timestamp_ntz: "TIMESTAMP",
  binary: "BLOB",
  void: "INTEGER",
  interval: "INTERVAL",
  variant: "VARCHAR",
};

/** The DuckDB type a column of this Spark type has once the cluster has exported it as Parquet. */
export function stagedDuckDbType(type: SparkType): string {
  switch (type.kind) {
    case "primitive":
      return DUCKDB_NAMES[type.name];
    case "decimal":
      return `DECIMAL(${type.precision},${type.scale})`;
    case "array":
      return `${stagedDuckDbType(type.element)}[]`;
    case "map":
      return `MAP(${stagedDuckDbType(type.key)}, ${stagedDuckDbType(type.value)})`;
    case "struct":
      return `STRUCT(${type.fields.map((f) => `"${f.name.replace(/"/g, '""')}" ${stagedDuckDbType(f.type)}`).join(", ")})`;
  }
}

/** Whether `type`, or a type inside it at any depth (an array's element, a map's key or value, a struct's field), is one `matches` accepts. */
export function holdsAtAnyDepth(type: SparkType, matches: (type: SparkType) => boolean): boolean {
  if (matches(type)) return true;
  switch (type.kind) {
    case "primitive":
    case "decimal":
      return false;
    case "array":
      return holdsAtAnyDepth(type.element, matches);
    case "map":
      return holdsAtAnyDepth(type.key, matches) || holdsAtAnyDepth(type.value, matches);
    case "struct":
      return type.fields.some((f) => holdsAtAnyDepth(f.type, matches));
  }
}
