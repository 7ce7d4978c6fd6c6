/**
 * SQL warehouses and their state machine (SQL Warehouses API 2.0):
 *   STOPPED --start, or a statement--> STARTING --(start delay)--> RUNNING
 *   RUNNING --stop, or auto_stop_mins without statements--> STOPPING --(stop delay)--> STOPPED
 * As with the cluster, timed transitions are worked out from stored timestamps when a warehouse is
 * next looked at, never by timers. Warehouses persist in one JSON file (they hold no secrets).
 */
import { randomBytes } from "node:crypto";
import { apiErrors } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../json-file.js";

export type WarehouseState = "STARTING" | "RUNNING" | "STOPPING" | "STOPPED";

export interface WarehouseConfig {
  id: string;
  name: string;
  cluster_size: string;
  auto_stop_mins: number;
  min_num_clusters: number;
  max_num_clusters: number;
  enable_serverless_compute: boolean;
  enable_photon: boolean;
  warehouse_type: string;
  spot_instance_policy: string;
  tags: { custom_tags: Array<{ key: string; value: string }> };
  channel: { name: string };
  creator_name: string;
}

interface WarehouseRecord extends WarehouseConfig {
  state: WarehouseState;
  /** ms when the current state was entered */
  since: number;
  /** ms of the last statement activity, for auto-stop */
  last_activity: number;
}

export interface WarehouseOptions {
  file: string;
  startDelayMs: number;
  stopDelayMs: number;
  now: () => number;
  user: string;
}

/** Databricks' bounds: 0 (never) or at least 10 minutes for classic and pro warehouses. */
const MIN_AUTO_STOP_MINS = 10;

export class Warehouses {
  private records: WarehouseRecord[];
  /** whether a statement is running on a warehouse; a busy warehouse never auto-stops */
  isBusy: (id: string) => boolean = () => false;

  constructor(private readonly opts: WarehouseOptions) {
    this.records = readJsonFile<WarehouseRecord[]>(opts.file) ?? [];
  }

  /** Adds a warehouse with this id unless one exists (npm start provides one this way); it starts STOPPED. */
  provide(id: string, name: string, autoStopMins: number): void {
    if (this.records.some((r) => r.id === id)) return;
    this.records.push(this.record(id, { name, auto_stop_mins: autoStopMins }));
    this.save();
  }

  /** warehouses/create: validates as Databricks does, starts the new warehouse */
  create(f: Record<string, unknown>): string {
    const name = f.name;
    if (typeof name !== "string" || name.trim() === "") throw apiErrors.missingParameter("name");
    if (this.records.some((r) => r.name === name)) throw apiErrors.invalidParameter(`A warehouse named '${name}' already exists.`);
    const autoStop = f.auto_stop_mins ?? 120;
    const record = this.record(randomBytes(8).toString("hex"), { name, auto_stop_mins: checkAutoStop(autoStop) });
    for (const key of ["cluster_size", "warehouse_type", "spot_instance_policy"] as const) {
      if (typeof f[key] === "string") record[key] = f[key] as string;
    }
    if (typeof f.enable_photon === "boolean") record.enable_photon = f.enable_photon;
    if (f.enable_serverless_compute === true) throw apiErrors.notImplemented("enable_serverless_compute (the local warehouses are classic)");
    if (f.max_num_clusters !== undefined && f.max_num_clusters !== 1) throw apiErrors.notImplemented("max_num_clusters other than 1");
    record.state = "STARTING";
    this.records.push(record);
    this.save();
    return record.id;
  }

  list(): object[] {
    return this.records.map((r) => this.details(r.id));
  }

  details(id: string): object {
    const r = this.find(id);
    const { since: _since, last_activity: _activity, ...config } = r;
    return {
      ...config,
      num_clusters: r.state === "RUNNING" ? 1 : 0,
      num_active_sessions: 0,
      jdbc_url: `jdbc:databricks://localhost:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/${r.id};`,
      odbc_params: { hostname: "localhost", path: `/sql/1.0/warehouses/${r.id}`, protocol: "https", port: 443 },
      health: r.state === "RUNNING" ? { status: "HEALTHY" } : {},
    };
  }

  exists(id: string): boolean {
    return this.records.some((r) => r.id === id);
  }

  state(id: string): WarehouseState {
    return this.find(id).state;
  }

  /** start: a STOPPED warehouse starts; a STOPPING one starts again once stopped; otherwise nothing happens */
  start(id: string): void {
    const r = this.find(id);
    if (r.state === "STOPPED") this.enter(r, "STARTING");
    else if (r.state === "STOPPING") {
      this.enter(r, "STOPPED", r.since + this.opts.stopDelayMs);
      this.enter(r, "STARTING");
    }
    r.last_activity = this.opts.now();
    this.save();
  }

  stop(id: string): void {
    const r = this.find(id);
    if (r.state === "RUNNING" || r.state === "STARTING") {
      this.enter(r, "STOPPING");
      this.save();
    }
  }

  /** a statement ran or finished: auto-stop counts from here */
  touch(id: string): void {
    const r = this.records.find((w) => w.id === id);
    if (!r) return;
    r.last_activity = this.opts.now();
    this.save();
  }

  private find(id: string): WarehouseRecord {
    const r = this.records.find((w) => w.id === id);
    if (!r) throw apiErrors.warehouseNotFound(id);
    this.advance(r);
    return r;
  }

  /** applies every timed transition that is due */
  private advance(r: WarehouseRecord): void {
    const now = this.opts.now();
    const before = r.state;
    if (r.state === "STARTING" && now >= r.since + this.opts.startDelayMs) {
      this.enter(r, "RUNNING", r.since + this.opts.startDelayMs);
      r.last_activity = r.since;
    }
    if (r.state === "RUNNING" && r.auto_stop_mins > 0 && !this.isBusy(r.id)) {
      const idleUntil = r.last_activity + r.auto_stop_mins * 60_000;
      if (now >= idleUntil) this.enter(r, "STOPPING", idleUntil);
    }
    if (r.state === "STOPPING" && now >= r.since + this.opts.stopDelayMs) this.enter(r, "STOPPED", r.since + this.opts.stopDelayMs);
    if (r.state !== before) this.save();
  }

  private enter(r: WarehouseRecord, state: WarehouseState, at = this.opts.now()): void {
    r.state = state;
    r.since = at;
  }

  private record(id: string, config: { name: string; auto_stop_mins: number }): WarehouseRecord {
    const now = this.opts.now();
    return {
      id,
      name: config.name,
      cluster_size: "2X-Small",
      auto_stop_mins: config.auto_stop_mins,
      min_num_clusters: 1,
      max_num_clusters: 1,
      enable_serverless_compute: false,
      enable_photon: true,
      warehouse_type: "PRO",
      spot_instance_policy: "COST_OPTIMIZED",
      tags: { custom_tags: [] },
      channel: { name: "CHANNEL_NAME_CURRENT" },
      creator_name: this.opts.user,
      state: "STOPPED",
      since: now,
      last_activity: now,
    };
  }

  private save(): void {
    writeJsonFile(this.opts.file, this.records);
  }
}

function checkAutoStop(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || (value > 0 && value < MIN_AUTO_STOP_MINS)) {
    throw apiErrors.invalidParameter(`auto_stop_mins must be 0 (never) or at least ${MIN_AUTO_STOP_MINS}`);
  }
  return value;
}
