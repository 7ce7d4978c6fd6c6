/**
 * Spark (and Delta) data types: the JSON form Delta keeps in its schemaString and Databricks puts in
 * a table result's `type` field, parsed from DDL text and rendered as DuckDB types or Spark's
 * simpleString (what DESCRIBE TABLE shows).
 */
import { sqlErrors } from "../errors.js";
import type { Cursor } from "./cursor.js";

export type SparkType = string | SparkStruct | SparkArray | SparkMap;
export interface SparkField {
  name: string;
  type: SparkType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}
export interface SparkStruct {
  type: "struct";
  fields: SparkField[];
}
export interface SparkArray {
  type: "array";
  elementType: SparkType;
  containsNull: boolean;
}
export interface SparkMap {
  type: "map";
  keyType: SparkType;
  valueType: SparkType;
  valueContainsNull: boolean;
}

const PRIMITIVES: Record<string, string> = {
  BIGINT: "long",
  LONG: "long",
  INT: "integer",
  INTEGER: "integer",
  SMALLINT: "short",
  SHORT: "short",
  TINYINT: "byte",
  BYTE: "byte",
  BOOLEAN: "boolean",
  BOOL: "boolean",
  FLOAT: "float",
  REAL: "float",
  DOUBLE: "double",
  STRING: "string",
  BINARY: "binary",
  DATE: "date",
  TIMESTAMP: "timestamp",
  TIMESTAMP_LTZ: "timestamp",
  TIMESTAMP_NTZ: "timestamp_ntz",
  VARIANT: "variant",
};

/**
 * Parses a Spark DDL type at the cursor: BIGINT, DECIMAL(38,18), ARRAY<INT>, STRUCT<a: INT, b STRING>, MAP<K,V>.
 * CHAR(n) and VARCHAR(n) are STRING, as in a cast; with `declared` (a table's column) they are kept as
 * `char(n)` and `varchar(n)`, which only a table's schema holds (sql/char-varchar.ts).
 */
export function parseSparkType(c: Cursor, declared = false): SparkType {
  const word = c.identifier().toUpperCase();
  if (PRIMITIVES[word]) return PRIMITIVES[word];
  switch (word) {
    case "DECIMAL":
    case "DEC":
    case "NUMERIC": {
      let precision = 10;
      let scale = 0;
      if (c.acceptOp("(")) {
        precision = c.integer();
        if (c.acceptOp(",")) scale = c.integer();
        c.expectOp(")");
      }
      if (precision < 1 || precision > 38 || scale > precision) {
        throw sqlErrors.syntax(`DECIMAL(${precision},${scale})`, "(precision must be 1..38 and scale <= precision)");
      }
      return `decimal(${precision},${scale})`;
    }
    case "VARCHAR":
    case "CHAR":
    case "CHARACTER": {
      if (!c.acceptOp("(")) return "string";
      const length = c.integer();
      c.expectOp(")");
      return declared ? `${word === "VARCHAR" ? "varchar" : "char"}(${length})` : "string";
    }
    case "ARRAY": {
      c.expectOp("<");
      const elementType = parseSparkType(c, declared);
      closeAngle(c);
      return { type: "array", elementType, containsNull: true };
    }
    case "MAP": {
      c.expectOp("<");
      const keyType = parseSparkType(c, declared);
      c.expectOp(",");
      const valueType = parseSparkType(c, declared);
      closeAngle(c);
      return { type: "map", keyType, valueType, valueContainsNull: true };
    }
    case "STRUCT": {
      c.expectOp("<");
      const fields: SparkField[] = [];
      if (!c.isOp(">")) {
        do {
          const name = c.identifier();
          c.acceptOp(":");
          const type = parseSparkType(c, declared);
          let nullable = true;
          if (c.accept("NOT", "NULL")) nullable = false;
          const metadata: Record<string, unknown> = {};
          if (c.accept("COMMENT")) metadata.comment = c.string();
          fields.push({ name, type, nullable, metadata });
        } while (c.acceptOp(","));
      }
      closeAngle(c);
      return { type: "struct", fields };
    }
    default:
      throw sqlErrors.unsupported(`The data type ${word}`);
  }
}

/** `>>` is not a token here, but `>` followed by `>` is two tokens; accept either. */
function closeAngle(c: Cursor): void {
  c.expectOp(">");
}

/** The DuckDB type that holds a Spark type without loss (Spark TIMESTAMP is an instant: TIMESTAMPTZ). */
export function sparkToDuckDb(t: SparkType): string {
  if (typeof t === "string") {
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
    if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
    const map: Record<string, string> = {
      long: "BIGINT",
      integer: "INTEGER",
      short: "SMALLINT",
      byte: "TINYINT",
      boolean: "BOOLEAN",
      float: "FLOAT",
      double: "DOUBLE",
      string: "VARCHAR",
      binary: "BLOB",
      date: "DATE",
      timestamp: "TIMESTAMPTZ",
      timestamp_ntz: "TIMESTAMP",
      variant: "VARIANT",
    };
    const duck = map[t];
    if (!duck) throw sqlErrors.unsupported(`The data type ${t}`);
    return duck;
  }
  switch (t.type) {
    case "array":
      return `${sparkToDuckDb(t.elementType)}[]`;
    case "map":
      return `MAP(${sparkToDuckDb(t.keyType)}, ${sparkToDuckDb(t.valueType)})`;
    case "struct":
      return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${sparkToDuckDb(f.type)}`).join(", ")})`;
  }
}

/** Spark's simpleString/catalogString: what DESCRIBE TABLE prints. */
export function sparkSimpleString(t: SparkType): string {
  if (typeof t === "string") {
    const names: Record<string, string> = { long: "bigint", integer: "int", short: "smallint", byte: "tinyint" };
    return names[t] ?? t;
  }
  switch (t.type) {
    case "array":
      return `array<${sparkSimpleString(t.elementType)}>`;
    case "map":
      return `map<${sparkSimpleString(t.keyType)},${sparkSimpleString(t.valueType)}>`;
    case "struct":
      return `struct<${t.fields.map((f) => `${f.name}:${sparkSimpleString(f.type)}`).join(",")}>`;
  }
}

/** Spark's DataType.sql, as its messages write a type: MAP<STRING, BIGINT>, STRUCT<a: INT, `b c`: STRING>. */
export function sparkSqlType(t: SparkType): string {
  if (typeof t === "string") return sparkSimpleString(t).toUpperCase();
  switch (t.type) {
    case "array":
      return `ARRAY<${sparkSqlType(t.elementType)}>`;
    case "map":
      return `MAP<${sparkSqlType(t.keyType)}, ${sparkSqlType(t.valueType)}>`;
    case "struct":
      return `STRUCT<${t.fields.map((f) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) ? f.name : "`" + f.name.replaceAll("`", "``") + "`"}: ${sparkSqlType(f.type)}`).join(", ")}>`;
  }
}

/** whether a value of this type holds a MAP at any depth */
export function holdsMap(t: SparkType): boolean {
  if (typeof t === "string") return false;
  switch (t.type) {
    case "map":
      return true;
    case "array":
      return holdsMap(t.elementType);
    case "struct":
      return t.fields.some((f) => holdsMap(f.type));
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A Spark string literal's value as a DuckDB expression. DuckDB's parser ends a quoted string at a
 * NUL character (`'a\0b'`, `'a\u0000b'` in Spark, or the raw character), so each NUL is `chr(0)`
 * between the quoted pieces.
 */
export function stringExpression(value: string): string {
  if (!value.includes("\0")) return quoteString(value);
  return `(${value.split("\0").map(quoteString).join(" || chr(0) || ")})`;
}
