import type { Terminal } from "./output.js";

/** The process's stdout and stderr; on a terminal, a live line is rewritten in place. */
export function consoleTerminal(): Terminal {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    rewrite: process.stdout.isTTY ? (line) => process.stdout.write(`\r\x1b[2K${line}`) : undefined,
  };
}
