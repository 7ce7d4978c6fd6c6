/**
 * The embedded Azurite alone in a process of its own, for tests that kill it: started with the
 * folder, port and account of BLOB_LOCATION, BLOB_PORT, BLOB_ACCOUNT and BLOB_KEY, it prints
 * "ready <url>" once it answers.
 */
import { startEmbeddedBlobService } from "../../local/azurite.js";

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

const service = await startEmbeddedBlobService({
  port: Number(env("BLOB_PORT")),
  location: env("BLOB_LOCATION"),
  accounts: [{ name: env("BLOB_ACCOUNT"), key: env("BLOB_KEY") }],
});
console.log(`ready ${service.url}`);
