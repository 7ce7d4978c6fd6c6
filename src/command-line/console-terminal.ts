import type { Terminal } from "./output.js";

/** The process's stdout and stderr; on a terminal, a live line is rewritten in place. */
export function consoleTerminal(): Terminal {
  exitQuietlyWhenReaderLeaves(process.stdout);
  exitQuietlyWhenReaderLeaves(process.stderr);
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    rewrite: process.stdout.isTTY ? (line) => process.stdout.write(`\r\x1b[2K${line}`) : undefined,
  };
}

/**
 * Output piped into a reader that stopped reading (`| head -1`) fails with EPIPE: the reader has
 * what it wanted, so the command ends without a word, as Unix tools do; other failures stay loud.
 */
function exitQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}
