import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared golden tables live next to the repo and are read in place, never copied in. */
export const fixturesRoot = path.resolve(repoRoot, "../shared/fixtures/delta");

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

export const manifest: ManifestEntry[] = JSON.parse(readFileSync(path.join(fixturesRoot, "manifest.json"), "utf8"));

export const fixturePath = (relative: string): string => path.join(fixturesRoot, relative);
