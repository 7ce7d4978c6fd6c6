#!/usr/bin/env node
// `npx databricks-source <command>`: runs src/cli.ts through tsx, as `npm start` does. A command of
// the command line loads only src/command-line (a fraction of a second), not the whole service.
import { register } from "tsx/esm/api";

register();
const { runCommandLine, SERVICE_COMMANDS } = await import("../src/command-line/index.ts");
const word = process.argv[2] ?? "start";
if (SERVICE_COMMANDS.includes(word)) {
  await import("../src/cli.ts");
} else {
  const { consoleTerminal } = await import("../src/command-line/console-terminal.ts");
  process.exitCode = await runCommandLine(process.argv.slice(2), process.env, consoleTerminal());
}
