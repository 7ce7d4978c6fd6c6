/** The source table of the whole-run benchmarks, as Spark SQL for the local workspace, and its mapping into XDM. */

/** The rows `from` ≤ id < `to` of the events table (about 21 bytes a row as Parquet); `createdAt` is a Spark SQL expression. */
export function eventRowsSql(from: number, to: number, createdAt = "timestamp_millis(1704067200000 + id)"): string {
  return `SELECT id, id % 100000 AS customer_id, CAST((id % 100000) / 100 AS DECIMAL(18,2)) AS amount,
       CASE id % 3 WHEN 0 THEN 'placed' WHEN 1 THEN 'shipped' ELSE 'cancelled' END AS status,
       ${createdAt} AS created_at, concat('note-', id) AS note
     FROM range(${from}, ${to})`;
}

export const EVENT_COLUMNS = ["id", "customer_id", "amount", "status", "created_at", "note"];

export const EVENT_SCHEMA = {
  title: "Benchmark events",
  type: "object",
  properties: {
    _id: { type: "string" },
    eventId: { type: "integer", "meta:xdmType": "long" },
    customerId: { type: "integer", "meta:xdmType": "long" },
    amount: { type: "number" },
    status: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
  },
};

export const EVENT_MAPPINGS = [
  ["note", "_id"],
  ["id", "eventId"],
  ["customer_id", "customerId"],
  ["amount", "amount"],
  ["status", "status"],
  ["created_at", "createdAt"],
].map(([sourceAttribute, destinationXdmPath]) => ({ sourceAttribute, destinationXdmPath }));
