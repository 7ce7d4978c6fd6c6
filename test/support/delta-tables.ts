import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";
import type { StructType } from "../../src/delta/index.js";

/** The two-column table (a long `id`, a string `grp` to partition by) most Delta tests write. */
export const ID_AND_GROUP_SCHEMA: StructType = {
  type: "struct",
  fields: [
    { name: "id", type: "long", nullable: true, metadata: {} },
    { name: "grp", type: "string", nullable: true, metadata: {} },
  ],
};

/** A DuckDB connection and scratch directories for one test file; `close` removes everything. */
export type Workspace = Awaited<ReturnType<typeof workspace>>;

/**
 * One workspace per test file: registers its beforeAll/afterAll and hands back stand-ins that
 * forward to the workspace and its connection once beforeAll has made them.
 */
export function useWorkspace(): { ws: Workspace; conn: DuckDBConnection } {
  let current: Workspace | undefined;
  beforeAll(async () => {
    current = await workspace();
  });
  afterAll(async () => current?.close());
  const forward = <T extends object>(target: () => T): T =>
    new Proxy({} as T, {
      get(_, key) {
        const real = target() as Record<PropertyKey, unknown>;
        const value = real[key];
        return typeof value === "function" ? value.bind(real) : value;
      },
    });
  const live = () => {
    if (!current) throw new Error("the workspace is made in beforeAll");
    return current;
  };
  return { ws: forward(live), conn: forward(() => live().conn) };
}

export async function workspace() {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const base = await mkdtemp(path.join(tmpdir(), "delta-test-"));
  let n = 0;
  return {
    conn,
    connect: () => instance.connect(),
    newTableDir: () => path.join(base, `t${++n}`),
    close: async () => {
      conn.closeSync();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** The actions of one commit, parsed line by line. */
export async function commitActions(root: string, version: number): Promise<Record<string, any>[]> {
  const text = await readFile(path.join(root, "_delta_log", `${String(version).padStart(20, "0")}.json`), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

export async function rawCommit(root: string, version: number): Promise<string> {
  return readFile(path.join(root, "_delta_log", `${String(version).padStart(20, "0")}.json`), "utf8");
}

export const ofKind = (actions: Record<string, any>[], kind: string) => actions.filter((a) => kind in a).map((a) => a[kind]);

export async function logFiles(root: string): Promise<string[]> {
  return (await readdir(path.join(root, "_delta_log"))).sort();
}

export async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}
