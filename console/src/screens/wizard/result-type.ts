/**
 * The type of a calculated field's value, which the service's expression check names as DuckDB does
 * (VARCHAR, STRUCT("a" DECIMAL(3,2)), BIGINT[]), written as the source panel writes a column's Spark
 * type (string, struct<a:decimal(3,2)>, array<bigint>), so that the two sides of a mapping read
 * alike. A type Spark has no name for (HUGEINT, UUID…) keeps DuckDB's.
 */
const NAMES: Readonly<Record<string, string>> = {
  VARCHAR: "string",
  JSON: "string",
  BIGINT: "bigint",
  INTEGER: "int",
  SMALLINT: "smallint",
  TINYINT: "tinyint",
  DOUBLE: "double",
  FLOAT: "float",
  BOOLEAN: "boolean",
  DATE: "date",
  "TIMESTAMP WITH TIME ZONE": "timestamp",
  TIMESTAMP: "timestamp_ntz",
  BLOB: "binary",
};

export function sparkTypeName(duckDbType: string): string {
  const type = duckDbType.trim();
  if (type.endsWith("[]")) return `array<${sparkTypeName(type.slice(0, -2))}>`;
  const call = /^(STRUCT|MAP|DECIMAL)\((.*)\)$/i.exec(type);
  if (!call) return NAMES[type.toUpperCase()] ?? type;
  const [, kind, inside] = call;
  const parts = topLevelParts(inside);
  switch (kind.toUpperCase()) {
    case "DECIMAL":
      return `decimal(${parts.join(",")})`;
    case "MAP":
      return parts.length === 2 ? `map<${parts.map(sparkTypeName).join(",")}>` : type;
    default:
      return `struct<${parts.map(structMember).join(",")}>`;
  }
}

/** `"a b" DECIMAL(3,2)` as `a b:decimal(3,2)` */
function structMember(member: string): string {
  const quoted = /^"((?:[^"]|"")*)"\s+(.*)$/s.exec(member);
  if (quoted) return `${quoted[1].replaceAll('""', '"')}:${sparkTypeName(quoted[2])}`;
  const [, name, type] = /^(\S+)\s+(.*)$/s.exec(member) ?? [member, member, ""];
  return `${name}:${sparkTypeName(type)}`;
}

/** `text` split at its commas outside parentheses and quotes, each part trimmed */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
