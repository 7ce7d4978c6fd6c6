import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The shared golden tables live next to the repo (../shared) and are read in place, never copied
 * in. DELTA_FIXTURES_DIR points elsewhere when the checkout is not beside them.
 */
export const fixturesRoot = path.resolve(process.env.DELTA_FIXTURES_DIR ?? path.resolve(repoRoot, "../shared/fixtures/delta"));

export interface ManifestEntry {
  name: string;
  path: string;
  expectedPath: string | null;
  kind: "golden" | "negative" | "skip";
  reason: string;
  expectedRows: number | null;
  versions: number | null;
  features: string[];
  minReaderVersion: number | null;
  minWriterVersion: number | null;
  hasCheckpoint: boolean;
  hasDeletionVectors: boolean;
  columnMapping: string | null;
}

function readManifest(): ManifestEntry[] {
  const file = path.join(fixturesRoot, "manifest.json");
  if (!existsSync(file)) {
    throw new Error(`the Delta fixtures are not at ${fixturesRoot}: check out beside ../shared, or set DELTA_FIXTURES_DIR`);
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

export const manifest: ManifestEntry[] = readManifest();

export const fixturePath = (relative: string): string => path.join(fixturesRoot, relative);
