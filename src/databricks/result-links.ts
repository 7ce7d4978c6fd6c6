/**
 * The download of a SQL warehouse's result chunk through its presigned link (EXTERNAL_LINKS). The
 * link names storage outside the workspace, so it is judged as a Delta Sharing file URL is
 * (src/security/pinned-get.ts): a workspace on a public address may name only links on public
 * addresses, a workspace inside the service's own network (the local workspace on loopback, one
 * reached through Private Link) also links on that network, and no workspace a cloud metadata
 * service. The link is fetched without the workspace's Authorization header, with the headers it
 * names; no redirect is followed, at most about twice the chunk's stated size is read, and the body
 * is only ever read as Arrow, never quoted.
 */
import { describeCategory } from "../security/address-ranges.js";
import { AddressRefused, type FileReach, pinnedGet, type ResolveHost } from "../security/pinned-get.js";
import { readAtMost } from "../util/read-at-most.js";
import { DatabricksError, DatabricksProtocolError } from "./errors.js";

/** A result link's host is on a network the workspace may not make the service reach: retrying gets the same link. */
export class ResultLinkRefusedError extends DatabricksError {
  override name = "ResultLinkRefusedError";
}

/** How much of a chunk's answer is read: its manifest's byte_count with room to spare, or (none given) this much. */
const UNSIZED_CHUNK_MAX_BYTES = 1024 * 1024 * 1024;
const chunkLimit = (byteCount: number) => (byteCount > 0 ? 2 * byteCount + 16 * 1024 * 1024 : UNSIZED_CHUNK_MAX_BYTES);

export async function fetchResultLink(
  link: string,
  headers: Record<string, string> | undefined,
  byteCount: number,
  reach: FileReach,
  resolve: ResolveHost,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  // URL's own error quotes the link it could not read, signature and all
  const url = URL.canParse(link) ? new URL(link) : undefined;
  if (!url) throw new DatabricksProtocolError("a result chunk came with a link that is not a URL; it was not fetched");
  let response: Awaited<ReturnType<typeof pinnedGet>>;
  try {
    response = await pinnedGet(url, reach, resolve, signal, headers ?? {});
  } catch (error) {
    if (error instanceof AddressRefused) throw new ResultLinkRefusedError(linkRefusal(url, error));
    throw new DatabricksError(`a result chunk could not be downloaded from ${url.host}: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status > 299) {
    await response.body.cancel().catch(() => undefined);
    throw new DatabricksError(`a result chunk's link answered HTTP ${response.status} (${url.host})`);
  }
  const limit = chunkLimit(byteCount);
  const read = await readAtMost(response.body, limit);
  if (read.overflowed) {
    throw new DatabricksProtocolError(`a result chunk's link (${url.host}) answered more than ${limit} bytes for a chunk of ${byteCount || "unstated"} bytes; the rest was not read`);
  }
  return read.bytes;
}

/** Why a link was not fetched: its host and the kind of address, never the presigned URL. */
function linkRefusal(url: URL, refused: AddressRefused): string {
  const address = `host ${url.host}, ${refused.resolved ? "which resolves to " : ""}${describeCategory(refused.kind)}`;
  if (refused.kind === "metadata") {
    return `a result chunk's link names ${address}; result links are never fetched from a cloud metadata service, whatever the workspace, so it was not fetched`;
  }
  return (
    `a result chunk's link names ${address}; a workspace on a public address may name only result links on public addresses, so it was not fetched ` +
    "(the service does not reach its own network for a workspace elsewhere)"
  );
}
