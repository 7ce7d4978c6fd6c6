/** The staged table of the ingestion benchmark and its mapping into an XDM schema. */

/**
 * The same mapping plus 10 calculated fields: strings, dates, logic, hashing, regex, sizes.
 * Their values are small, so what they cost is computing them, not writing more data.
 */
const CALCULATED: Array<[expression: string, xdmType: string]> = [
  ["upper(left(name, 8))", "string"],
  ['iif(id % 2 == 0, "even", "odd")', "string"],
  ['split(email, "@")[1]', "string"],
  ['date_part("month", updated_at)', "integer"],
  ['format(updated_at, "yyyy-MM")', "string"],
  ['decode(id % 3, 0, "zero", 1, "one", "two")', "string"],
  ["size_of(note)", "integer"],
  ["substr(sha256(email), 0, 8)", "string"],
  ['instr(email, "@")', "integer"],
  ['matches_regex(email, "[0-9a-f]+@example\\.com")', "boolean"],
];

export const BENCH_SCHEMA = {
  properties: {
    _id: { type: "string" },
    customerId: { type: "integer" },
    balance: { type: "number" },
    updatedAt: { type: "string", format: "date-time" },
    person: { type: "object", properties: { name: { type: "string" }, email: { type: "string" }, note: { type: "string" } } },
    ...calculatedFields(),
  },
};

export const BENCH_MAPPINGS = [
  { sourceAttribute: "email", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "balance", destinationXdmPath: "balance" },
  { sourceAttribute: "updated_at", destinationXdmPath: "updatedAt" },
  { sourceAttribute: "name", destinationXdmPath: "person.name" },
  { sourceAttribute: "email", destinationXdmPath: "person.email" },
  { sourceAttribute: "note", destinationXdmPath: "person.note" },
];


export const BENCH_CALCULATED_MAPPINGS = [
  ...BENCH_MAPPINGS,
  ...CALCULATED.map(([expression], i) => ({ sourceType: "EXPRESSION" as const, sourceAttribute: expression, destinationXdmPath: `calc${i + 1}` })),
];

/** DuckDB SQL for `rows` staged rows: random text so the Parquet stays large (≈ 110 bytes a row). */
export function stagedRowsSql(rows: number): string {
  return `SELECT i::BIGINT AS id, 'Customer ' || i AS name, md5(i::VARCHAR) || '@example.com' AS email,
            md5((i * 7)::VARCHAR) || md5((i * 13)::VARCHAR) || md5((i * 31)::VARCHAR) AS note,
            (i || '.' || lpad((i % 1000000)::VARCHAR, 18, '0'))::DECIMAL(38,18) AS balance,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997) AS updated_at
          FROM range(${rows}) t(i)`;
}

/** the schema's fields the calculated mappings fill (calc1 … calc10) */
function calculatedFields(): Record<string, { type: string }> {
  return Object.fromEntries(CALCULATED.map(([, type], i) => [`calc${i + 1}`, { type }]));
}

/**
 * The same schema with a constraint on every calculated field a constraint can hold (strings a
 * maxLength, integers the int range; every value meets it): each of those values is checked, so
 * its expression is read by the row's checks as well as by the projection.
 */
export const BENCH_CHECKED_SCHEMA = {
  properties: {
    ...BENCH_SCHEMA.properties,
    ...Object.fromEntries(
      CALCULATED.map(([, type], i) => [
        `calc${i + 1}`,
        type === "string" ? { type, maxLength: 1000 } : type === "integer" ? { type, "meta:xdmType": "int" } : { type },
      ]),
    ),
  },
};
