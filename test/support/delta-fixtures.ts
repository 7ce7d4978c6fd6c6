/**
 * The Delta fixtures: tables Apache Spark wrote (delta-kernel-rs's golden tables, kernel/tests/golden_data,
 * with a manifest.json of what each must read as), against which the Delta reader is cross-checked.
 * They are not part of the repository and are read in place: beside the checkout at
 * ../shared/fixtures/delta, or wherever DELTA_FIXTURES_DIR points. Without them the suites that need
 * them are skipped, and `setup` (vitest's globalSetup) says so in one line; with
 * REQUIRE_DELTA_FIXTURES=1, as in CI, the run fails instead.
 * This is the only file that knows where the fixtures are.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./repo-root.js";

export const deltaFixturesDir = path.resolve(process.env.DELTA_FIXTURES_DIR ?? path.join(REPO_ROOT, "../shared/fixtures/delta"));

const MANIFEST = path.join(deltaFixturesDir, "manifest.json");

/** Suites over the Spark-written tables run under `describe.runIf(haveDeltaFixtures)`. */
export const haveDeltaFixtures = existsSync(MANIFEST);

const HOW_TO_GET_THEM =
  "check out beside ../shared (its fixtures/delta), or set DELTA_FIXTURES_DIR to a folder with manifest.json, golden/ and extra/";

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

/** Every fixture table and what it must read as; empty without the fixtures. */
export const manifest: ManifestEntry[] = haveDeltaFixtures ? JSON.parse(readFileSync(MANIFEST, "utf8")) : [];

export const fixturePath = (relative: string): string => path.join(deltaFixturesDir, relative);

/** vitest's globalSetup: one line per run when the fixtures are missing, or a failed run when they are required. */
export function setup(): void {
  if (haveDeltaFixtures) return;
  if (process.env.REQUIRE_DELTA_FIXTURES === "1") {
    throw new Error(`REQUIRE_DELTA_FIXTURES=1 but there are no Delta fixtures at ${deltaFixturesDir}: ${HOW_TO_GET_THEM}.`);
  }
  console.log(`Delta fixtures not found at ${deltaFixturesDir}: the suites over Spark-written Delta tables are skipped. To run them, ${HOW_TO_GET_THEM}.`);
}
