/**
 * The typed workspace client: Clusters API 2.1 and Command Execution API 1.2 with SQL (Databricks'
 * REST API reference: /api/2.1/clusters/*, /api/1.2/contexts/*, /api/1.2/commands/*).
 * `cluster(id)` gives the operations the service needs on one all-purpose cluster: its state,
 * making sure it runs, and running Spark SQL.
 *
 *   const cluster = new DatabricksClient({ domain, accessToken }).cluster(clusterId);
 *   const { schema, rows, truncated } = await cluster.runSql("DESCRIBE HISTORY `db`.`t` LIMIT 1", { timeoutMs: 60_000 });
 */
import { stateReporter, type OnComputeState } from "./compute-state.js";
import { type FileReach, reachOf, type ResolveHost, systemResolver } from "../security/pinned-get.js";
import { ClusterNotRunningError, type ClusterState, ComputeStartTimeoutError, DatabricksProtocolError, DatabricksSqlError, DatabricksTimeoutError, isStarting } from "./errors.js";
import { type HttpOptions, WorkspaceHttp } from "./http.js";
import { DEFAULT_POLL_SCHEDULE, type PollClock, type PollSchedule, pollUntil, REAL_CLOCK } from "./poll.js";
import { type JsonValue, toLosslessValue } from "./result-values.js";
import { parseJsonType, type SparkType } from "./spark-types.js";

export interface DatabricksClientOptions extends Omit<HttpOptions, "baseUrl"> {
  /** the workspace URL (a connection's `domain`) */
  domain: string;
  /** the steps between looks at a command's, statement's, cluster's or warehouse's status (poll.ts) */
  pollSchedule?: PollSchedule;
  /** the clock those waits read and sleep on: a test's own (deadlines are then times on it), else the real one */
  pollClock?: PollClock;
  /** how the workspace's host and its result links' hosts are resolved (the system's resolver; a test stands in for DNS) */
  resolveHost?: ResolveHost;
}

export interface ClusterInfo {
  cluster_id: string;
  cluster_name?: string;
  state: ClusterState;
  state_message?: string;
  termination_reason?: { code?: string; type?: string; parameters?: Record<string, string> };
  spark_conf?: Record<string, string>;
  [key: string]: unknown;
}

export interface SqlColumn {
  name: string;
  type: SparkType;
}

export interface SqlResult {
  schema: SqlColumn[];
  /** loss-free values (result-values.ts), one array per row in schema order */
  rows: JsonValue[][];
  /** the cluster cut the result (its row or byte cap) */
  truncated: boolean;
}

export interface SqlSession {
  run(sql: string): Promise<SqlResult>;
}

/** A command sent to a cluster: what commands/status and commands/cancel name it by. */
export interface ClusterCommand {
  clusterId: string;
  contextId: string;
  commandId: string;
}

export interface RunSqlOptions {
  timeoutMs: number;
  /**
   * Told the command once the cluster has taken it, before it is waited on: a caller that may die
   * meanwhile keeps it where another can cancel it. Should this fail, the command is cancelled.
   */
  onStarted?: (command: ClusterCommand) => Promise<void>;
  /**
   * Spark SQL settings made in the command's context before it runs (`SET key=value`, each a command
   * of its own). One the cluster refuses is told to `onSettingRefused` and the command runs without it.
   */
  settings?: Readonly<Record<string, string>>;
  onSettingRefused?: (key: string, error: Error) => Promise<void>;
}

export interface EnsureRunningOptions {
  /** start a TERMINATED cluster and wait for it; otherwise a non-running cluster is an error */
  autoStart: boolean;
  timeoutMs: number;
  /** the end of the error message when the cluster is not running and autoStart is off */
  hint: string;
  /** instead of `hint` when the cluster is PENDING or RESTARTING, so RUNNING by itself soon */
  startingHint?: string;
  /** the setting that bounds the wait (`timeoutMs`), named in the error should the wait run out */
  timeoutSetting?: string;
  /** told each state the compute is seen in while waited for, once per state, and when it is started */
  onState?: OnComputeState;
  /** ends the wait (the attempt waiting was stopped): its abort reason is thrown at the next poll */
  signal?: AbortSignal;
}

/** A cluster accepts commands in these states (RESIZING keeps the driver). */
const ACCEPTS_COMMANDS = new Set<ClusterState>(["RUNNING", "RESIZING"]);

export class DatabricksClient {
  readonly http: WorkspaceHttp;
  private readonly pollSchedule: PollSchedule;
  private readonly pollClock: PollClock;
  readonly resolveHost: ResolveHost;
  private linkReach?: Promise<FileReach>;

  constructor(options: DatabricksClientOptions) {
    this.http = new WorkspaceHttp({ ...options, baseUrl: options.domain });
    this.pollSchedule = options.pollSchedule ?? DEFAULT_POLL_SCHEDULE;
    this.pollClock = options.pollClock ?? REAL_CLOCK;
    this.resolveHost = options.resolveHost ?? systemResolver;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** Where the workspace's result links may point: public addresses, or also the internal network the workspace itself is on. */
  resultLinkReach(): Promise<FileReach> {
    return (this.linkReach ??= reachOf(new URL(this.baseUrl), this.resolveHost));
  }

  cluster(clusterId: string): DatabricksCluster {
    return new DatabricksCluster(this, clusterId);
  }

  // Clusters API 2.1
  getCluster(clusterId: string, signal?: AbortSignal): Promise<ClusterInfo> {
    return this.http.get<ClusterInfo>("/api/2.1/clusters/get", { cluster_id: clusterId }, "clusters/get", signal);
  }

  async startCluster(clusterId: string, signal?: AbortSignal): Promise<void> {
    await this.http.post("/api/2.1/clusters/start", { cluster_id: clusterId }, "clusters/start", signal);
  }

  /**
   * Replaces the cluster's spark_conf and nothing else: clusters/update with update_mask
   * spark_conf, the partial form of clusters/edit (edit needs the whole spec, and a spec read back
   * from clusters/get does not always make a valid edit body). As with edit, a RUNNING cluster
   * restarts, a TERMINATED one keeps its state, and any other state is INVALID_STATE.
   */
  async updateSparkConf(clusterId: string, sparkConf: Record<string, string>, signal?: AbortSignal): Promise<void> {
    await this.http.post(
      "/api/2.1/clusters/update",
      { cluster_id: clusterId, update_mask: "spark_conf", cluster: { spark_conf: sparkConf } },
      "clusters/update",
      signal,
    );
  }

  // Command Execution API 1.2
  async createContext(clusterId: string, signal?: AbortSignal): Promise<string> {
    const { id } = await this.http.post<{ id?: unknown }>("/api/1.2/contexts/create", { clusterId, language: "sql" }, "contexts/create", signal);
    if (typeof id !== "string") throw new DatabricksProtocolError("contexts/create answered without an id");
    return id;
  }

  contextStatus(clusterId: string, contextId: string, signal?: AbortSignal): Promise<{ status?: string }> {
    return this.http.get("/api/1.2/contexts/status", { clusterId, contextId }, "contexts/status", signal);
  }

  async destroyContext(clusterId: string, contextId: string, signal?: AbortSignal): Promise<void> {
    await this.http.post("/api/1.2/contexts/destroy", { clusterId, contextId }, "contexts/destroy", signal);
  }

  async execute(clusterId: string, contextId: string, command: string, signal?: AbortSignal): Promise<string> {
    const { id } = await this.http.post<{ id?: unknown }>(
      "/api/1.2/commands/execute",
      { clusterId, contextId, language: "sql", command },
      "commands/execute",
      signal,
    );
    if (typeof id !== "string") throw new DatabricksProtocolError("commands/execute answered without an id");
    return id;
  }

  commandStatus(clusterId: string, contextId: string, commandId: string, signal?: AbortSignal): Promise<CommandStatus> {
    return this.http.get("/api/1.2/commands/status", { clusterId, contextId, commandId }, "commands/status", signal);
  }

  async cancelCommand(clusterId: string, contextId: string, commandId: string, signal?: AbortSignal): Promise<void> {
    await this.http.post("/api/1.2/commands/cancel", { clusterId, contextId, commandId }, "commands/cancel", signal);
  }

  /** Looks until `check` returns a value, at steps growing with the time waited (poll.ts), or the deadline passes. */
  pollUntil<T>(check: () => Promise<T | undefined>, deadline: number, what: () => string | DatabricksTimeoutError): Promise<T> {
    return pollUntil(check, deadline, what, this.pollSchedule, this.pollClock);
  }
}

interface CommandStatus {
  id?: string;
  status?: string;
  results?: {
    resultType?: string;
    data?: unknown;
    schema?: Array<{ name?: unknown; type?: unknown }>;
    truncated?: boolean;
    summary?: string;
    cause?: string;
  } | null;
}

export class DatabricksCluster {
  constructor(
    private readonly client: DatabricksClient,
    readonly clusterId: string,
  ) {}

  info(): Promise<ClusterInfo> {
    return this.client.getCluster(this.clusterId);
  }

  /**
   * The cluster, running. With autoStart a TERMINATED cluster is started (a TERMINATING one once it
   * has stopped) and a PENDING or RESTARTING one waited for; without it any state but RUNNING is a
   * ClusterNotRunningError naming the state (AEP: explore and creation never restart a cluster).
   */
  async ensureRunning(options: EnsureRunningOptions): Promise<ClusterInfo> {
    const first = await this.info();
    if (ACCEPTS_COMMANDS.has(first.state)) return first;
    if (!options.autoStart) {
      const hint = isStarting(first.state) ? (options.startingHint ?? options.hint) : options.hint;
      throw new ClusterNotRunningError(this.clusterId, first.state, first.state_message || undefined, hint);
    }
    const deadline = Date.now() + options.timeoutMs;
    const report = stateReporter(options.onState);
    let last = first;
    let started = false;
    let polls = 0;
    return this.client.pollUntil(
      async () => {
        options.signal?.throwIfAborted();
        const info = polls++ === 0 ? first : await this.info();
        last = info;
        if (ACCEPTS_COMMANDS.has(info.state)) return info;
        const seen = { state: info.state, message: info.state_message || undefined };
        if (info.state === "TERMINATED" || info.state === "ERROR") {
          if (started) {
            // it came back down after our start: report why instead of starting it forever
            const reason = info.termination_reason?.code;
            throw new ClusterNotRunningError(this.clusterId, info.state, info.state_message || reason, "it stopped again after being started");
          }
          await this.client.startCluster(this.clusterId);
          started = true;
          await report({ ...seen, started: true });
        } else {
          await report({ ...seen, started: false });
        }
        return undefined;
      },
      deadline,
      () => new ComputeStartTimeoutError("cluster", this.clusterId, options.timeoutMs, last.state, last.state_message || undefined, options.timeoutSetting),
    );
  }

  /** Runs `work` with one SQL execution context, destroyed afterwards whatever happens. */
  session<T>(work: (session: SqlSession) => Promise<T>, options: { timeoutMs: number }): Promise<T> {
    return this.inContext((contextId, deadline) => work({ run: (sql) => this.runInContext(contextId, sql, deadline) }), options.timeoutMs);
  }

  /** One statement in a context of its own: the run executor's entry point. */
  runSql(sql: string, options: RunSqlOptions): Promise<SqlResult> {
    return this.inContext(async (contextId, deadline) => {
      for (const [key, value] of Object.entries(options.settings ?? {})) {
        await this.runInContext(contextId, `SET ${key}=${value}`, deadline).catch(async (error) => {
          if (!(error instanceof DatabricksSqlError)) throw error;
          await options.onSettingRefused?.(key, error);
        });
      }
      return this.runInContext(contextId, sql, deadline, options.onStarted);
    }, options.timeoutMs);
  }

  private async inContext<T>(work: (contextId: string, deadline: number) => Promise<T>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    const contextId = await this.client.createContext(this.clusterId);
    try {
      await this.client.pollUntil(
        async () => {
          const { status } = await this.client.contextStatus(this.clusterId, contextId);
          if (status === "Running") return true;
          if (status === "Error") throw new DatabricksSqlError(`the execution context on cluster ${this.clusterId} failed to start`, undefined);
          return undefined;
        },
        deadline,
        () => `the execution context on cluster ${this.clusterId} becoming ready`,
      );
      return await work(contextId, deadline);
    } finally {
      // a cluster holds a limited number of contexts: give this one back, but never hide the real outcome
      await this.client.destroyContext(this.clusterId, contextId).catch(() => undefined);
    }
  }

  private async runInContext(contextId: string, sql: string, deadline: number, onStarted?: RunSqlOptions["onStarted"]): Promise<SqlResult> {
    const commandId = await this.client.execute(this.clusterId, contextId, sql);
    let status: CommandStatus;
    try {
      await onStarted?.({ clusterId: this.clusterId, contextId, commandId });
    } catch (error) {
      await this.client.cancelCommand(this.clusterId, contextId, commandId).catch(() => undefined);
      throw error;
    }
    try {
      status = await this.client.pollUntil(
        async () => {
          const s = await this.client.commandStatus(this.clusterId, contextId, commandId);
          return s.status === "Finished" || s.status === "Error" || s.status === "Cancelled" ? s : undefined;
        },
        deadline,
        () => `a SQL command on cluster ${this.clusterId} finishing`,
      );
    } catch (error) {
      if (error instanceof DatabricksTimeoutError) {
        await this.client.cancelCommand(this.clusterId, contextId, commandId).catch(() => undefined);
      }
      throw error;
    }
    return toSqlResult(status);
  }
}

function toSqlResult(status: CommandStatus): SqlResult {
  const results = status.results ?? undefined;
  if (status.status === "Cancelled") throw new DatabricksSqlError("the command was cancelled", undefined);
  // a failed statement may come back as Finished with resultType "error"
  if (status.status === "Error" || results?.resultType === "error") {
    throw new DatabricksSqlError(results?.summary || results?.cause?.split("\n")[0] || "the command failed", results?.cause);
  }
  if (!results || results.resultType !== "table") {
    if (results?.resultType === "text") {
      return { schema: [{ name: "text", type: { kind: "primitive", name: "string" } }], rows: [[String(results.data ?? "")]], truncated: false };
    }
    throw new DatabricksProtocolError(`a SQL command finished with resultType ${results?.resultType ?? "(none)"}`);
  }
  const schema: SqlColumn[] = (results.schema ?? []).map((c, i) => ({ name: typeof c.name === "string" ? c.name : `_c${i}`, type: readType(c.type) }));
  const data = Array.isArray(results.data) ? results.data : [];
  const rows = data.map((row) => {
    const cells = Array.isArray(row) ? row : [];
    return schema.map((column, i) => toLosslessValue(cells[i], column.type));
  });
  return { schema, rows, truncated: results.truncated === true };
}

function readType(type: unknown): SparkType {
  try {
    return parseJsonType(type);
  } catch {
    // a type this client does not know: its values stay text, which loses nothing
    return { kind: "primitive", name: "string" };
  }
}
