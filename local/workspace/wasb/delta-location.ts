/**
 * Delta tables at wasb[s]:// locations (delta.`wasbs://…`, CREATE TABLE … LOCATION 'wasbs://…'), and the folders COPY INTO reads, read
 * and written through the Delta library's Blob storage with the credential WASB would use from the
 * cluster's Spark config: the container's SAS, else the account key
 * (fs.azure.account.key.<account>.blob.core.windows.net), else anonymous access, which fails.
 */
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { AzureBlobTableStorage, type DeltaTable, openDeltaTable } from "../../../src/delta/index.js";
import { parseWasbLocation, sasFor, sasKey } from "./location.js";

export const isWasbLocation = (location: string): boolean => /^wasbs?:\/\//i.test(location.trim());

export interface WasbDeltaParts {
  cluster: { sparkConf: Record<string, string> };
  /** where a wasbs://…@<account>.blob.core.windows.net path really lives */
  blobEndpointFor: (accountHost: string) => string;
}

export function wasbDeltaTable(parts: WasbDeltaParts, location: string): DeltaTable {
  return openDeltaTable(wasbStorage(parts, location));
}

/** the Blob Storage folder at a wasb[s]:// location, reached with the credential the cluster's Spark config gives WASB */
export function wasbStorage(parts: WasbDeltaParts, location: string): AzureBlobTableStorage {
  const loc = parseWasbLocation(location);
  const conf = parts.cluster.sparkConf;
  const containerUrl = `${parts.blobEndpointFor(loc.accountHost).replace(/\/+$/, "")}/${loc.container}`;
  const hasSas = Boolean(conf[sasKey(loc)] ?? conf[`spark.hadoop.${sasKey(loc)}`]);
  const keyName = `fs.azure.account.key.${loc.accountHost}`;
  const accountKey = (conf[keyName] ?? conf[`spark.hadoop.${keyName}`])?.trim();
  const container = !hasSas && accountKey
    ? new ContainerClient(containerUrl, new StorageSharedKeyCredential(loc.account, accountKey))
    : new ContainerClient(`${containerUrl}?${sasFor(loc, conf)}`);
  const name = `wasbs://${loc.container}@${loc.accountHost}${loc.path ? `/${loc.path}` : ""}`;
  return new AzureBlobTableStorage(container, loc.path, { name });
}
