/**
 * Where the lake keeps things: one Delta table per dataset, batch side files beside them. The lake
 * is a local folder or a folder of an Azure Blob container; a remote lake is registered once
 * (registerLake) and from then on named by its root URL like a local lake by its path.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { LocalTableStorage, registerTableStorage, type TableStorage } from "../delta/index.js";

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checked(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`not a lake id: ${id}`);
  return id;
}

/** a folder of the lake: its files, local or remote */
export type LakeFolder = TableStorage;

const remoteLakes = new Map<string, TableStorage>();

/** Makes a remote lake reachable by its root (returned); a local folder needs no registration. */
export function registerLake(storage: TableStorage): string {
  if (!storage.isLocal) remoteLakes.set(storage.root, storage);
  return storage.root;
}

/** The storage of a folder of the lake named by its path or URL (a table root, a batch's row_errors). */
export function lakeFolder(location: string): TableStorage {
  for (const [root, lake] of remoteLakes) {
    if (location === root) return lake;
    if (location.startsWith(`${root}/`)) return lake.at(location.slice(root.length + 1));
  }
  // a URL is never a folder: reading it as one would write a remote lake's files to the working directory
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new Error(`internal: ${location} is not in a registered lake`);
  return new LocalTableStorage(location);
}

/** Deletes a folder of the lake with everything in it (a deleted dataset's table, a batch's side files). */
export async function removeLakeFolder(location: string): Promise<void> {
  const folder = lakeFolder(location);
  if (folder.isLocal) return rm(location, { recursive: true, force: true });
  const files = await folder.list("");
  // one request per blob: a few at a time, so a large table goes in seconds, not minutes
  for (let i = 0; i < files.length; i += 16) await Promise.all(files.slice(i, i + 16).map((file) => folder.delete(file.path)));
}

/** A batch's own folder (its row_errors and anything else kept beside the dataset). */
export function batchFolder(lakeRoot: string, batchId: string): string {
  return child(lakeRoot, "batches", checked(batchId));
}

function child(lakeRoot: string, ...parts: string[]): string {
  const lake = remoteLakes.get(lakeRoot);
  if (!lake) return path.join(lakeRoot, ...parts);
  // the Delta library finds a remote table by its root
  return registerTableStorage(lake.at(parts.join("/")));
}

export function datasetTableRoot(lakeRoot: string, datasetId: string): string {
  return child(lakeRoot, "datasets", checked(datasetId));
}

export function batchRowErrorsDir(lakeRoot: string, batchId: string): string {
  return child(lakeRoot, "batches", checked(batchId), "row_errors");
}

/** A client-given path as a path relative to a folder, or undefined when it would leave the folder. */
export function relativeInside(relative: string): string | undefined {
  const normalized = path.posix.normalize(relative.replace(/\\/g, "/"));
  if (normalized === "." || normalized.startsWith("../") || normalized === ".." || path.posix.isAbsolute(normalized)) return undefined;
  return normalized;
}
