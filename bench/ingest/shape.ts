/** The staged table of the ingestion benchmark and its mapping into an XDM schema. */

type Calculated = Array<[expression: string, xdm: { type: string; format?: string; properties?: Record<string, { type: string }> }]>;

/**
 * The same mapping plus 10 calculated fields: strings, dates, logic, hashing, regex, sizes.
 * Their values are small, so what they cost is computing them, not writing more data.
 */
const CALCULATED: Calculated = [
  ["upper(left(name, 8))", { type: "string" }],
  ['iif(id % 2 == 0, "even", "odd")', { type: "string" }],
  ['split(email, "@")[1]', { type: "string" }],
  ['date_part("month", updated_at)', { type: "integer" }],
  ['format(updated_at, "yyyy-MM")', { type: "string" }],
  ['decode(id % 3, 0, "zero", 1, "one", "two")', { type: "string" }],
  ["size_of(note)", { type: "integer" }],
  ["substr(sha256(email), 0, 8)", { type: "string" }],
  ['instr(email, "@")', { type: "integer" }],
  ['matches_regex(email, "[0-9a-f]+@example\\.com")', { type: "boolean" }],
];

/**
 * 10 calculated fields of the kinds Data Prep users write every day: concatenating and casing
 * strings, a condition, an object built from columns, the run's time, a fresh id, a date parsed with
 * an explicit format, a lookup, a fallback and a length. Three of them are new unique strings a row
 * (the concatenation, the lower-cased name and the uuid), so they write more data than CALCULATED.
 */
const EVERYDAY: Calculated = [
  ['concat(name, " <", email, ">")', { type: "string" }],
  ["lower(name)", { type: "string" }],
  ['iif(id % 2 == 0, "even", "odd")', { type: "string" }],
  ['to_object("id", id, "name", name)', { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } }],
  ["now()", { type: "string", format: "date-time" }],
  ["uuid()", { type: "string" }],
  ['date(format(updated_at, "yyyy-MM-dd"), "yyyy-MM-dd")', { type: "string", format: "date" }],
  ['decode(id % 3, 0, "zero", 1, "one", "two")', { type: "string" }],
  ["coalesce(name, email)", { type: "string" }],
  ["size_of(note)", { type: "integer" }],
];

const ATTRIBUTE_FIELDS = {
  _id: { type: "string" },
  customerId: { type: "integer" },
  balance: { type: "number" },
  updatedAt: { type: "string", format: "date-time" },
  person: { type: "object", properties: { name: { type: "string" }, email: { type: "string" }, note: { type: "string" } } },
};

const ATTRIBUTE_MAPPINGS = [
  { sourceAttribute: "email", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "balance", destinationXdmPath: "balance" },
  { sourceAttribute: "updated_at", destinationXdmPath: "updatedAt" },
  { sourceAttribute: "name", destinationXdmPath: "person.name" },
  { sourceAttribute: "email", destinationXdmPath: "person.email" },
  { sourceAttribute: "note", destinationXdmPath: "person.note" },
];

/** The mappings of one ingestion of the benchmark and the schema they map into. */
export type BenchMapping = "attributes" | "calculated" | "checked" | "everyday";

/**
 * "attributes" maps the staged columns only, into the schema "calculated" fills (its fields calc1 …
 * calc10 stay null); "calculated" adds CALCULATED, "checked" the same into fields with constraints
 * (strings a maxLength, integers the int range; every value meets them, so each is checked: its
 * expression is read by the row's checks as well as by the projection); "everyday" adds EVERYDAY
 * (into day1 … day10 instead).
 */
export function benchMapping(kind: BenchMapping) {
  const set = kind === "everyday" ? { fields: EVERYDAY, prefix: "day" } : { fields: CALCULATED, prefix: "calc" };
  const name = (i: number) => `${set.prefix}${i + 1}`;
  const fields = set.fields.map(([, xdm], i) => [name(i), kind === "checked" ? constrained(xdm) : xdm] as const);
  const calculated = set.fields.map(([expression], i) => ({ sourceType: "EXPRESSION" as const, sourceAttribute: expression, destinationXdmPath: name(i) }));
  return {
    rules: kind === "attributes" ? ATTRIBUTE_MAPPINGS : [...ATTRIBUTE_MAPPINGS, ...calculated],
    schema: { properties: { ...ATTRIBUTE_FIELDS, ...Object.fromEntries(fields) } },
  };
}

function constrained(xdm: Calculated[number][1]) {
  if (xdm.type === "string" && !xdm.format) return { ...xdm, maxLength: 1000 };
  return xdm.type === "integer" ? { ...xdm, "meta:xdmType": "int" } : xdm;
}

/** DuckDB SQL for `rows` staged rows: random text so the Parquet stays large (≈ 110 bytes a row). */
export function stagedRowsSql(rows: number): string {
  return `SELECT i::BIGINT AS id, 'Customer ' || i AS name, md5(i::VARCHAR) || '@example.com' AS email,
            md5((i * 7)::VARCHAR) || md5((i * 13)::VARCHAR) || md5((i * 31)::VARCHAR) AS note,
            (i || '.' || lpad((i % 1000000)::VARCHAR, 18, '0'))::DECIMAL(38,18) AS balance,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997) AS updated_at
          FROM range(${rows}) t(i)`;
}
