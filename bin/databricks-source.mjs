#!/usr/bin/env node
// `npx databricks-source <command>`: runs src/cli.ts through tsx, as `npm start` does. A command of
// the command line (and --help of any) loads only src/command-line (a fraction of a second), not the
// whole service; a bare call prints the usage.
import { register } from "tsx/esm/api";

register();
const argv = process.argv.slice(2);
const { runCommandLine, serviceCommandToRun } = await import("../src/command-line/index.ts");
if (serviceCommandToRun(argv)) {
  await import("../src/cli.ts");
} else {
  const { consoleTerminal } = await import("../src/command-line/console-terminal.ts");
  process.exitCode = await runCommandLine(argv, process.env, consoleTerminal());
}
