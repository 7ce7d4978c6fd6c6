/**
 * Spark functions whose value Java's library computes and DuckDB's SQL cannot compute alike, written in JavaScript, whose Math
 * follows the same fdlibm algorithms: expm1 and log1p, exact near 0 where exp(x) - 1 and ln(1 + x) lose the digits; crc32 of
 * bytes (java.util.zip.CRC32's, zlib's); round and bround of a DOUBLE, as BigDecimal rounds its text. Each is NULL where an
 * argument is, and is registered once for every connection.
 */
import { crc32 } from "node:zlib";
import { BIGINT, BLOB, DOUBLE, type DuckDBBlobValue, type DuckDBConnection, DuckDBScalarFunction, type DuckDBType, INTEGER } from "@duckdb/node-api";

/** registers `name`(parameters) → result, `compute` over each row's values */
function registerScalar<R>(conn: DuckDBConnection, name: string, parameters: DuckDBType[], result: DuckDBType, compute: (...values: never[]) => R): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: result,
      parameterTypes: parameters,
      mainFunction: (_info, input, output) => {
        const columns = parameters.map((_, k) => input.getColumnVector(k));
        for (let row = 0; row < input.rowCount; row++) {
          const values = columns.map((column) => column.getItem(row));
          output.setItem(row, values.includes(null) ? null : (compute(...(values as never[])) as never));
        }
        output.flush();
      },
    }),
  );
}

/**
 * x rounded at d places (left of the point for a negative d), HALF_UP or HALF_EVEN, as Spark rounds a DOUBLE:
 * BigDecimal.valueOf(x), the digits of Java's Double.toString (the shortest that read back as x, as JavaScript writes them),
 * set to scale d, then read as the nearest DOUBLE. NaN and the infinities stay; a zero has no sign, as a BigDecimal has none.
 */
export function roundDouble(x: number, d: number, even: boolean): number {
  if (!Number.isFinite(x)) return x;
  const [mantissa, power = "0"] = Math.abs(x).toString().split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = (whole + fraction).replace(/^0+(?=\d)/, "");
  // x's magnitude is digits × 10^exponent; the digits past d places go
  const dropped = -(Number(power) - fraction.length) - d;
  if (dropped <= 0) return x === 0 ? 0 : x;
  // more places dropped than there are digits: the first dropped digit is a 0, which rounds down
  if (dropped > digits.length) return 0;
  const kept = digits.slice(0, digits.length - dropped) || "0";
  const [first, rest] = [digits[digits.length - dropped], digits.slice(digits.length - dropped + 1)];
  const up = first > "5" || (first === "5" && (!even || /[1-9]/.test(rest) || Number(kept.at(-1)) % 2 === 1));
  const rounded = up ? (kept.length < 16 ? String(Number(kept) + 1) : String(BigInt(kept) + 1n)) : kept;
  if (/^0*$/.test(rounded)) return 0;
  const magnitude = Number(`${rounded}e${-d}`);
  return x < 0 ? -magnitude : magnitude;
}

export function registerJavaMath(conn: DuckDBConnection): void {
  registerScalar(conn, "spark_expm1", [DOUBLE], DOUBLE, Math.expm1);
  registerScalar(conn, "spark_log1p_double", [DOUBLE], DOUBLE, Math.log1p);
  registerScalar(conn, "spark_crc32_bytes", [BLOB], BIGINT, (bytes: DuckDBBlobValue) => BigInt(crc32(bytes.bytes)));
  registerScalar(conn, "spark_round_half_up_double", [DOUBLE, INTEGER], DOUBLE, (x: number, d: number) => roundDouble(x, d, false));
  registerScalar(conn, "spark_round_half_even_double", [DOUBLE, INTEGER], DOUBLE, (x: number, d: number) => roundDouble(x, d, true));
}
