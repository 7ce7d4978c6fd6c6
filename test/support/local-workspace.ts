/**
 * A local workspace on a free port next to a real in-memory Azurite, and a client that talks to
 * it over HTTP exactly as a client of a real workspace would (bearer token, JSON, polling).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BlobServiceClient,
  ContainerSASPermissions,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from "@azure/storage-blob";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmbeddedBlobService, type EmbeddedBlobService } from "../../local/azurite.js";
import { startLocalWorkspace, type LocalWorkspace, type LocalWorkspaceOptions } from "../../local/workspace/index.js";

export const TOKEN = "dapi-test-token";
export const ACCOUNT = "dlzaccount";
export const ACCOUNT_KEY = Buffer.from("local-workspace-test-key-0123456789").toString("base64");
export const ACCOUNT_HOST = `${ACCOUNT}.blob.core.windows.net`;

export interface Harness {
  ws: LocalWorkspace;
  blob: EmbeddedBlobService;
  dataDir: string;
  client: WorkspaceClient;
  blobService: BlobServiceClient;
  /** restarts the workspace on the same data folder */
  restart(overrides?: Partial<LocalWorkspaceOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<LocalWorkspaceOptions> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "local-workspace-test-"));
  const blob = await startEmbeddedBlobService({ port: 0, accounts: [{ name: ACCOUNT, key: ACCOUNT_KEY }] });
  const options = (): LocalWorkspaceOptions => ({
    port: 0,
    token: TOKEN,
    dataDir,
    blobEndpointFor: (host) => `${blob.url}/${host.split(".")[0]}`,
    clusterStartDelayMs: 150,
    clusterTerminateDelayMs: 50,
    seedDemo: false,
    ...overrides,
  });
  const harness: Harness = {
    ws: await startLocalWorkspace(options()),
    blob,
    dataDir,
    client: undefined as unknown as WorkspaceClient,
    blobService: new BlobServiceClient(`${blob.url}/${ACCOUNT}`, new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)),
    async restart(more = {}) {
      await harness.ws.close();
      harness.ws = await startLocalWorkspace({ ...options(), ...more });
      harness.client = new WorkspaceClient(harness.ws.url, harness.ws.clusterId);
    },
    async close() {
      await harness.ws.close();
      await blob.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  harness.client = new WorkspaceClient(harness.ws.url, harness.ws.clusterId);
  return harness;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class WorkspaceClient {
  constructor(
    readonly url: string,
    readonly clusterId: string,
    private readonly token = TOKEN,
  ) {}

  async get<T = any>(pathAndQuery: string): Promise<ApiResponse<T>> {
    const r = await fetch(this.url + pathAndQuery, { headers: { authorization: `Bearer ${this.token}` } });
    return { status: r.status, body: (await r.json()) as T };
  }

  async post<T = any>(p: string, body: unknown): Promise<ApiResponse<T>> {
    const r = await fetch(this.url + p, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T };
  }

  async cluster(): Promise<any> {
    const r = await this.get(`/api/2.1/clusters/get?cluster_id=${this.clusterId}`);
    if (r.status !== 200) throw new Error(`clusters/get: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** polls clusters/get until the state is reached (no fixed sleeps) */
  async waitForState(state: string, timeoutMs = 10_000): Promise<any> {
    return poll(async () => {
      const c = await this.cluster();
      return c.state === state ? c : undefined;
    }, timeoutMs, `cluster state ${state}`);
  }

  async createContext(): Promise<string> {
    const r = await this.post("/api/1.2/contexts/create", { clusterId: this.clusterId, language: "sql" });
    if (r.status !== 200) throw new Error(`contexts/create: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  async execute(contextId: string, command: string): Promise<string> {
    const r = await this.post("/api/1.2/commands/execute", { clusterId: this.clusterId, contextId, language: "sql", command });
    if (r.status !== 200) throw new Error(`commands/execute: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  async commandStatus(contextId: string, commandId: string): Promise<any> {
    const q = new URLSearchParams({ clusterId: this.clusterId, contextId, commandId });
    return (await this.get(`/api/1.2/commands/status?${q}`)).body;
  }

  async waitForCommand(contextId: string, commandId: string, timeoutMs = 60_000): Promise<any> {
    return poll(async () => {
      const s = await this.commandStatus(contextId, commandId);
      return ["Queued", "Running", "Cancelling"].includes(s.status) ? undefined : s;
    }, timeoutMs, `command ${commandId}`);
  }

  /** runs SQL in the context and returns the finished status (results included) */
  async sql(contextId: string, command: string): Promise<any> {
    return this.waitForCommand(contextId, await this.execute(contextId, command));
  }
}

export async function poll<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** a table result's rows as objects keyed by column name */
export function rows(status: any): Record<string, unknown>[] {
  const results = status.results;
  if (results?.resultType !== "table") throw new Error(`expected a table result, got ${JSON.stringify(results)}`);
  return results.data.map((row: unknown[]) => Object.fromEntries(results.schema.map((c: any, k: number) => [c.name, row[k]])));
}

/**
 * A workspace with its cluster RUNNING and one execution context, started before a file's tests and
 * closed after them: `sql` sends a command, `ok` answers its rows, `table` its whole answer, failing
 * the test (with the command and the error) unless it is a table.
 */
export function sqlSession(options: Partial<LocalWorkspaceOptions> = {}, prepare?: (ok: (command: string) => Promise<Record<string, unknown>[]>) => Promise<void>) {
  let harness: Harness;
  let ctx: string;
  const sql = (command: string) => harness.client.sql(ctx, command);
  const ok = async (command: string) => rows(await sql(command));
  const table = async (command: string) => {
    const done = await sql(command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return done;
  };
  beforeAll(async () => {
    harness = await startHarness(options);
    await harness.client.waitForState("RUNNING");
    ctx = await harness.client.createContext();
    await prepare?.(ok);
  });
  afterAll(() => harness?.close());
  /** the one value of `SELECT expression`, its column's name and its type, the query failing the test unless it answers one */
  const only = async (expression: string): Promise<{ value: unknown; name: string; type: string }> => {
    const { results } = await table(`select ${expression}`);
    expect(results.data, `${expression}: ${JSON.stringify(results)}`).toHaveLength(1);
    const [column] = results.schema as Array<{ name: string; type: string }>;
    return { value: results.data[0][0], name: column!.name, type: column!.type };
  };
  /** the folder a table of the session keeps its Delta log in */
  const location = async (name: string) => String((await ok(`DESCRIBE DETAIL ${name}`))[0].location).replace(/^file:/, "");
  return { sql, ok, table, only, location, harness: () => harness };
}

/** A statement sent to the local SQL warehouse without waiting, then polled until it ends: its final answer. */
export async function warehouseStatement(h: Harness, statement: string): Promise<any> {
  const submitted = await h.client.post("/api/2.0/sql/statements", { statement, warehouse_id: "local-warehouse", wait_timeout: "0s" });
  if (submitted.status !== 200) throw new Error(`the warehouse refused ${statement}: HTTP ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return poll(async () => {
    const r = await h.client.get(`/api/2.0/sql/statements/${submitted.body.statement_id}`);
    return ["PENDING", "RUNNING"].includes(r.body.status.state) ? undefined : r.body;
  }, 30_000, `${statement} on the warehouse`);
}

export function expectError(status: any): string {
  if (status.results?.resultType !== "error") throw new Error(`expected an error result, got ${JSON.stringify(status).slice(0, 500)}`);
  return status.results.summary as string;
}

/**
 * A container SAS laid out as AEP issues it: the stored access policy `dlz-<id>` holds only the
 * expiry, the token carries sv=2020-10-02, si, sr=c, sp=racwdlm.
 */
export async function containerSas(h: Harness, container: string, expiresOn = new Date(Date.now() + 3_600_000)) {
  const client = h.blobService.getContainerClient(container);
  await client.createIfNotExists();
  const id = `dlz-${Math.random().toString(16).slice(2)}`;
  await client.setAccessPolicy(undefined, [{ id, accessPolicy: { expiresOn } }]);
  const sas = generateBlobSASQueryParameters(
    { containerName: container, identifier: id, permissions: ContainerSASPermissions.parse("racwdlm"), version: "2020-10-02" },
    new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY),
  ).toString();
  return { sas, revoke: () => client.setAccessPolicy(undefined, []) };
}
