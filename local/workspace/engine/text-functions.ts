/**
 * Scalar functions written in JavaScript, for what DuckDB's SQL cannot compute as Spark does (exact
 * DECIMAL arithmetic, from_json, format_number, soundex): each takes VARCHARs and answers a VARCHAR,
 * NULL where any argument is NULL, and is registered once for every connection of the database.
 */
import { DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";

/** registers `name`(VARCHAR × parameters) → VARCHAR, `compute` over each row's values */
export function registerTextFunction(conn: DuckDBConnection, name: string, parameters: number, compute: (...values: string[]) => string | null): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: VARCHAR,
      parameterTypes: Array.from({ length: parameters }, () => VARCHAR),
      mainFunction: (_info, input, output) => {
        const columns = Array.from({ length: parameters }, (_, k) => input.getColumnVector(k));
        for (let row = 0; row < input.rowCount; row++) {
          const values = columns.map((column) => column.getItem(row) as string | null);
          output.setItem(row, values.includes(null) ? null : compute(...(values as string[])));
        }
        output.flush();
      },
    }),
  );
}
