/**
 * wasb[s]://<container>@<account>.blob.core.windows.net/<path> and the credential WASB
 * (hadoop-azure NativeAzureFileSystem) would use for it. Of WASB's credential sources the export
 * emulates only the container SAS in the cluster's Spark config (Delta tables also take the account
 * key, wasb/delta-location.ts):
 *   fs.azure.sas.<container>.<account>.blob.core.windows.net <token>
 * (also under the spark.hadoop. prefix, which Spark copies into the Hadoop configuration). Without
 * it WASB falls back to anonymous access, which a private container refuses with the text of
 * sqlErrors.wasbAnonymous.
 */
import { sqlErrors } from "../errors.js";

export interface WasbLocation {
  container: string;
  /** the full account host, e.g. acct.blob.core.windows.net */
  accountHost: string;
  account: string;
  /** blob prefix without leading or trailing slash ("" for the container root) */
  path: string;
}

export function parseWasbLocation(location: string): WasbLocation {
  const m = /^(wasbs?):\/\/([^@/]+)@([^/]+)(\/.*)?$/i.exec(location.trim());
  if (!m) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1]?.toLowerCase();
    throw sqlErrors.unsupported(
      `Writing to ${scheme ? `'${scheme}:' locations` : "local paths"} (INSERT OVERWRITE DIRECTORY takes wasbs://<container>@<account>.blob.core.windows.net/<path>)`,
    );
  }
  const accountHost = m[3].toLowerCase();
  if (!accountHost.endsWith(".blob.core.windows.net")) {
    throw sqlErrors.unsupported(`The WASB host '${accountHost}' (expected <account>.blob.core.windows.net)`);
  }
  const path = (m[4] ?? "").replace(/^\/+|\/+$/g, "").replace(/\/{2,}/g, "/");
  return { container: m[2], accountHost, account: accountHost.split(".")[0], path };
}

export function sasKey(loc: WasbLocation): string {
  return `fs.azure.sas.${loc.container}.${loc.accountHost}`;
}

/** the SAS token for the location, or the anonymous-access error WASB raises */
export function sasFor(loc: WasbLocation, sparkConf: Record<string, string>): string {
  const key = sasKey(loc);
  const token = sparkConf[key] ?? sparkConf[`spark.hadoop.${key}`];
  if (!token || token.trim() === "") throw sqlErrors.wasbAnonymous(loc.container, loc.accountHost);
  return token.trim().replace(/^\?/, "");
}
