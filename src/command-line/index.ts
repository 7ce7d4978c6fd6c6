/**
 * `databricks-source <command> [args] [--json] [--url …] [--client-id …] [--client-secret …]
 * [--org …] [--sandbox …] [--token …]`: finds the command, runs it, and turns a refusal into its
 * message on stderr and a non-zero exit code.
 */
import { type Invocation, readInvocation, UsageError } from "./arguments.js";
import { COMMANDS } from "./commands.js";
import type { Terminal } from "./output.js";
import { ApiCallError, PlatformClient } from "./platform-client.js";

export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** The service's own commands (src/cli.ts); every other word is a command of the command line. */
export const SERVICE_COMMANDS: readonly string[] = ["start", "worker", "migrate"];

export function isClientCommand(word: string | undefined): boolean {
  return word !== undefined && Object.keys(COMMANDS).some((name) => name.split(" ")[0] === word);
}

export async function runCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv, terminal: Terminal): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = readInvocation(argv, env);
  } catch (error) {
    return usage(terminal, (error as Error).message);
  }
  if (invocation.help || invocation.words.length === 0) return usage(terminal);
  const [first, second, ...rest] = invocation.words;
  const name = COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = COMMANDS[name];
  if (!command) return usage(terminal, unknownCommand(invocation.words));
  const args = name.includes(" ") ? rest : [second, ...rest].filter((w): w is string => w !== undefined);
  try {
    const code = await command.run({ client: new PlatformClient(invocation.settings), terminal, settings: invocation.settings, args });
    return code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(terminal, `${error.message} (usage: databricks-source ${command.usage})`);
    if (error instanceof ApiCallError) {
      terminal.err(error.message);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** An unknown word, or a group of commands (`runs`) without one of its own: which ones it has. */
function unknownCommand(words: readonly string[]): string {
  const [first, second] = words;
  const group = Object.keys(COMMANDS)
    .filter((name) => name.startsWith(`${first} `))
    .map((name) => name.slice(first.length + 1));
  if (group.length === 0) return `unknown command: ${words.join(" ")}`;
  const choices = `${first} ${group.join(" | ")}`;
  return second === undefined ? `${first} needs one of its commands: ${choices}` : `unknown command: ${first} ${second} (${first} has: ${choices})`;
}

function usage(terminal: Terminal, problem?: string): number {
  if (problem) terminal.err(problem);
  const lines = [
    "usage: databricks-source <command> [--json] [--url URL] [--client-id ID] [--client-secret SECRET] [--org ORG] [--sandbox NAME] [--token TOKEN]",
    "",
    "  start | worker | migrate".padEnd(34) + "run the service, one more worker, or the store's migrations",
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`.padEnd(34) + c.summary),
    "",
    "Settings come from the flags or from DATABRICKS_SOURCE_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, AUTH_ORG_ID,",
    "SANDBOX_NAME, DATABRICKS_SOURCE_TOKEN (defaults: the embedded default's dev client on http://127.0.0.1:$PORT or 8080).",
  ];
  for (const line of lines) (problem ? terminal.err : terminal.out)(line);
  return problem ? EXIT_USAGE : 0;
}
