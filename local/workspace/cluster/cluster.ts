/**
 * The one all-purpose cluster and its state machine:
 *   TERMINATED --start--> PENDING --(start delay)--> RUNNING
 *   RUNNING --restart / edit / update--> RESTARTING --(start delay)--> RUNNING
 *   PENDING | RUNNING | RESTARTING --delete or idle timeout--> TERMINATING --(terminate delay)--> TERMINATED
 * Like Azurite's leases, timed transitions are worked out from stored timestamps when the cluster is
 * next looked at (`advance`), never by timers: no handle outlives a request, and a test can drive
 * time through the injected clock. State, spec (spark_conf holds SAS tokens) and events persist in
 * one file with mode 0600.
 */
import { randomInt } from "node:crypto";
import { apiErrors } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../json-file.js";
import { applySpecFields, defaultSpec, redactSpec, type ClusterSpec } from "./spec.js";

export type ClusterState = "PENDING" | "RUNNING" | "RESTARTING" | "RESIZING" | "TERMINATING" | "TERMINATED";

export interface TerminationReason {
  code: string;
  type: string;
  parameters: Record<string, string>;
}
export interface ClusterEvent {
  cluster_id: string;
  timestamp: number;
  type: string;
  details: Record<string, unknown>;
}
interface ClusterRecord {
  spec: ClusterSpec;
  state: ClusterState;
  state_message: string;
  /** ms when the current state was entered */
  since: number;
  start_time: number;
  terminated_time?: number;
  last_restarted_time?: number;
  last_state_loss_time?: number;
  termination_reason?: TerminationReason;
  spark_context_id?: string;
  /** ms of the last command activity, for auto-termination */
  last_activity: number;
  events: ClusterEvent[];
}

export interface ClusterOptions {
  file: string;
  clusterId: string;
  startDelayMs: number;
  terminateDelayMs: number;
  autoTerminationMinutes: number;
  now: () => number;
  user: string;
}

const MAX_EVENTS = 1000;
const MESSAGES: Record<ClusterState, string> = {
  PENDING: "Finding instances for new nodes, acquiring more instances if necessary",
  RUNNING: "",
  RESTARTING: "Restarting Spark",
  RESIZING: "",
  TERMINATING: "Terminating the cluster",
  TERMINATED: "",
};

export class Cluster {
  private record: ClusterRecord;
  /** told when the Spark context goes away (restart, termination); commands and contexts die with it */
  onContextLost: () => void = () => {};
  /** whether a command is running; a busy cluster is never idle */
  isBusy: () => boolean = () => false;

  constructor(private readonly opts: ClusterOptions) {
    const now = opts.now();
    const stored = readJsonFile<ClusterRecord>(opts.file);
    if (stored) {
      this.record = stored;
      if (stored.state === "RUNNING") {
        // the process restarted: the driver (and its Spark context) did too
        stored.spark_context_id = newContextId();
        stored.last_activity = now;
        stored.last_state_loss_time = now;
      }
    } else {
      this.record = {
        spec: defaultSpec(opts.clusterId, opts.autoTerminationMinutes),
        state: "PENDING",
        state_message: MESSAGES.PENDING,
        since: now,
        start_time: now,
        last_activity: now,
        events: [],
      };
      this.event(now, "CREATING", { user: opts.user });
    }
    this.save();
  }

  get id(): string {
    return this.opts.clusterId;
  }
  get state(): ClusterState {
    this.advance();
    return this.record.state;
  }
  get sparkContextId(): string | undefined {
    this.advance();
    return this.record.spark_context_id;
  }
  /** its access mode (clusters/edit's `data_security_mode`): what a session may SET depends on it (access-mode.ts) */
  get dataSecurityMode(): string {
    return this.record.spec.data_security_mode;
  }
  /** the spark_conf the cluster runs with (read at command time, as Hadoop does per filesystem) */
  get sparkConf(): Record<string, string> {
    return { ...this.record.spec.spark_conf };
  }

  /** applies every timed transition that is due */
  advance(): void {
    let changed = false;
    for (;;) {
      const r = this.record;
      const now = this.opts.now();
      if ((r.state === "PENDING" || r.state === "RESTARTING") && now >= r.since + this.opts.startDelayMs) {
        const at = r.since + this.opts.startDelayMs;
        if (r.state === "RESTARTING") r.last_restarted_time = at;
        this.enter("RUNNING", at);
        r.spark_context_id = newContextId();
        r.last_activity = at;
        this.event(at, "RUNNING", { current_num_workers: r.spec.num_workers, target_num_workers: r.spec.num_workers });
      } else if (r.state === "TERMINATING" && now >= r.since + this.opts.terminateDelayMs) {
        const at = r.since + this.opts.terminateDelayMs;
        this.enter("TERMINATED", at);
        r.terminated_time = at;
        r.state_message = terminationMessage(r.termination_reason);
      } else if (r.state === "RUNNING" && r.spec.autotermination_minutes > 0) {
        if (this.isBusy()) {
          r.last_activity = now;
          break;
        }
        const idleAt = r.last_activity + r.spec.autotermination_minutes * 60_000;
        if (now < idleAt) break;
        this.terminate(idleAt, {
          code: "INACTIVITY",
          type: "SUCCESS",
          parameters: { inactivity_duration_min: String(r.spec.autotermination_minutes) },
        });
      } else break;
      changed = true;
    }
    if (changed) this.save();
  }

  /** a command started or finished: the cluster is not idle */
  touch(): void {
    this.advance();
    if (this.record.state === "RUNNING") this.record.last_activity = this.opts.now();
  }

  start(): void {
    this.advance();
    const r = this.record;
    if (r.state !== "TERMINATED") throw apiErrors.clusterInvalidState(this.id, r.state);
    const now = this.opts.now();
    this.enter("PENDING", now);
    r.start_time = now;
    delete r.terminated_time;
    delete r.termination_reason;
    this.event(now, "STARTING", { user: this.opts.user });
    this.save();
  }

  restart(): void {
    this.advance();
    if (this.record.state !== "RUNNING") throw apiErrors.clusterInvalidState(this.id, this.record.state);
    this.restartNow();
    this.save();
  }

  /** clusters/delete: terminate (the cluster keeps its configuration) */
  delete(): void {
    this.advance();
    const r = this.record;
    if (r.state === "TERMINATED" || r.state === "TERMINATING") return;
    this.terminate(this.opts.now(), { code: "USER_REQUEST", type: "SUCCESS", parameters: { username: this.opts.user } });
    this.save();
  }

  edit(body: Record<string, unknown>): void {
    if (typeof body.spark_version !== "string") throw apiErrors.missingParameter("spark_version");
    const fresh = defaultSpec(this.record.spec.cluster_name, 0);
    this.changeSpec(applySpecFields(fresh, body));
  }

  update(mask: string[], cluster: Record<string, unknown>): void {
    this.changeSpec(applySpecFields(this.record.spec, cluster, mask));
  }

  private changeSpec(next: ClusterSpec): void {
    this.advance();
    const r = this.record;
    if (r.state !== "RUNNING" && r.state !== "TERMINATED") throw apiErrors.clusterInvalidState(this.id, r.state);
    const now = this.opts.now();
    this.event(now, "EDITED", {
      user: this.opts.user,
      previous_attributes: redactSpec(r.spec),
      attributes: redactSpec(next),
    });
    r.spec = next;
    if (r.state === "RUNNING") this.restartNow();
    this.save();
  }

  private restartNow(): void {
    const now = this.opts.now();
    this.enter("RESTARTING", now);
    this.record.spark_context_id = undefined;
    this.event(now, "RESTARTING", { user: this.opts.user });
  }

  private terminate(at: number, reason: TerminationReason): void {
    this.enter("TERMINATING", at);
    this.record.termination_reason = reason;
    this.record.spark_context_id = undefined;
    this.event(at, "TERMINATING", { reason, ...(reason.code === "USER_REQUEST" ? { user: this.opts.user } : {}) });
  }

  private enter(state: ClusterState, at: number): void {
    const leavingContext = this.record.spark_context_id !== undefined && state !== "RUNNING";
    this.record.state = state;
    this.record.since = at;
    this.record.state_message = MESSAGES[state];
    if (leavingContext) this.onContextLost();
  }

  private event(timestamp: number, type: string, details: Record<string, unknown>): void {
    this.record.events.push({ cluster_id: this.id, timestamp, type, details });
    if (this.record.events.length > MAX_EVENTS) this.record.events.splice(0, this.record.events.length - MAX_EVENTS);
  }

  events(): ClusterEvent[] {
    this.advance();
    return this.record.events;
  }

  /** ClusterDetails as clusters/get returns it */
  details(): Record<string, unknown> {
    this.advance();
    const r = this.record;
    const { spec } = r;
    return {
      cluster_id: this.id,
      creator_user_name: this.opts.user,
      ...spec,
      spark_context_id: r.spark_context_id !== undefined ? Number(r.spark_context_id) : undefined,
      jdbc_port: 10000,
      cluster_source: "UI",
      enable_elastic_disk: spec.enable_elastic_disk ?? true,
      enable_local_disk_encryption: spec.enable_local_disk_encryption ?? false,
      effective_spark_version: spec.spark_version,
      state: r.state,
      state_message: r.state_message,
      start_time: r.start_time,
      terminated_time: r.terminated_time,
      last_restarted_time: r.last_restarted_time,
      last_state_loss_time: r.last_state_loss_time,
      termination_reason: r.termination_reason,
      cluster_memory_mb: 14336,
      cluster_cores: 4,
      default_tags: { Vendor: "Databricks", Creator: this.opts.user, ClusterName: spec.cluster_name, ClusterId: this.id },
    };
  }

  private save(): void {
    writeJsonFile(this.opts.file, this.record, 0o600);
  }
}

function newContextId(): string {
  // Databricks shows a large positive integer; keep it within 2^53 so it survives JSON
  return String(randomInt(1, 2 ** 47));
}

function terminationMessage(reason: TerminationReason | undefined): string {
  if (reason?.code === "INACTIVITY") {
    return `Inactive cluster terminated (inactive for ${reason.parameters.inactivity_duration_min} minutes).`;
  }
  if (reason?.code === "USER_REQUEST") return `Terminated by ${reason.parameters.username ?? "user"}`;
  return "";
}
