/**
 * The service's own commands (src/cli.ts runs them): what each does and its main settings, for
 * `databricks-source <command> --help`. Their settings are environment variables only (README.md,
 * "Settings"), so a command with anything after it is run by no one: `--help` prints this, the
 * rest is a usage mistake.
 */
export const SERVICE_COMMANDS: Record<string, readonly string[]> = {
  start: [
    "runs the whole system in this process until Ctrl-C or SIGTERM (npm start):",
    "  the API on HOST:PORT (127.0.0.1:8080), with a local IMS for AUTH_CLIENT_ID/AUTH_CLIENT_SECRET/AUTH_ORG_ID",
    "  (dev-client/dev-secret/DEV@AdobeOrg), and a worker that runs the flows (RUN_WORKER=false: none);",
    "  the embedded Azurite on BLOB_PORT (10000), unless AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY name a real account;",
    "  the local Databricks workspace on DATABRICKS_PORT (8090), unless DATABRICKS_LOCAL=false;",
    "  metadata in DATA_DIR (./.data, SQLite) or DATABASE_URL (PostgreSQL).",
  ],
  worker: [
    "runs one more worker, without the API, on the same store as npm start (npm run worker):",
    "  DATABASE_URL (PostgreSQL) or the same DATA_DIR; on the embedded default it joins the Azurite npm start runs,",
    "  else AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY.",
  ],
  migrate: [
    "brings the store's schema up to date and exits (npm run migrate): DATABASE_URL (PostgreSQL) or DATA_DIR (SQLite).",
    "  start and worker do it themselves; this is for a deployment that migrates first.",
  ],
};

const SETTINGS_POINTER = "its settings are environment variables: README.md, section Settings (PORT=9000 npm start, not npm start -- --port 9000).";

export function isServiceCommand(word: string | undefined): boolean {
  return word !== undefined && Object.hasOwn(SERVICE_COMMANDS, word);
}

/** The service command to run: only the word alone (`start`), never with --help or other words after it. */
export function serviceCommandToRun(argv: readonly string[]): string | undefined {
  return argv.length === 1 && isServiceCommand(argv[0]) ? argv[0] : undefined;
}

export function serviceCommandHelp(command: string): string[] {
  return [`usage: databricks-source ${command}`, "", ...SERVICE_COMMANDS[command], "", `${command} takes no arguments: ${SETTINGS_POINTER}`];
}

/** A service command given more than its word: which words, and where its settings go instead. */
export function serviceCommandArguments(command: string, extra: readonly string[]): string {
  return `${command} takes no arguments (got ${extra.join(" ")}): ${SETTINGS_POINTER}`;
}
