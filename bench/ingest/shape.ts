/** The staged table of the ingestion benchmark and its mapping into an XDM schema. */
export const BENCH_SCHEMA = {
  properties: {
    _id: { type: "string" },
    customerId: { type: "integer" },
    balance: { type: "number" },
    updatedAt: { type: "string", format: "date-time" },
    person: { type: "object", properties: { name: { type: "string" }, email: { type: "string" }, note: { type: "string" } } },
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

/** DuckDB SQL for `rows` staged rows: random text so the Parquet stays large (≈ 110 bytes a row). */
export function stagedRowsSql(rows: number): string {
  return `SELECT i::BIGINT AS id, 'Customer ' || i AS name, md5(i::VARCHAR) || '@example.com' AS email,
            md5((i * 7)::VARCHAR) || md5((i * 13)::VARCHAR) || md5((i * 31)::VARCHAR) AS note,
            (i || '.' || lpad((i % 1000000)::VARCHAR, 18, '0'))::DECIMAL(38,18) AS balance,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997) AS updated_at
          FROM range(${rows}) t(i)`;
}
