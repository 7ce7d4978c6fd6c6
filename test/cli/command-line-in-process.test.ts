/**
 * The command line's commands run in this process (runCommandLine, what `npx databricks-source`
 * calls) against a real service on loopback: lists past one page, arguments and settings refused
 * as usage mistakes, sign-in errors naming the setting to fix, and `runs watch` on runs that cannot
 * move on by themselves, on a service lost for a moment, and off a terminal.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommandLine } from "../../src/command-line/index.js";
import { connectionBody, unusedPort } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";
import { runToEnd } from "../support/journey-check.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, removeDataFiles, runsOf, sql } from "../support/journey.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { startRecordingListener } from "../support/recording-listener.js";

let system: TestSystem;
const clientEnv = () => ({ DATABRICKS_SOURCE_URL: system.url, AUTH_CLIENT_ID: TEST_CLIENT.clientId, AUTH_CLIENT_SECRET: TEST_CLIENT.clientSecret, AUTH_ORG_ID: TEST_CLIENT.orgId });

/** One command as a script runs it (off a terminal): its exit code and what it printed. */
async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommandLine(args, { ...clientEnv(), ...env }, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, lines: out, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function flowOf(schedule: Record<string, unknown>, table = "demo.customers"): Promise<string> {
  const pipeline = await createPipeline(system, { tableName: table });
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule) });
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

const soon = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

beforeAll(async () => {
  system = await startTestSystem({
    workspace: { seedRows: 20, clusterStartDelayMs: 1_500 },
    env: { RUN_POLL_MS: "50", RUN_MAX_ATTEMPTS: "1" },
  });
  await configureClusterSas(system);
}, 60_000);
afterAll(() => system?.close());

describe("the command line, in process", () => {
  it("lists every connection and dataflow of the sandbox, page after page, past the API's 100 a page", async () => {
    const created: string[] = [];
    for (let i = 0; i < 101; i++) created.push((await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) })).body.id);
    const total = (await call(system, "GET", `${FS}/connections?count=true`)).body.count;
    expect(total).toBeGreaterThan(100);
    const listed = await cli(["connections", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const ids = JSON.parse(listed.stdout).map((c: { id: string }) => c.id);
    expect(ids).toHaveLength(total);
    expect(ids).toEqual(expect.arrayContaining(created));
    // the newest, on the second page, in the table too
    expect((await cli(["connections"])).lines.some((line) => line.startsWith(created.at(-1)!))).toBe(true);
  }, 120_000);

  it("watches a run to success off a terminal: one line per change (not per second), no rows until it has counts, then the counts; --json prints the run item", async () => {
    const flowId = await flowOf({ startTime: soon(3), frequency: "once" });
    const watched = await cli(["runs", "watch", flowId, "--interval", "0.1"]);
    expect(watched.stderr).toBe("");
    expect(watched.code).toBe(0);
    const waiting = watched.lines.filter((line) => line.startsWith(`waiting for the first run of flow ${flowId}`));
    expect(waiting).toHaveLength(1); // about 3 s of waiting at 0.1 s: one line, not thirty
    const going = watched.lines.filter((line) => / (scheduled|inProgress) /.test(line));
    for (const line of going) expect(line).toMatch(/ · no rows yet · \d+ s$/);
    expect(watched.lines.at(-1)).toMatch(/^run \S+ success · 20 read, 20 ingested, 0 failed$/);
    const item = JSON.parse((await cli(["runs", "watch", flowId, "--json"])).stdout);
    expect(item).toMatchObject({ flowId, metrics: { statusSummary: { status: "success" }, recordSummary: { inputRecordCount: 20, outputRecordCount: 20 } } });
  }, 60_000);

  it("ends the watch of a run held back behind a failed window, or by its disabled flow, naming the command to run, exit 1", async () => {
    await sql(system, "CREATE TABLE demo.cli_held AS SELECT * FROM demo.customers");
    const pipeline = await createPipeline(system, { tableName: "demo.cli_held" });
    await removeDataFiles(system, "demo.cli_held"); // window 0 fails (one attempt); the windows after it wait for it
    // windows 0 and 1 are due at once; window 2, the flow's newest run, some 5 s later
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) - 115, frequency: "minute", interval: 1, backfill: true }),
    });
    const flowId = created.body.id;
    let newest: any;
    await eventually(async () => {
      newest = (await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&orderby=-createdAt&limit=1`)).body.items[0];
      return newest?.heldBack?.reason === "earlierWindowFailed";
    }, 30_000, 50);
    const failed = newest.heldBack.waitingForRunId;
    const held = await cli(["runs", "watch", flowId]);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain(`re-trigger it (databricks-source runs retrigger ${failed}), then watch again`);

    expect((await cli(["flows", "disable", flowId])).code).toBe(0);
    const disabled = await cli(["runs", "watch", flowId]);
    expect(disabled.code).toBe(1);
    // disabled as well: both commands are named
    expect(disabled.stderr).toContain(`re-trigger it (databricks-source runs retrigger ${failed}) and enable flow ${flowId} (databricks-source flows enable ${flowId}), then watch again`);
    // a waiting run cancelled: it ends failed at once; once more, the service's refusal
    const cancelled = await cli(["runs", "cancel", newest.id]);
    expect(cancelled.lines).toEqual([`run ${newest.id} cancelled`]);
    expect((await call(system, "GET", `${FS}/runs/${newest.id}`)).body.items[0].metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2019-400");
    const again = await cli(["runs", "cancel", newest.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("cannot be cancelled because it has ended (state=failed)");
  }, 60_000);

  it("asks a lost service again for about 10 s: a service back in time gives the run's outcome, one that stays away exit 3", async () => {
    const flowId = await flowOf({ startTime: soon(1), frequency: "once" });
    await eventually(async () => (await runsOf(system, flowId))[0]?.metrics.statusSummary.status === "success", 30_000, 50);
    const port = await unusedPort();
    // the service that stays away is watched meanwhile: its 10 s of asking again cover the other's wait
    const startedAt = Date.now();
    const staysAway = cli(["runs", "watch", flowId, "--url", `http://127.0.0.1:${await unusedPort()}`]);
    const watching = cli(["runs", "watch", flowId, "--url", `http://127.0.0.1:${port}`]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await system.startPeer({ PORT: String(port) });
    const back = await watching;
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    expect(back.lines.at(-1)).toMatch(/^run \S+ success · 20 read/);

    const gone = await staysAway;
    expect(gone.code).toBe(3);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_000);
    expect(gone.stderr).toMatch(/cannot reach .*ECONNREFUSED.*could not tell how the newest run of flow \S+ ends/);
  }, 60_000);

  it("refuses extra words, an address without http(s)://, and a bad interval for runs watch only, as usage mistakes (exit 2) naming them", async () => {
    const flowId = await flowOf({ startTime: soon(3600), frequency: "once" });
    const extra = await cli(["flows", "disable", flowId, "B", "C"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain(`unexpected arguments B C: flows disable takes one <flowId>`);
    expect((await call(system, "GET", `${FS}/flows/${flowId}`)).body.items[0].state).toBe("enabled"); // nothing done
    expect((await cli(["connections", "extra"])).stderr).toContain("unexpected argument extra: connections takes no arguments");

    for (const url of ["127.0.0.1:44000", "localhost:44000"]) {
      const refused = await cli(["connections", "--url", url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--url must be the service's address starting with http:// or https:// (as http://127.0.0.1:8080), got ${url}`);
    }
    const fromEnv = await cli(["connections"], { DATABRICKS_SOURCE_URL: "localhost:44000" });
    expect(fromEnv.stderr).toContain("DATABRICKS_SOURCE_URL must be the service's address starting with http://");
    // an empty variable is unset: the default address on PORT
    const empty = await cli(["connections", "--json"], { DATABRICKS_SOURCE_URL: "", PORT: new URL(system.url).port, WATCH_INTERVAL_SECONDS: "-1" });
    expect(empty.stderr).toBe("");
    expect(empty.code).toBe(0);
    const interval = await cli(["runs", "watch", flowId], { WATCH_INTERVAL_SECONDS: "-1" });
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain("WATCH_INTERVAL_SECONDS must be a number of seconds above 0, got -1");
    expect((await cli(["runs", "watch", flowId, "--interval", "0"])).stderr).toContain("--interval must be a number of seconds above 0, got 0");
  });

  it("refuses an unknown or misspelt command, a group without its command and a missing argument as usage mistakes (exit 2), suggesting the command meant", async () => {
    const group = await cli(["runs"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("runs needs one of its commands: runs list | watch | retrigger");
    expect((await cli(["runs", "lst", "x"])).stderr).toContain("unknown command: runs lst (runs has: runs list | watch | retrigger | cancel); did you mean list?");
    for (const [typed, first] of [
      ["conections", "unknown command: conections; did you mean connections?"],
      ["strat", "unknown command: strat; did you mean start?"],
      ["nonsense", "unknown command: nonsense"],
    ]) {
      const answer = await cli([typed]);
      expect(answer.code, typed).toBe(2);
      expect(answer.stderr.split("\n")[0]).toBe(first);
    }
    const usage = await cli(["runs", "watch"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing <flowId> (usage: databricks-source runs watch <flowId>)");
  });

  it("says which settings to fix when signing in or the token is refused", async () => {
    const secret = await cli(["connections"], { AUTH_CLIENT_SECRET: "nope" });
    expect(secret.code).toBe(1);
    expect(secret.stderr).toMatch(/^signing in: invalid client_id or client_secret parameter: give the service's client id and secret with --client-id and --client-secret, or AUTH_CLIENT_ID and AUTH_CLIENT_SECRET \(the id used came from AUTH_CLIENT_ID, the secret from AUTH_CLIENT_SECRET\)$/);
    expect(secret.stderr).not.toContain("nope");
    const token = await cli(["connections", "--token", "not-a-token"]);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain(
      "Oauth token is not valid: it is not a token this service's IMS issued, or not all of one: get one with POST /ims/token/v3: the token given with --token is refused: give a valid one with --token or DATABRICKS_SOURCE_TOKEN",
    );
    expect(token.stderr).not.toContain("not-a-token");
    const org = await cli(["connections"], { AUTH_ORG_ID: "ELSEWHERE@AdobeOrg" });
    expect(org.code).toBe(1);
    expect(org.stderr).toContain("the org ELSEWHERE@AdobeOrg (from AUTH_ORG_ID) is not the one the token was issued for: give the client's org with --org or AUTH_ORG_ID");
    const sandbox = await cli(["flows", "list", "--sandbox", "nope"]);
    expect(sandbox.code).toBe(1);
    expect(sandbox.stderr).toContain("(names are lower-case): the sandbox nope (from --sandbox) does not exist: give one of the org's sandboxes with --sandbox or SANDBOX_NAME");
  });

  it("follows no redirect: a 307 on signing in names the host it points to, and the client secret goes nowhere else", async () => {
    const elsewhere = await startRecordingListener();
    const redirecting = await startRecordingListener((req, res) => res.writeHead(307, { location: `${elsewhere.url}${req.url}?sig=x` }).end());
    try {
      const answer = await cli(["flows", "list", "--url", redirecting.url, "--client-secret", "CLI-SECRET-never-forwarded"]);
      expect(answer.code).toBe(1);
      expect(answer.stderr).toContain(`${redirecting.url} answered 307, a redirect to ${new URL(elsewhere.url).host}, which the command line does not follow (it would send the client secret or the token there)`);
      expect(answer.stderr).not.toContain("sig=x");
      expect(redirecting.requests.map((r) => r.path)).toEqual(["/ims/token/v3"]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await Promise.all([elsewhere.close(), redirecting.close()]);
    }
  });

  it("prints the usage for help, --help and -h anywhere, exit 0, without running anything; a bare call is a usage mistake", async () => {
    for (const args of [["help"], ["--help"], ["runs", "watch", "-h"], ["flows", "disable", "x", "--help"]]) {
      const help = await cli(args);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout).toContain("WATCH_INTERVAL_SECONDS");
      expect(help.stdout).toContain("--interval SECONDS");
    }
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("no command given");
    for (const command of ["start", "worker", "migrate"]) {
      const help = await cli([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`usage: databricks-source ${command}`);
      expect(help.stdout).toContain("README.md");
      expect((await cli(["help", command])).stdout).toBe(help.stdout);
    }
    expect((await cli(["start", "--port", "9000"])).stderr).toContain("start takes no arguments (got --port 9000)");
  });

  it("migrate --help and a bare call through the package's bin touch no store", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-cli-help-"));
    try {
      const bin = path.join(REPO_ROOT, "bin/databricks-source.mjs");
      const help = await runToEnd(process.execPath, [bin, "migrate", "--help"], { cwd: REPO_ROOT, env: { DATA_DIR: dataDir }, timeoutMs: 30_000 });
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain("usage: databricks-source migrate");
      const bare = await runToEnd(process.execPath, [bin], { cwd: REPO_ROOT, env: { DATA_DIR: dataDir, PORT: String(await unusedPort()) }, timeoutMs: 30_000 });
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain("usage: databricks-source");
      expect(readdirSync(dataDir)).toEqual([]); // no store, no key, no Azurite
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
