/**
 * Pre-signed file URLs: what a recipient downloads a data file with, without a bearer token. The URL
 * names the shared table and the file's path in it, when it stops working and an HMAC-SHA256 over
 * all of that with a key the workspace keeps in memory (a restart invalidates every URL it gave,
 * which a client handles as an expired one: ask the query again).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { DeletionVectorDescriptor } from "../../../src/delta/index.js";

export interface FileRef {
  share: string;
  schema: string;
  table: string;
  /** the file's path as the Delta log names it, relative to the table root */
  path: string;
}

export const FILES_PATH = "/api/2.0/delta-sharing/files";

export class FileUrlSigner {
  private readonly key = randomBytes(32);

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  /** The URL's path and query, and when it expires (epoch ms). */
  sign(ref: FileRef): { pathAndQuery: string; expiresAt: number } {
    const expiresAt = this.now() + this.lifetimeMs;
    const query = new URLSearchParams({ share: ref.share, schema: ref.schema, table: ref.table, path: ref.path, expires: String(expiresAt) });
    query.set("sig", this.signature(ref, expiresAt));
    return { pathAndQuery: `${FILES_PATH}?${query.toString()}`, expiresAt };
  }

  /** The file a URL's query names, or why it is refused. */
  verify(query: Record<string, unknown>): FileRef | { refused: string } {
    const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : undefined);
    const [share, schema, table, path, expires, sig] = ["share", "schema", "table", "path", "expires", "sig"].map(text);
    if (!share || !schema || !table || !path || !expires || !sig || !/^\d+$/.test(expires)) return { refused: "The URL is not a pre-signed file URL of this workspace." };
    const ref = { share, schema, table, path };
    const expected = Buffer.from(this.signature(ref, Number(expires)));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { refused: "The URL's signature does not match." };
    if (Number(expires) <= this.now()) return { refused: `Request has expired: the URL stopped working at ${new Date(Number(expires)).toISOString()}.` };
    return ref;
  }

  private signature(ref: FileRef, expiresAt: number): string {
    return createHmac("sha256", this.key).update([ref.share, ref.schema, ref.table, ref.path, String(expiresAt)].join("\n")).digest("base64url");
  }
}

/**
 * An id for a file that is stable across queries (the protocol asks for one per file). A data file
 * whose rows a deletion vector deletes is another file for its recipients (other rows remain), so
 * its id covers the vector, by Delta's unique id of it (storage type, path or inline bytes, offset).
 */
export function fileId(path: string, deletionVector?: DeletionVectorDescriptor): string {
  const hmac = createHmac("sha256", "delta-sharing-file-id").update(path);
  if (deletionVector) hmac.update(`\n${deletionVector.storageType}${deletionVector.pathOrInlineDv}${deletionVector.offset !== undefined ? `@${deletionVector.offset}` : ""}`);
  return hmac.digest("hex").slice(0, 32);
}
