/**
 * Where the embedded default keeps datasets: a container of the embedded Azurite account, so that
 * `npm start` and its workers take the same path to the lake as a deployment on Azure Storage
 * (docs/decisions.md#the-lake-in-azure-blob-storage-srcdeltastorage-srclake). LAKE_URL or LAKE_DIR
 * choose otherwise; a DATA_DIR whose lake folder already holds datasets (made before this default)
 * keeps them there, so an upgrade never hides a dataset.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Config, LakeUrlConfig } from "../config.js";

/** the container of the embedded account; landing-zone SAS tokens are scoped to their own containers, never this one */
export const EMBEDDED_LAKE_CONTAINER = "lake";

/** The config with the embedded lake chosen, when nothing else was. */
export function withEmbeddedLake(config: Config, account: { name: string; key: string }, blobServiceUrl: string): Config {
  if (config.runs.lakeUrl || config.runs.lakeDirSet || holdsDatasets(config.runs.lakeDir)) return config;
  const lakeUrl: LakeUrlConfig = {
    blobEndpoint: `${blobServiceUrl.replace(/\/+$/, "")}/${account.name}`,
    account: account.name,
    container: EMBEDDED_LAKE_CONTAINER,
    folder: "",
    accountKey: account.key,
  };
  return { ...config, runs: { ...config.runs, lakeUrl } };
}

function holdsDatasets(lakeDir: string): boolean {
  const datasets = path.join(lakeDir, "datasets");
  return existsSync(datasets) && readdirSync(datasets).length > 0;
}
