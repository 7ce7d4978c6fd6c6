/**
 * Spark's datetime patterns (date_format's `yyyy-MM-dd HH:mm:ss.SSS`) → DuckDB strftime formats. The letters with no strftime
 * code (the quarter, K and k's hours, the era, the zone's offset and name) are written as marks that engine/datetime-marks.ts
 * fills as each row is written; a pattern to parse with takes none of them. Other letters are refused, naming them.
 */
import { sqlErrors } from "../errors.js";
import { markOf } from "../engine/datetime-marks.js";

/** a run of one letter, by its length (the last entry serves longer runs) */
const LETTERS: Record<string, string[]> = {
  y: ["%Y", "%y", "%Y"],
  M: ["%-m", "%m", "%b", "%B"],
  L: ["%-m", "%m", "%b", "%B"],
  d: ["%-d", "%d"],
  D: ["%-j", "%j", "%j"],
  H: ["%-H", "%H"],
  h: ["%-I", "%I"],
  m: ["%-M", "%M"],
  s: ["%-S", "%S"],
  a: ["%p"],
  E: ["%a", "%a", "%a", "%A"],
};
/** fraction-of-second digits strftime writes */
const FRACTIONS: Record<number, string> = { 3: "%g", 6: "%f", 9: "%n" };

export function strftimePattern(spark: string): string {
  return convert(spark, "date_format");
}

/**
 * A Spark pattern to parse with (to_date, to_timestamp, unix_timestamp) → a strptime format: the letters
 * date_format writes but the zone letters, which are refused by name (the session's zone is UTC here)
 */
export function strptimePattern(spark: string, fn: string): string {
  return convert(spark, fn);
}

function convert(spark: string, fn: string): string {
  const parsing = fn !== "date_format";
  let out = "";
  for (let k = 0; k < spark.length; ) {
    const c = spark[k];
    if (c === "'") {
      k = quoted(spark, k + 1, (text) => (out += escape(text)));
      continue;
    }
    if (c === "[" || c === "]") {
      // an optional section: written whole, as Spark writes it; strptime has none to parse with
      if (parsing) throw sqlErrors.unsupported(`An optional section [...] in the datetime pattern of ${fn}`);
      k++;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += escape(c);
      k++;
      continue;
    }
    let n = 1;
    while (spark[k + n] === c) n++;
    k += n;
    if (c === "S") {
      const format = FRACTIONS[n];
      if (!format) throw sqlErrors.unsupported(`The datetime pattern letters '${"S".repeat(n)}' in ${fn} (the local workspace takes a fraction of a second as SSS, SSSSSS or SSSSSSSSS)`);
      out += format;
      continue;
    }
    const forms = LETTERS[c];
    const mark = forms || parsing ? undefined : markOf(c, n);
    if (!forms && !mark) throw sqlErrors.unsupported(`The datetime pattern '${c.repeat(n)}' in ${fn}`);
    out += mark ?? forms[Math.min(n, forms.length) - 1];
  }
  return out;
}

const escape = (text: string) => text.replace(/%/g, "%%");

/** the text quoted from `from` (just past a "'") up to the closing "'", a doubled "'" being one; where the pattern goes on */
function quoted(spark: string, from: number, write: (text: string) => void): number {
  let k = from;
  if (spark[k] === "'") {
    write("'");
    return k + 1;
  }
  let text = "";
  while (k < spark.length) {
    if (spark[k] === "'" && spark[k + 1] === "'") {
      text += "'";
      k += 2;
    } else if (spark[k] === "'") {
      k++;
      break;
    } else text += spark[k++];
  }
  write(text);
  return k;
}
