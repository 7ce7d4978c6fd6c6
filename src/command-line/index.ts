/**
 * `databricks-source <command> [args] [--json] [--url …] [--client-id …] [--client-secret …]
 * [--org …] [--sandbox …] [--token …] [--interval …]`: finds the command, checks its arguments,
 * runs it, and turns a refusal into its message on stderr and a non-zero exit code. `--help`, `-h`
 * or `help` print the usage and do nothing else, for the service's own commands too.
 */
import { checkAddress, type Invocation, readInvocation, UsageError } from "./arguments.js";
import { type Command, COMMANDS } from "./commands.js";
import type { Terminal } from "./output.js";
import { didYouMean } from "../util/closest-name.js";
import { ApiCallError, PlatformClient } from "./platform-client.js";
import { isServiceCommand, SERVICE_COMMANDS, serviceCommandArguments, serviceCommandHelp } from "./service-commands.js";

export { serviceCommandToRun } from "./service-commands.js";

export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export async function runCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv, terminal: Terminal): Promise<number> {
  const [word, ...after] = argv;
  if (isServiceCommand(word)) return serviceCommandAsked(word, after, terminal);
  let invocation: Invocation;
  try {
    invocation = readInvocation(argv, env);
  } catch (error) {
    return usage(terminal, (error as Error).message);
  }
  const words = invocation.words[0] === "help" ? invocation.words.slice(1) : invocation.words;
  if (invocation.help || invocation.words[0] === "help") return isServiceCommand(words[0]) ? printLines(terminal, serviceCommandHelp(words[0])) : usage(terminal);
  if (words.length === 0) return usage(terminal, "no command given (databricks-source start, or npm start, runs the service)");
  const [first, second, ...rest] = words;
  const name = COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = COMMANDS[name];
  if (!command) return usage(terminal, unknownCommand(words));
  const given = name.includes(" ") ? rest : words.slice(1);
  try {
    const args = namedArguments(name, command, given);
    checkAddress(invocation.settings);
    const code = await command.run({ client: new PlatformClient(invocation.settings), terminal, settings: invocation.settings, args });
    return code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(terminal, `${error.message} (usage: databricks-source ${usageOf(name, command)})`);
    if (error instanceof ApiCallError) {
      terminal.err(error.message);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** `start --help` prints what start does; `start` with anything else after it is a mistake, never a start. */
function serviceCommandAsked(command: string, after: readonly string[], terminal: Terminal): number {
  if (after.some((word) => word === "--help" || word === "-h")) return printLines(terminal, serviceCommandHelp(command));
  return usage(terminal, serviceCommandArguments(command, after));
}

/** The words after the command, by the names it declares: one missing or one too many is a usage mistake. */
function namedArguments(name: string, command: Command, given: readonly string[]): Record<string, string> {
  const names = command.args ?? [];
  if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).map((n) => `<${n}>`).join(" ")}`);
  if (given.length > names.length) {
    const extra = given.slice(names.length).join(" ");
    const takes = names.length === 0 ? "takes no arguments" : `takes one ${names.map((n) => `<${n}>`).join(" ")}: run it once for each`;
    throw new UsageError(`unexpected ${given.length - names.length > 1 ? "arguments" : "argument"} ${extra}: ${name} ${takes}`);
  }
  return Object.fromEntries(names.map((n, i) => [n, given[i]]));
}

function usageOf(name: string, command: Command): string {
  return [name, ...(command.args ?? []).map((a) => `<${a}>`)].join(" ");
}

/** An unknown word, or a group of commands (`runs`) without one of its own: which ones it has. */
function unknownCommand(words: readonly string[]): string {
  const [first, second] = words;
  const group = Object.keys(COMMANDS)
    .filter((name) => name.startsWith(`${first} `))
    .map((name) => name.slice(first.length + 1));
  if (group.length === 0) {
    const firstWords = new Set([...Object.keys(COMMANDS), ...Object.keys(SERVICE_COMMANDS)].map((name) => name.split(" ")[0]));
    return `unknown command: ${words.join(" ")}${didYouMean(first, firstWords)}`;
  }
  const choices = `${first} ${group.join(" | ")}`;
  return second === undefined ? `${first} needs one of its commands: ${choices}` : `unknown command: ${first} ${second} (${first} has: ${choices})${didYouMean(second, group)}`;
}

function printLines(terminal: Terminal, lines: readonly string[]): number {
  for (const line of lines) terminal.out(line);
  return 0;
}

function usage(terminal: Terminal, problem?: string): number {
  if (problem) terminal.err(problem);
  const lines = [
    "usage: databricks-source <command> [--json] [--url URL] [--client-id ID] [--client-secret SECRET] [--org ORG] [--sandbox NAME] [--token TOKEN] [--interval SECONDS]",
    "       databricks-source help | --help | -h | <command> --help",
    "",
    `  ${Object.keys(SERVICE_COMMANDS).join(" | ")}`.padEnd(34) + "run the service, one more worker, or the store's migrations (each with --help: what it does, its settings)",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${usageOf(name, c)}`.padEnd(34) + c.summary),
    "",
    "Settings come from the flags or from DATABRICKS_SOURCE_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, AUTH_ORG_ID,",
    "SANDBOX_NAME, DATABRICKS_SOURCE_TOKEN, WATCH_INTERVAL_SECONDS (runs watch's seconds between two looks, default 1);",
    "an empty variable counts as unset (defaults: the embedded default's dev client on http://127.0.0.1:$PORT or 8080).",
    "Exit codes: 0 done, 1 refused or failed, 2 a usage mistake, 3 runs watch lost the service and cannot tell how the run ends.",
  ];
  for (const line of lines) (problem ? terminal.err : terminal.out)(line);
  return problem ? EXIT_USAGE : 0;
}
