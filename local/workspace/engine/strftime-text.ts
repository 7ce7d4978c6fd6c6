/**
 * A date and time written by the strftime formats sql/datetime-pattern.ts makes of Spark's patterns, in JavaScript, for
 * the functions that format a timestamp held in text (engine/to-json.ts): the parts of DuckDB's text of a timestamp, then
 * each % code as DuckDB's strftime writes it, then the marks of the fields strftime has no code for (engine/datetime-marks.ts).
 */
import { markedText } from "./datetime-marks.js";
import { pad } from "../../../src/delta/java-text.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** DuckDB's text of a timestamp (`2024-03-01 12:34:56.123456+05:30`, its zone optional) in `format`; the text as it is where it is none */
export function strftimeText(text: string, format: string): string {
  const parts = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?/.exec(text);
  if (!parts) return text;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const fraction = (parts[7] ?? "").padEnd(9, "0");
  const date = new Date(Date.UTC(year, month - 1, day));
  const dayOfYear = Math.round((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const codes: Record<string, string> = {
    Y: String(year), y: pad(year % 100, 2), m: pad(month, 2), "-m": String(month), b: MONTHS[month - 1].slice(0, 3), B: MONTHS[month - 1],
    d: pad(day, 2), "-d": String(day), j: pad(dayOfYear, 3), "-j": String(dayOfYear), H: pad(hour, 2), "-H": String(hour), I: pad(hour12, 2),
    "-I": String(hour12), M: pad(minute, 2), "-M": String(minute), S: pad(second, 2), "-S": String(second), p: hour < 12 ? "AM" : "PM",
    a: DAYS[date.getUTCDay()].slice(0, 3), A: DAYS[date.getUTCDay()], g: fraction.slice(0, 3), f: fraction.slice(0, 6), n: fraction, "%": "%",
  };
  const [sign, offsetHours, offsetMinutes, offsetSeconds] = parts.slice(8).map((part) => part ?? "0");
  const offset = (sign === "-" ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds));
  return markedText(format.replace(/%(-?[A-Za-z%])/g, (whole, code: string) => codes[code] ?? whole), { year, month, hour, offset });
}
