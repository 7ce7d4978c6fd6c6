/**
 * Spark functions whose value Java's library computes and DuckDB's SQL cannot compute alike, written in JavaScript, whose Math
 * follows the same fdlibm algorithms: expm1 and log1p, exact near 0 where exp(x) - 1 and ln(1 + x) lose the digits; crc32 of
 * bytes (java.util.zip.CRC32's, zlib's). Each is NULL where its argument is, and is registered once for every connection.
 */
import { crc32 } from "node:zlib";
import { BIGINT, BLOB, DOUBLE, type DuckDBBlobValue, type DuckDBConnection, DuckDBScalarFunction, type DuckDBType } from "@duckdb/node-api";

/** registers `name`(parameter) → result, `compute` over each row's value */
function registerUnary<T, R>(conn: DuckDBConnection, name: string, [parameter, result]: [DuckDBType, DuckDBType], compute: (value: T) => R): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: result,
      parameterTypes: [parameter],
      mainFunction: (_info, input, output) => {
        const column = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = column.getItem(row) as T | null;
          output.setItem(row, value === null ? null : (compute(value) as never));
        }
        output.flush();
      },
    }),
  );
}

export function registerJavaMath(conn: DuckDBConnection): void {
  registerUnary(conn, "spark_expm1", [DOUBLE, DOUBLE], Math.expm1);
  registerUnary(conn, "spark_log1p_double", [DOUBLE, DOUBLE], Math.log1p);
  registerUnary(conn, "spark_crc32_bytes", [BLOB, BIGINT], (bytes: DuckDBBlobValue) => BigInt(crc32(bytes.bytes)));
}
