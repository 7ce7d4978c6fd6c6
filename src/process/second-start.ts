/**
 * An API start that would split a deployment sharing one database: its record of where the blob
 * service and the lake are is what every worker joins, and its lake is where it looks for the
 * datasets' files. A start whose lake is not the one the database's datasets are in would answer
 * their batches' files as missing and send every worker to its own lake; on the embedded default,
 * a second `npm start` (another DATA_DIR) would run a blob service of its own beside the first.
 * Either is refused before the start touches the store, naming what runs and what to do instead.
 * A deployment holding no dataset yet may move its lake; a recorded blob service that no longer
 * answers (the last start, stopped or killed) is taken over.
 */
import { sql } from "kysely";
import { ConfigError } from "../config.js";
import type { Store } from "../store/database.js";
import { readServiceSetting } from "../store/service-settings.repository.js";

/** How long the recorded blob service may take to answer before it is taken for stopped. */
const ANSWER_WITHIN_MS = 2_000;

export interface ThisStart {
  lakeRoot: string;
  /** where this start's embedded blob service listens, when it runs one */
  embeddedBlobEndpoint?: string;
}

/**
 * The lake's half of the check, made once the store is migrated. The blob service's half is
 * `npm start`'s, made before (a start on SQLite holds its DATA_DIR's lock, so only a shared
 * PostgreSQL database can meet another start's blob service).
 */
export async function refuseSplitDeployment(store: Store, start: ThisStart): Promise<void> {
  const recordedEndpoint = await readServiceSetting(store.db, "embedded-blob-endpoint");
  const recordedLake = await readServiceSetting(store.db, "lake-root");
  if (recordedLake === undefined || sameLake(recordedLake, recordedEndpoint, start)) return;
  const datasets = await datasetCount(store);
  if (datasets === 0) return;
  throw new ConfigError(
    `this database's ${datasets === 1 ? "dataset is" : `${datasets} datasets are`} kept in the lake ${recordedLake}, but this start's lake is ${start.lakeRoot}, ` +
      `where ${datasets === 1 ? "its" : "their"} batches' files are not: start with the same LAKE_URL (or LAKE_DIR, or the DATA_DIR of the start that made them)`,
  );
}

/**
 * The embedded blob service's half of the check, which `npm start` makes as soon as its blob service
 * listens, before the local workspace starts and before the store is migrated: a store no start has
 * migrated yet records none.
 */
export async function refuseSecondEmbeddedBlobService(store: Store, endpoint: string): Promise<void> {
  const recordedEndpoint = await readServiceSetting(store.db, "embedded-blob-endpoint").catch(() => undefined);
  if (recordedEndpoint && recordedEndpoint !== endpoint && (await blobServiceAnswers(recordedEndpoint))) {
    const recordedLake = await readServiceSetting(store.db, "lake-root").catch(() => undefined);
    // the lake may be elsewhere (LAKE_URL, LAKE_DIR): the blob service then holds the staging containers only
    const lakeInside = recordedLake === undefined || recordedLake.startsWith(`${recordedEndpoint}/`);
    const holds = lakeInside ? "this deployment's lake and staging containers" : `this deployment's staging containers (its lake is ${recordedLake})`;
    throw new ConfigError(
      `another npm start on this database runs the embedded blob service at ${recordedEndpoint}, which holds ${holds}; ` +
        `a second one would keep ${lakeInside ? "a lake and staging containers" : "staging containers"} of its own. Add workers with \`npm run worker\` (they join that blob service), or stop that npm start first; ` +
        `several API processes need real Azure Storage (AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY and the same LAKE_URL for each)`,
    );
  }
}

/** Whether two lakes are one: the same root, or the same container path of the embedded blob service on another port (a restart with another BLOB_PORT). */
function sameLake(recordedLake: string, recordedEndpoint: string | undefined, start: ThisStart): boolean {
  if (recordedLake === start.lakeRoot) return true;
  const inRecorded = recordedEndpoint !== undefined && recordedLake.startsWith(`${recordedEndpoint}/`);
  const inOurs = start.embeddedBlobEndpoint !== undefined && start.lakeRoot.startsWith(`${start.embeddedBlobEndpoint}/`);
  return inRecorded && inOurs && recordedLake.slice(recordedEndpoint.length) === start.lakeRoot.slice(start.embeddedBlobEndpoint!.length);
}

async function datasetCount(store: Store): Promise<number> {
  const row = await store.db.selectFrom("resources").select(sql<string>`count(*)`.as("count")).where("kind", "=", "dataSet").executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Whether anything answers HTTP at the endpoint (Azurite answers any request, an unknown one with an error). */
async function blobServiceAnswers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    return true;
  } catch {
    return false;
  }
}
