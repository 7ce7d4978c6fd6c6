/**
 * The editable part of a cluster (what clusters/edit replaces and clusters/update patches), with
 * Databricks' validation. Features that would change behaviour but are not emulated are refused
 * (501) instead of being stored and ignored; purely descriptive fields are kept as sent.
 */
import { apiErrors } from "../errors.js";

export interface ClusterSpec {
  cluster_name: string;
  spark_version: string;
  node_type_id: string;
  driver_node_type_id: string;
  num_workers: number;
  spark_conf: Record<string, string>;
  spark_env_vars: Record<string, string>;
  custom_tags: Record<string, string>;
  autotermination_minutes: number;
  data_security_mode: string;
  runtime_engine: string;
  single_user_name?: string;
  /** descriptive fields accepted as sent (azure_attributes, enable_elastic_disk, …) */
  [extra: string]: unknown;
}

export const DEFAULT_SPARK_VERSION = "15.4.x-scala2.12";
/** the Apache Spark release of that Databricks Runtime, which version() names */
export const SPARK_VERSION = "3.5.0";

export function defaultSpec(name: string, autoterminationMinutes: number): ClusterSpec {
  return {
    cluster_name: name,
    spark_version: DEFAULT_SPARK_VERSION,
    node_type_id: "Standard_DS3_v2",
    driver_node_type_id: "Standard_DS3_v2",
    num_workers: 0,
    spark_conf: {},
    spark_env_vars: {},
    custom_tags: {},
    autotermination_minutes: autoterminationMinutes,
    data_security_mode: "SINGLE_USER",
    runtime_engine: "STANDARD",
  };
}

const NOT_EMULATED = ["autoscale", "init_scripts", "docker_image", "cluster_log_conf", "workload_type", "policy_id", "instance_pool_id", "driver_instance_pool_id"];
const NOT_SPEC = new Set(["cluster_id", "update_mask", "cluster"]);

/** Fields of a clusters/edit body, or of update's `cluster` object restricted to the mask. */
export function applySpecFields(base: ClusterSpec, fields: Record<string, unknown>, only?: string[]): ClusterSpec {
  const next: ClusterSpec = { ...base };
  const names = only ?? Object.keys(fields).filter((k) => !NOT_SPEC.has(k));
  for (const name of names) {
    if (NOT_EMULATED.includes(name) && fields[name] !== undefined) {
      throw apiErrors.notImplemented(`The cluster attribute '${name}'`);
    }
    const value = fields[name];
    switch (name) {
      case "spark_conf":
      case "spark_env_vars":
      case "custom_tags":
        next[name] = stringMap(name, value ?? {});
        break;
      case "autotermination_minutes":
        next.autotermination_minutes = autoTermination(value ?? 0);
        break;
      case "num_workers": {
        const n = value ?? 0;
        if (!Number.isInteger(n) || (n as number) < 0) throw apiErrors.invalidParameter("num_workers must be a non-negative integer");
        next.num_workers = n as number;
        break;
      }
      case "cluster_name":
      case "spark_version":
      case "node_type_id":
      case "driver_node_type_id":
      case "data_security_mode":
      case "runtime_engine":
      case "single_user_name":
        if (value === undefined) {
          if (name !== "single_user_name") next[name] = defaultSpec(base.cluster_name, 0)[name];
          else delete next.single_user_name;
          break;
        }
        if (typeof value !== "string") throw apiErrors.invalidParameter(`${name} must be a string`);
        next[name] = value;
        break;
      default:
        if (value === undefined) delete next[name];
        else next[name] = value;
    }
  }
  return next;
}

function stringMap(name: string, value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw apiErrors.invalidParameter(`${name} must be an object of string values`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw apiErrors.invalidParameter(`${name}.${k} must be a string`);
  }
  return out;
}

function autoTermination(value: unknown): number {
  const n = value as number;
  if (!Number.isInteger(n) || (n !== 0 && (n < 10 || n > 43200))) {
    throw apiErrors.invalidParameter("Auto-termination minutes must be 0 (disabled) or between 10 and 43200");
  }
  return n;
}

/** spark_conf keys whose values are credentials */
export function isSecretConfKey(key: string): boolean {
  return /(^|\.)fs\.azure\.(sas|account\.key)\./i.test(key) || /secret|password|token/i.test(key);
}

/** a spec safe to put in events: credential values replaced */
export function redactSpec(spec: ClusterSpec): ClusterSpec {
  const conf: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.spark_conf)) conf[k] = isSecretConfKey(k) ? "[REDACTED]" : v;
  return { ...spec, spark_conf: conf };
}
