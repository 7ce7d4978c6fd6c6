/**
 * A WASB output directory written as Spark's overwrite does: existing blobs under the prefix are
 * deleted, part files are uploaded, `_SUCCESS` is written last (and only on success; a failed job
 * removes the parts it uploaded). The only credential is the SAS; any storage refusal becomes an
 * error result with the HTTP status and the storage error code, never the signature.
 */
import { ContainerClient, RestError } from "@azure/storage-blob";
import { SqlError, sqlErrors } from "../errors.js";
import type { WasbLocation } from "./location.js";

const BLOCK_SIZE = 8 * 1024 * 1024;
const BLOCKS_IN_FLIGHT = 4;

export class BlobDirectory {
  private readonly container: ContainerClient;
  private readonly prefix: string;
  readonly uploaded: string[] = [];
  bytes = 0;

  constructor(
    containerUrl: string,
    sas: string,
    loc: WasbLocation,
    private readonly signal: AbortSignal,
  ) {
    this.container = new ContainerClient(`${containerUrl}?${sas}`);
    this.prefix = loc.path === "" ? "" : `${loc.path}/`;
  }

  /** overwrite: the directory is replaced as a whole */
  async clear(): Promise<void> {
    await this.storage(async () => {
      for await (const blob of this.container.listBlobsFlat({ prefix: this.prefix, abortSignal: this.signal })) {
        await this.container.deleteBlob(blob.name, { abortSignal: this.signal });
      }
    });
  }

  async upload(file: string, name: string, size: number): Promise<void> {
    await this.storage(() =>
      this.container.getBlockBlobClient(this.prefix + name).uploadFile(file, {
        blockSize: BLOCK_SIZE,
        // in blocks, as Hadoop's Azure filesystems upload: they go a few at once (a part in one Put Blob went alone)
        maxSingleShotSize: BLOCK_SIZE,
        concurrency: BLOCKS_IN_FLIGHT,
        abortSignal: this.signal,
        blobHTTPHeaders: { blobContentType: "application/octet-stream" },
      }),
    );
    this.uploaded.push(this.prefix + name);
    this.bytes += size;
  }

  async commit(): Promise<void> {
    await this.storage(() => this.container.getBlockBlobClient(`${this.prefix}_SUCCESS`).upload("", 0, { abortSignal: this.signal }));
  }

  /** best effort: a failed job leaves no parts behind (a revoked SAS will not allow even this) */
  async abort(): Promise<void> {
    for (const name of this.uploaded) await this.container.deleteBlob(name).catch(() => undefined);
  }

  private async storage<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw storageError(e, this.signal);
    }
  }
}

function storageError(e: unknown, signal: AbortSignal): SqlError {
  if (signal.aborted) return sqlErrors.cancelled();
  if (e instanceof SqlError) return e;
  if (e instanceof RestError) {
    const detail = redactSas((e.message || "").split("\n")[0] || "The storage service refused the request");
    return sqlErrors.storage(e.statusCode, e.code, detail);
  }
  return sqlErrors.storage(undefined, undefined, redactSas((e as Error)?.message ?? String(e)));
}

/** removes SAS signatures from text that may echo a URL */
export function redactSas(text: string): string {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, "$1REDACTED");
}
