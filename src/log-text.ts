/**
 * The process log for a person at a terminal (LOG_FORMAT=text): each of pino's JSON lines, already
 * redacted, written as its time, level and message, then its other fields as key=value (runId=…
 * flowId=…), and an error's stack below it.
 */
import type { DestinationStream } from "pino";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
/** fields every line has, which say nothing about what it tells */
const LEFT_OUT = new Set(["time", "level", "msg", "pid", "hostname", "err"]);

export function textDestination(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(textLine(line)) };
}

/** One JSON line as text; a line that is not JSON as it is. */
export function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toISOString() : "";
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !LEFT_OUT.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n  ${(err.stack ?? err.message ?? "").replaceAll("\n", "\n  ")}` : "";
  return `${time} ${level.padEnd(5)} ${entry.msg ?? ""}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}${stack}\n`;
}
