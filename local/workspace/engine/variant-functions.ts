/**
 * Spark's VARIANT in the local workspace (docs/variant.md): a value is DuckDB's VARIANT, which reads and writes Spark's binary
 * form (variant_bytes_to_variant, variant_to_parquet_variant); parse_json builds that form as Spark does and to_json writes it
 * back as Spark does, both in JavaScript (src/delta/variant-json.ts, variant-sql.ts), where DuckDB's own JSON casts read and write numbers
 * otherwise.
 */
import {
  BLOB,
  BOOLEAN,
  DuckDBBlobValue,
  DuckDBListValue,
  DuckDBScalarFunction,
  DuckDBStructValue,
  INTEGER,
  LIST,
  STRUCT,
  VARCHAR,
  type DuckDBConnection,
} from "@duckdb/node-api";
import { DuplicateVariantKey, variantBytesAt, variantMembers, VariantTooLarge, type VariantStep } from "../../../src/delta/variant-binary.js";
import { registerVariantText, VARIANT_TEXT_MACROS } from "../../../src/delta/variant-sql.js";
import type { JsonPathStep } from "./json-path.js";
import { MalformedJson, variantOfJson } from "../../../src/delta/variant-json.js";
import { mergedSchemaText } from "./variant-schema.js";

const RUNTIME = "org.apache.spark.SparkRuntimeException";

/** Spark's error for parse_json's text (what errors.ts reads back from DuckDB's message) */
function parseJsonRefusal(text: string, e: unknown): Error {
  if (e instanceof DuplicateVariantKey) return new Error(`${RUNTIME}: [VARIANT_DUPLICATE_KEY] Failed to build variant because of a duplicate object key \`${e.key}\`. SQLSTATE: 22023`);
  if (e instanceof VariantTooLarge) return new Error(`${RUNTIME}: [VARIANT_SIZE_LIMIT] Cannot build variant bigger than 16.0 MiB in parse_json. SQLSTATE: 22023`);
  if (e instanceof MalformedJson) {
    return new Error(
      `org.apache.spark.SparkException: [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${text}. ` +
        `Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** a variant's bytes as DuckDB's variant_bytes_to_variant reads them: the metadata, then the value */
const joined = (metadata: Uint8Array, value: Uint8Array) => Buffer.concat([metadata, value]);

/** a path's steps as sql/json-path-operator.ts and sql/variant-calls.ts write them (a [*] step, which spark_json_path_all refuses on a VARIANT, finds nothing) */
function variantSteps(json: string): VariantStep[] | undefined {
  const steps = JSON.parse(json) as JsonPathStep[];
  return steps.some((step) => "every" in step) ? undefined : (steps as VariantStep[]);
}

export function registerVariantFunctions(conn: DuckDBConnection): void {
  registerVariantText(conn);
  // spark_variant_of_json(text, try): the bytes of parse_json(text); with `try` NULL for text that is no JSON
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "spark_variant_of_json",
      returnType: BLOB,
      parameterTypes: [VARCHAR, BOOLEAN],
      mainFunction: (_info, input, output) => {
        const [texts, tries] = [input.getColumnVector(0), input.getColumnVector(1)];
        for (let row = 0; row < input.rowCount; row++) {
          const text = texts.getItem(row) as string | null;
          if (text === null) {
            output.setItem(row, null);
            continue;
          }
          try {
            const { metadata, value } = variantOfJson(text);
            output.setItem(row, new DuckDBBlobValue(joined(metadata, value)));
          } catch (e) {
            if (tries.getItem(row) === true && e instanceof MalformedJson) output.setItem(row, null);
            else throw parseJsonRefusal(text, e);
          }
        }
        output.flush();
      },
    }),
  );
  // spark_variant_at(bytes, steps): the bytes of the value a path names inside a variant, NULL where it names none
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "spark_variant_at",
      returnType: BLOB,
      parameterTypes: [BLOB, VARCHAR],
      mainFunction: (_info, input, output) => {
        const [bytes, paths] = [input.getColumnVector(0), input.getColumnVector(1)];
        for (let row = 0; row < input.rowCount; row++) {
          const [blob, path] = [bytes.getItem(row) as DuckDBBlobValue | null, paths.getItem(row) as string | null];
          const steps = path === null ? undefined : variantSteps(path);
          const found = blob === null || steps === undefined ? undefined : variantBytesAt(blob.bytes, steps);
          output.setItem(row, found ? new DuckDBBlobValue(found) : null);
        }
        output.flush();
      },
    }),
  );
  // spark_variant_members(bytes): variant_explode's rows of a variant, its position, key (an object's) and value's bytes each
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "spark_variant_members",
      returnType: LIST(STRUCT({ pos: INTEGER, key: VARCHAR, value: BLOB })),
      parameterTypes: [BLOB],
      mainFunction: (_info, input, output) => {
        const bytes = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const blob = bytes.getItem(row) as DuckDBBlobValue | null;
          const members = blob === null ? [] : variantMembers(blob.bytes);
          output.setItem(row, new DuckDBListValue(members.map((m, pos) => new DuckDBStructValue({ pos, key: m.key ?? null, value: new DuckDBBlobValue(m.bytes) }))));
        }
        output.flush();
      },
    }),
  );
  // spark_variant_schema(variants): schema_of_variant's merged type of a list of variants' bytes (one for schema_of_variant)
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "spark_variant_schema",
      returnType: VARCHAR,
      parameterTypes: [LIST(BLOB)],
      mainFunction: (_info, input, output) => {
        const lists = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const list = lists.getItem(row) as DuckDBListValue | null;
          output.setItem(row, mergedSchemaText((list?.items ?? []).map((item) => (item === null ? null : (item as DuckDBBlobValue).bytes))));
        }
        output.flush();
      },
    }),
  );
}

export const VARIANT_MACROS: readonly string[] = [
  ...VARIANT_TEXT_MACROS,
  "CREATE OR REPLACE MACRO spark_parse_json(s) AS variant_bytes_to_variant(spark_variant_of_json(CAST(s AS VARCHAR), false))",
  "CREATE OR REPLACE MACRO spark_try_parse_json(s) AS variant_bytes_to_variant(spark_variant_of_json(CAST(s AS VARCHAR), true))",
  // to_json(v) and CAST(v AS STRING) (src/delta/variant-sql.ts)
  "CREATE OR REPLACE MACRO spark_variant_json(x) AS spark_variant_text_of(x, 'json')",
  "CREATE OR REPLACE MACRO spark_variant_cast_text(x) AS spark_variant_text_of(x, 'cast')",
  // variant_get(v, path) and the `:` operator on a VARIANT, the path's steps as JSON (sql/variant-calls.ts, sql/json-path-operator.ts)
  // with the type it is cast to written after them, which names the column (sql/variant-calls.ts)
  "CREATE OR REPLACE MACRO spark_variant_at_path(v, steps) AS variant_bytes_to_variant(spark_variant_at(spark_variant_bytes(v), steps))",
  "CREATE OR REPLACE MACRO spark_variant_get(v, steps) AS spark_variant_at_path(v, steps), (v, steps, written) AS spark_variant_at_path(v, steps)",
  "CREATE OR REPLACE MACRO spark_try_variant_get(v, steps) AS spark_variant_at_path(v, steps), (v, steps, written) AS spark_variant_at_path(v, steps)",
  // a VARIANT's number without its fraction, which a cast to an integral type drops in Spark (DuckDB's rounds it); other values as they are
  "CREATE OR REPLACE MACRO spark_variant_whole(v) AS CASE WHEN variant_typeof(v) IN ('DOUBLE', 'FLOAT') THEN CAST(trunc(CAST(v AS DOUBLE)) AS VARIANT) " +
    "WHEN variant_typeof(v) LIKE 'DECIMAL%' THEN CAST(split_part(CAST(v AS VARCHAR), '.', 1) AS VARIANT) ELSE v END",
  // schema_of_variant(v) and schema_of_variant_agg(v); a NULL's bytes are a JSON null's, VOID
  "CREATE OR REPLACE MACRO spark_schema_of_variant(v) AS spark_variant_schema([spark_variant_bytes(v)])",
  "CREATE OR REPLACE MACRO spark_schema_of_variant_agg(v) AS spark_variant_schema(list(CASE WHEN v IS NOT NULL THEN spark_variant_bytes(v) END))",
  // variant_explode(v) and variant_explode_outer(v) in a FROM clause (sql/translate.ts): a row of each member, or for the outer form a
  // row of NULLs where there is none
  "CREATE OR REPLACE MACRO spark_variant_member_list(v, keep_empty) AS list_transform([spark_variant_members(spark_variant_bytes(v))], l -> CASE WHEN keep_empty AND len(l) = 0 THEN [NULL] ELSE l END)[1]",
  // is_variant_null(v): DuckDB reads a VARIANT's JSON null as SQL's NULL, so the two are one here (DEVIATIONS.md)
  "CREATE OR REPLACE MACRO spark_is_variant_null(v) AS v IS NULL",
];
