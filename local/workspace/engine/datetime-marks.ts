/**
 * The fields of Spark's datetime patterns that strftime has no code for: the quarter (Q, q), the hour from 0 to 11 (K) and from 1
 * to 24 (k), the era (G), and the zone letters, which write the offset or the zone of the session's time zone (DuckDB's strftime
 * of a TIMESTAMP has none). sql/datetime-pattern.ts writes each into a strftime format as a mark, MARK then the letter and how
 * many times it is repeated (`\u0001Q3`); spark_strftime fills the marks a format holds, in SQL, and markedText in JavaScript
 * (engine/strftime-text.ts).
 */
import { quoteString } from "../sql/spark-types.js";
import { pad } from "../../../src/delta/java-text.js";

/** what starts a mark in a strftime format: a character no pattern writes */
export const MARK = "\u0001";

/** the parts of a date and time a mark is written from */
export interface MarkParts {
  year: number;
  month: number;
  hour: number;
  /** the offset from UTC in seconds */
  offset: number;
}

interface MarkField {
  /** the text, in SQL, of a TIMESTAMP WITH TIME ZONE `t` in the session's zone */
  sql: (t: string) => string;
  /** the same from a date's parts; none for the zone's name, which they do not hold */
  js?: (parts: MarkParts) => string;
}

const ORDINALS = ["1st", "2nd", "3rd", "4th"];
/** Java's name of UTC's zone in each width of z */
const UTC_NAMES = ["UTC", "UTC", "UTC", "Coordinated Universal Time"];

/** Java's forms of an offset: the hours, then minutes and seconds (lower case: only where not zero) */
type OffsetForm = "+HHmm" | "+HHMM" | "+HH:MM" | "+HHMMss" | "+HH:MM:ss" | "+H:mm";

/** an offset's text in `form` (written again in SQL by spark_offset_text) */
function offsetText(seconds: number, form: OffsetForm): string {
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const colon = form.includes(":") ? ":" : "";
  if (form === "+H:mm") return `${sign}${h}${m || s ? `:${pad(m, 2)}` : ""}${s ? `:${pad(s, 2)}` : ""}`;
  if (form === "+HHmm") return `${sign}${pad(h, 2)}${m ? pad(m, 2) : ""}`;
  const secondsPart = form.endsWith("ss") && s ? `${colon}${pad(s, 2)}` : "";
  return `${sign}${pad(h, 2)}${colon}${pad(m, 2)}${secondsPart}`;
}

/** the same in SQL, of an offset in seconds `o` */
const offsetSql = (o: string, form: OffsetForm) => `spark_offset_text(${o}, '${form}')`;

/** Java's forms of an offset's letters, by letter and count, and the text each writes for UTC's offset where it is not the form's */
const OFFSET_FORMS: Record<string, [OffsetForm, string | undefined][]> = {
  X: [["+HHmm", "Z"], ["+HHMM", "Z"], ["+HH:MM", "Z"], ["+HHMMss", "Z"], ["+HH:MM:ss", "Z"]],
  x: [["+HHmm", undefined], ["+HHMM", undefined], ["+HH:MM", undefined], ["+HHMMss", undefined], ["+HH:MM:ss", undefined]],
  Z: [["+HHMM", undefined], ["+HHMM", undefined], ["+HHMM", undefined], ["+HH:MM", "GMT"], ["+HH:MM:ss", "Z"]],
};

function offsetFields(): Record<string, MarkField> {
  const fields: Record<string, MarkField> = {};
  for (const [letter, forms] of Object.entries(OFFSET_FORMS)) {
    forms.forEach(([form, utc], k) => {
      const prefix = letter === "Z" && k === 3 ? "GMT" : "";
      fields[`${letter}${k + 1}`] = {
        sql: (t) => {
          const o = `date_part('timezone', ${t})`;
          const text = prefix ? `'${prefix}' || ${offsetSql(o, form)}` : offsetSql(o, form);
          return utc === undefined ? text : `CASE WHEN ${o} = 0 THEN '${utc}' ELSE ${text} END`;
        },
        js: ({ offset }) => (utc !== undefined && offset === 0 ? utc : prefix + offsetText(offset, form)),
      };
    });
  }
  // O and OOOO: GMT, then the offset unless it is zero
  for (const [k, form] of [[1, "+H:mm"], [4, "+HH:MM"]] as const) {
    fields[`O${k}`] = {
      sql: (t) => `'GMT' || CASE WHEN date_part('timezone', ${t}) = 0 THEN '' ELSE ${offsetSql(`date_part('timezone', ${t})`, form)} END`,
      js: ({ offset }) => "GMT" + (offset === 0 ? "" : offsetText(offset, form)),
    };
  }
  return fields;
}

/** z's names are known here for UTC only: another zone's is refused as the row is written */
const zoneName = (width: number): MarkField => ({
  sql: () =>
    `CASE WHEN current_setting('TimeZone') IN ('UTC', 'Etc/UTC', 'GMT', 'Etc/GMT') THEN '${UTC_NAMES[width - 1]}' ELSE ` +
    `error('[UNSUPPORTED] The datetime pattern letter ''z'' outside the UTC time zone is not supported by the local workspace: VV writes the zone''s name, Z its offset') END`,
});

/** every mark's field, by its letter and count */
export const MARK_FIELDS: Readonly<Record<string, MarkField>> = {
  Q1: { sql: (t) => `CAST(quarter(${t}) AS VARCHAR)`, js: ({ month }) => String(Math.ceil(month / 3)) },
  Q2: { sql: (t) => `'0' || quarter(${t})`, js: ({ month }) => pad(Math.ceil(month / 3), 2) },
  Q3: { sql: (t) => `'Q' || quarter(${t})`, js: ({ month }) => `Q${Math.ceil(month / 3)}` },
  Q4: { sql: (t) => `[${ORDINALS.map((o) => `'${o}'`).join(", ")}][quarter(${t})] || ' quarter'`, js: ({ month }) => `${ORDINALS[Math.ceil(month / 3) - 1]} quarter` },
  K1: { sql: (t) => `CAST(hour(${t}) % 12 AS VARCHAR)`, js: ({ hour }) => String(hour % 12) },
  K2: { sql: (t) => `lpad(CAST(hour(${t}) % 12 AS VARCHAR), 2, '0')`, js: ({ hour }) => pad(hour % 12, 2) },
  k1: { sql: (t) => `CAST(coalesce(nullif(hour(${t}), 0), 24) AS VARCHAR)`, js: ({ hour }) => String(hour || 24) },
  k2: { sql: (t) => `lpad(CAST(coalesce(nullif(hour(${t}), 0), 24) AS VARCHAR), 2, '0')`, js: ({ hour }) => pad(hour || 24, 2) },
  G1: { sql: (t) => `CASE WHEN year(${t}) > 0 THEN 'AD' ELSE 'BC' END`, js: ({ year }) => (year > 0 ? "AD" : "BC") },
  G4: { sql: (t) => `CASE WHEN year(${t}) > 0 THEN 'Anno Domini' ELSE 'Before Christ' END`, js: ({ year }) => (year > 0 ? "Anno Domini" : "Before Christ") },
  G5: { sql: (t) => `CASE WHEN year(${t}) > 0 THEN 'A' ELSE 'B' END`, js: ({ year }) => (year > 0 ? "A" : "B") },
  V2: { sql: () => "spark_session_zone()" },
  z1: zoneName(1),
  z2: zoneName(2),
  z3: zoneName(3),
  z4: zoneName(4),
  ...offsetFields(),
};

/** the mark of a pattern letter repeated `count` times, undefined where the count is none of the letter's */
export function markOf(letter: string, count: number): string | undefined {
  const key = `${letter === "q" ? "Q" : letter}${letter === "G" && count < 4 ? 1 : count}`;
  return MARK_FIELDS[key] ? MARK + key : undefined;
}

/** whether a strftime format holds a mark of the zone's name, which markedText cannot write */
export const marksZoneName = (format: string): boolean => /\u0001[Vz]/.test(format);

/** a strftime format's text with its marks filled from `parts` */
export function markedText(text: string, parts: MarkParts): string {
  return text.includes(MARK) ? text.replace(/\u0001(\w\d)/g, (whole, key: string) => MARK_FIELDS[key]?.js?.(parts) ?? whole) : text;
}

/**
 * spark_strftime(x, f): a date or timestamp written by a strftime format with marks, in the session's zone. A format is a literal,
 * so the tests of its marks fold to constants: a format without marks is strftime's alone, one with marks is strftime's text with
 * each of its own marks replaced (about a million rows a second).
 */
export function datetimeMarkMacros(): string[] {
  const fill = Object.entries(MARK_FIELDS).reduce(
    (text, [key, field]) => `replace(${text}, CASE WHEN contains(f, ${quoteString(MARK + key)}) THEN ${quoteString(MARK + key)} ELSE '' END, CASE WHEN contains(f, ${quoteString(MARK + key)}) THEN ${field.sql("t")} ELSE '' END)`,
    "strftime(t, f)",
  );
  return [
    // the session's zone as Spark names it: an offset of whole hours, which exec/session-time-zone.ts set as DuckDB's Etc/GMT zone
    // of it (its sign turned round), as the offset
    "CREATE OR REPLACE MACRO spark_session_zone() AS list_transform([current_setting('TimeZone')], z -> CASE WHEN regexp_matches(z, '^Etc/GMT[+-]\\d+$') " +
      "THEN CASE WHEN z[8] = '-' THEN '+' ELSE '-' END || lpad(z[9:], 2, '0') || ':00' ELSE z END)[1]",
    "CREATE OR REPLACE MACRO spark_offset_text(o, form) AS CASE WHEN o < 0 THEN '-' ELSE '+' END || list_transform([abs(o)], a -> CASE form " +
      "WHEN '+H:mm' THEN CAST(a // 3600 AS VARCHAR) || CASE WHEN a % 3600 <> 0 THEN ':' || lpad(CAST(a % 3600 // 60 AS VARCHAR), 2, '0') ELSE '' END || CASE WHEN a % 60 <> 0 THEN ':' || lpad(CAST(a % 60 AS VARCHAR), 2, '0') ELSE '' END " +
      "ELSE lpad(CAST(a // 3600 AS VARCHAR), 2, '0') || CASE WHEN form = '+HHmm' AND a % 3600 < 60 THEN '' ELSE CASE WHEN contains(form, ':') THEN ':' ELSE '' END || lpad(CAST(a % 3600 // 60 AS VARCHAR), 2, '0') END " +
      "|| CASE WHEN ends_with(form, 'ss') AND a % 60 <> 0 THEN CASE WHEN contains(form, ':') THEN ':' ELSE '' END || lpad(CAST(a % 60 AS VARCHAR), 2, '0') ELSE '' END END)[1]",
    `CREATE OR REPLACE MACRO spark_strftime_marked(t, f) AS ${fill}`,
    `CREATE OR REPLACE MACRO spark_strftime(x, f) AS CASE WHEN contains(f, ${quoteString(MARK)}) THEN list_transform([CAST(x AS TIMESTAMPTZ)], v -> spark_strftime_marked(v, f))[1] ` +
      "ELSE strftime(CAST(x AS TIMESTAMP), f) END",
  ];
}
