/**
 * Execution contexts and commands (Command Execution API 1.2). A context is a SQL session (current
 * catalog and schema) bound to the cluster's Spark context: a restart or termination loses it, and
 * its queued or running commands end in Error. Commands of one context run one after another, as
 * in a notebook REPL; contexts run side by side. Each command gets its own DuckDB connection.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { Cluster } from "../cluster/cluster.js";
import { apiErrors, sqlErrors } from "../errors.js";
import type { Session, WorkspaceParts } from "../exec/context.js";
import { executeSql } from "../exec/executor.js";
import type { CommandResult } from "../results/table-result.js";
import type { Engine } from "./engine.js";

/** Databricks' limit of open execution contexts per cluster */
const MAX_CONTEXTS = 150;
/** finished commands kept per context for commands/status; older ones are forgotten (404) */
const KEPT_COMMANDS = 200;

export type CommandStatus = "Queued" | "Running" | "Cancelling" | "Finished" | "Cancelled" | "Error";

interface Command {
  id: string;
  status: CommandStatus;
  results?: CommandResult;
  abort: AbortController;
}
interface Context {
  id: string;
  sparkContextId: string;
  lost: boolean;
  session: Session;
  commands: Map<string, Command>;
  /** the tail of this context's command chain */
  tail: Promise<void>;
}

export class CommandRunner {
  private contexts = new Map<string, Context>();
  private running = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly engine: Engine,
    private readonly parts: WorkspaceParts,
  ) {
    cluster.isBusy = () => this.running > 0;
    cluster.onContextLost = () => this.loseAll();
  }

  createContext(clusterId: string, language: string): string {
    this.requireRunning(clusterId);
    requireSql(language);
    const open = [...this.contexts.values()].filter((c) => !c.lost);
    if (open.length >= MAX_CONTEXTS) throw apiErrors.tooManyContexts(MAX_CONTEXTS);
    // contexts lost to a restart stay answerable for a while, but not forever
    const lost = [...this.contexts.values()].filter((c) => c.lost);
    for (const c of lost.slice(0, Math.max(0, lost.length - MAX_CONTEXTS))) this.contexts.delete(c.id);
    const id = String(randomInt(1, 2 ** 47)) + String(randomInt(0, 1e6)).padStart(6, "0");
    this.contexts.set(id, {
      id,
      sparkContextId: this.cluster.sparkContextId!,
      lost: false,
      session: { catalog: this.parts.metastore.defaultCatalog, schema: "default", conf: new Map() },
      commands: new Map(),
      tail: Promise.resolve(),
    });
    return id;
  }

  contextStatus(clusterId: string, contextId: string): { id: string; status: "Running" | "Error" } {
    this.requireCluster(clusterId);
    const ctx = this.context(contextId);
    return { id: ctx.id, status: ctx.lost ? "Error" : "Running" };
  }

  destroyContext(clusterId: string, contextId: string): void {
    this.requireCluster(clusterId);
    const ctx = this.context(contextId);
    for (const cmd of ctx.commands.values()) this.stop(cmd, "Cancelled");
    this.contexts.delete(contextId);
  }

  execute(clusterId: string, contextId: string, language: string, command: string): string {
    this.requireRunning(clusterId);
    requireSql(language);
    const ctx = this.context(contextId);
    if (ctx.lost) throw apiErrors.contextNotFound(contextId);
    const cmd: Command = { id: randomUUID().replace(/-/g, ""), status: "Queued", abort: new AbortController() };
    ctx.commands.set(cmd.id, cmd);
    if (ctx.commands.size > KEPT_COMMANDS) {
      for (const [id, old] of ctx.commands) {
        if (ctx.commands.size <= KEPT_COMMANDS) break;
        if (old.status === "Finished" || old.status === "Cancelled" || old.status === "Error") ctx.commands.delete(id);
      }
    }
    this.cluster.touch();
    ctx.tail = ctx.tail.then(() => this.run(ctx, cmd, command));
    return cmd.id;
  }

  status(clusterId: string, contextId: string, commandId: string): { id: string; status: CommandStatus; results?: CommandResult } {
    this.requireCluster(clusterId);
    const cmd = this.command(contextId, commandId);
    return { id: cmd.id, status: cmd.status, ...(cmd.results ? { results: cmd.results } : {}) };
  }

  cancel(clusterId: string, contextId: string, commandId: string): void {
    this.requireCluster(clusterId);
    const cmd = this.command(contextId, commandId);
    if (cmd.status === "Queued") this.stop(cmd, "Cancelled");
    else if (cmd.status === "Running") {
      cmd.status = "Cancelling";
      cmd.abort.abort();
    }
  }

  /** resolves when no command is running (for close) */
  async drain(): Promise<void> {
    for (const ctx of this.contexts.values()) for (const cmd of ctx.commands.values()) this.stop(cmd, "Cancelled");
    if (this.running === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private async run(ctx: Context, cmd: Command, text: string): Promise<void> {
    if (cmd.status !== "Queued") return;
    cmd.status = "Running";
    this.running++;
    const conn = await this.engine.connect();
    try {
      const results = await executeSql(
        { conn, session: ctx.session, parts: this.parts, signal: cmd.abort.signal },
        text,
      );
      if (cmd.status === "Running") {
        cmd.status = "Finished";
        cmd.results = results;
      } else if (cmd.status === "Cancelling") {
        cmd.status = "Cancelled";
        cmd.results = cancelledResult();
      }
    } finally {
      conn.closeSync();
      this.running--;
      this.cluster.touch();
      if (this.running === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** ends a command that has not finished; a running one is interrupted and keeps the status given here */
  private stop(cmd: Command, status: "Cancelled" | "Error"): void {
    if (cmd.status !== "Queued" && cmd.status !== "Running" && cmd.status !== "Cancelling") return;
    cmd.status = status;
    cmd.results =
      status === "Cancelled"
        ? cancelledResult()
        : { resultType: "error", summary: "The Spark driver stopped: the cluster restarted or terminated while the command ran.", cause: "" };
    cmd.abort.abort();
  }

  private loseAll(): void {
    // global temporary views belong to the Spark application, which the restart ended
    this.parts.globalTempViews.clear();
    for (const ctx of this.contexts.values()) {
      if (ctx.lost) continue;
      ctx.lost = true;
      for (const cmd of ctx.commands.values()) this.stop(cmd, "Error");
    }
  }

  private requireCluster(clusterId: string | undefined): void {
    if (!clusterId) throw apiErrors.missingParameter("clusterId");
    if (clusterId !== this.cluster.id) throw apiErrors.clusterNotFound(clusterId);
  }

  private requireRunning(clusterId: string | undefined): void {
    this.requireCluster(clusterId);
    const state = this.cluster.state;
    if (state !== "RUNNING") throw apiErrors.clusterNotRunning(this.cluster.id, state);
  }

  private context(contextId: string | undefined): Context {
    if (!contextId) throw apiErrors.missingParameter("contextId");
    // a context of a Spark context that is gone is lost even if nobody noticed the transition yet
    this.cluster.advance();
    const ctx = this.contexts.get(contextId);
    if (!ctx) throw apiErrors.contextNotFound(contextId);
    return ctx;
  }

  private command(contextId: string | undefined, commandId: string | undefined): Command {
    const ctx = this.context(contextId);
    if (!commandId) throw apiErrors.missingParameter("commandId");
    const cmd = ctx.commands.get(commandId);
    if (!cmd) throw apiErrors.commandNotFound(commandId);
    return cmd;
  }
}

function requireSql(language: string | undefined): void {
  if (!language) throw apiErrors.missingParameter("language");
  if (language.toLowerCase() !== "sql") throw apiErrors.unsupportedLanguage(language);
}

function cancelledResult(): CommandResult {
  const e = sqlErrors.cancelled();
  return { resultType: "error", summary: e.summary, cause: "" };
}
