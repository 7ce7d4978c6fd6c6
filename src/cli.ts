/**
 * Entry point. `start`, `worker` and `migrate` run only as the word alone (src/service-start.ts);
 * every other invocation (`start --help`, none at all, a client command) is the command line's
 * (src/command-line), a client of the public API. The service's modules (DuckDB, Azurite, the local
 * workspace) load only once the settings are read, so a wrong setting is answered at once.
 */
import { consoleTerminal } from "./command-line/console-terminal.js";
import { runCommandLine, serviceCommandToRun } from "./command-line/index.js";
import { ConfigError, loadConfig } from "./config.js";
import { checkSettings } from "./process/settings-check.js";

async function main(): Promise<void> {
  // a service command alone runs; with --help (or anything after it), or no command at all, the command line answers
  const command = serviceCommandToRun(process.argv.slice(2));
  if (!command) {
    process.exitCode = await runCommandLine(process.argv.slice(2), process.env, consoleTerminal());
    return;
  }
  const config = loadConfig();
  await checkSettings(command, config);
  const commands = await import("./service-start.js");
  if (command === "start") return commands.start(config);
  if (command === "migrate") return commands.migrate(config);
  if (command === "worker") return commands.worker(config);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
