/**
 * A calculated field's value on the first sample row as the service's expression check answered it:
 * its JSON as the service wrote it (a DECIMAL's `2.50` keeps its scale, a DOUBLE its digits), text
 * in quotes. A number the service sends as text, because a double cannot hold it (a BIGINT beyond
 * 2^53, a DECIMAL such as 1.000000000000000001), is shown as the number it is, without quotes:
 * `resultType` says it is one.
 */
import { jsonText } from "../../api/lossless-json";

const NUMBER_TYPE = /^(DECIMAL|NUMERIC|U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|DOUBLE|FLOAT|REAL)\b/i;

/** `result` as parsed by parseExact (its numbers ExactNumber) */
export function resultText(resultType: string | undefined, result: unknown): string {
  if (typeof result === "string" && NUMBER_TYPE.test(resultType ?? "")) return result;
  return jsonText(result);
}
