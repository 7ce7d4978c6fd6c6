/**
 * DuckDB type names as DESCRIBE prints them (`STRUCT(a VARCHAR, "b c" INTEGER[])`,
 * `MAP(VARCHAR, BIGINT)`, `DECIMAL(38,18)`, `TIMESTAMP WITH TIME ZONE`), read into a tree, so a
 * conversion can follow struct members, list elements and map values.
 */

export type DuckType =
  | { kind: "scalar"; name: string }
  | { kind: "list"; element: DuckType }
  | { kind: "struct"; fields: Array<[string, DuckType]> }
  | { kind: "map"; key: DuckType; value: DuckType };

export function parseDuckType(text: string): DuckType {
  const reader = { text, at: 0 };
  const type = readType(reader);
  skipSpaces(reader);
  if (reader.at !== text.length) throw new Error(`unexpected "${text.slice(reader.at)}" in the type ${text}`);
  return type;
}

/** The type as DuckDB writes it (what a CAST or a typed NULL takes). */
export function typeText(type: DuckType): string {
  switch (type.kind) {
    case "scalar":
      return type.name;
    case "list":
      return `${typeText(type.element)}[]`;
    case "map":
      return `MAP(${typeText(type.key)}, ${typeText(type.value)})`;
    case "struct":
      return `STRUCT(${type.fields.map(([name, field]) => `"${name.replaceAll('"', '""')}" ${typeText(field)}`).join(", ")})`;
  }
}

interface Reader {
  text: string;
  at: number;
}

function skipSpaces(r: Reader): void {
  while (r.text[r.at] === " ") r.at++;
}

function expect(r: Reader, char: string): void {
  skipSpaces(r);
  if (r.text[r.at] !== char) throw new Error(`expected "${char}" at ${r.at} in the type ${r.text}`);
  r.at++;
}

function readType(r: Reader): DuckType {
  skipSpaces(r);
  let type = readBase(r);
  // list suffixes: INTEGER[] (and fixed-size INTEGER[3], read as a list)
  while (r.text[r.at] === "[") {
    const close = r.text.indexOf("]", r.at);
    r.at = close + 1;
    type = { kind: "list", element: type };
  }
  return type;
}

function readBase(r: Reader): DuckType {
  const word = /^[A-Za-z_][A-Za-z0-9_]*( WITH TIME ZONE)?/.exec(r.text.slice(r.at))?.[0];
  if (!word) throw new Error(`expected a type at ${r.at} in ${r.text}`);
  r.at += word.length;
  const name = word.toUpperCase();
  if (name === "STRUCT") {
    expect(r, "(");
    const fields: Array<[string, DuckType]> = [];
    for (;;) {
      const fieldName = readIdentifier(r);
      fields.push([fieldName, readType(r)]);
      skipSpaces(r);
      if (r.text[r.at] === ",") { r.at++; continue; }
      expect(r, ")");
      return { kind: "struct", fields };
    }
  }
  if (name === "MAP") {
    expect(r, "(");
    const key = readType(r);
    expect(r, ",");
    const value = readType(r);
    expect(r, ")");
    return { kind: "map", key, value };
  }
  if (r.text[r.at] === "(") {
    // DECIMAL(p,s), VARCHAR(n), UNION(…), ENUM(…): kept whole
    let depth = 0;
    const start = r.at;
    do {
      if (r.text[r.at] === "(") depth++;
      if (r.text[r.at] === ")") depth--;
      if (r.text[r.at] === "'") r.at = r.text.indexOf("'", r.at + 1);
      r.at++;
    } while (depth > 0 && r.at < r.text.length);
    return { kind: "scalar", name: name + r.text.slice(start, r.at).replaceAll(" ", "") };
  }
  return { kind: "scalar", name };
}

function readIdentifier(r: Reader): string {
  skipSpaces(r);
  if (r.text[r.at] === '"') {
    let name = "";
    r.at++;
    for (;;) {
      const close = r.text.indexOf('"', r.at);
      name += r.text.slice(r.at, close);
      r.at = close + 1;
      if (r.text[r.at] !== '"') return name;
      name += '"';
      r.at++;
    }
  }
  const word = /^[^ "(),]+/.exec(r.text.slice(r.at))?.[0];
  if (!word) throw new Error(`expected a field name at ${r.at} in ${r.text}`);
  r.at += word.length;
  return word;
}

/** The type of a member inside struct members (`a.b.c` → the type of c), or undefined when there is none. */
export function memberType(type: string, members: readonly string[]): string | undefined {
  let node: DuckType | undefined = parseDuckType(type);
  for (const name of members) {
    node = node.kind === "struct" ? node.fields.find(([field]) => field === name)?.[1] : undefined;
    if (!node) return undefined;
  }
  return typeText(node);
}
