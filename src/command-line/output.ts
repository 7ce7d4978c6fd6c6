/** What a command prints: JSON for scripts (--json), aligned columns or lines for people. */
export interface Terminal {
  out: (line: string) => void;
  err: (line: string) => void;
  /** rewrites the current line in place (a live display); undefined when the output is not a terminal */
  rewrite?: (line: string) => void;
}

export type Row = Record<string, string | number | undefined>;

export function printJson(terminal: Terminal, value: unknown): void {
  terminal.out(JSON.stringify(value, null, 2));
}

/** Rows as columns under their names, or one line saying there is nothing. */
export function printTable(terminal: Terminal, rows: readonly Row[], columns: readonly string[], empty: string): void {
  if (rows.length === 0) {
    terminal.out(empty);
    return;
  }
  const cell = (row: Row, column: string) => String(row[column] ?? "-");
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  terminal.out(line(columns.map((c) => c.toUpperCase())));
  for (const row of rows) terminal.out(line(columns.map((c) => cell(row, c))));
}

export function isoTime(epochMs: unknown): string | undefined {
  const n = Number(epochMs);
  return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : undefined;
}
