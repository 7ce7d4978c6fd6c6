import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { BlobClient, type BlockBlobClient, type ContainerClient, RestError } from "@azure/storage-blob";
import { mapBounded } from "../../util/map-bounded.js";
import { type ByteRange, joinTablePath, type StoredFile, type TableStorage } from "./table-storage.js";

export interface AzureBlobStorageOptions {
  /** where copies of remote files are kept for DuckDB; default <os tmp>/delta-remote-files */
  cacheFolder?: string;
  /** upload block size for data files (bytes); default 8 MiB */
  blockSize?: number;
  /**
   * the table's name instead of its Blob URL (e.g. the wasbs:// location a Spark user gave): tables are
   * told apart by name, so two clients of one folder with different credentials stay two tables
   */
  name?: string;
}

/** a server-side copy's piece: several at once, each well under Put Block From URL's 4,000 MiB */
const COPY_PIECE = 64 * 1024 * 1024;

/** The first `length` bytes in pieces: the source's blocks (cut at `length`), or `pieceSize` each (COPY_PIECE) where it has none. */
export function copyPieces(length: number, blockSizes: readonly number[], pieceSize = COPY_PIECE): Array<{ offset: number; count: number }> {
  const pieces: Array<{ offset: number; count: number }> = [];
  let offset = 0;
  for (const size of blockSizes.length > 0 && blockSizes.every((s) => s <= COPY_PIECE) ? blockSizes : []) {
    if (offset >= length) break;
    pieces.push({ offset, count: Math.min(size, length - offset) });
    offset += size;
  }
  for (; offset < length; offset += pieceSize) pieces.push({ offset, count: Math.min(pieceSize, length - offset) });
  return pieces;
}

/** Block ids of one blob's `count` blocks, in order (all of one length, as Put Block List wants). */
const blockIds = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`block-${String(i).padStart(6, "0")}`).toString("base64"));

/** blocks of one file uploaded at once, as putFile's uploadFile does */
const UPLOAD_BLOCKS_AT_ONCE = 2;
/** pieces one Put Block From URL each, copied at once by the store */
const COPIES_AT_ONCE = 4;

const statusOf = (e: unknown): number | undefined => (e instanceof RestError ? e.statusCode : undefined);

/**
 * A table under a folder of an Azure Blob Storage container (ADLS Gen2 included: the Blob endpoint
 * serves the same files). Log entries are created with `If-None-Match: *`, so of two writers racing for
 * one version the service lets exactly one succeed and answers the other 409/412.
 */
export class AzureBlobTableStorage implements TableStorage {
  readonly isLocal = false;
  readonly root: string;
  private readonly base: string;
  /** where every table of this store keeps its copies (one folder per table root below) */
  private readonly cacheParent: string;
  private readonly cacheFolder: string;
  private readonly blockSize: number;

  constructor(
    private readonly container: ContainerClient,
    folder: string,
    private readonly options: AzureBlobStorageOptions = {},
  ) {
    this.base = folder.replace(/^\/+|\/+$/g, "");
    const url = new URL(container.url);
    url.search = ""; // a SAS never becomes part of a name that is logged
    const containerRoot = url.toString().replace(/\/$/, "");
    this.root = options.name ?? (this.base ? `${containerRoot}/${this.base}` : containerRoot);
    const key = createHash("sha256").update(this.root).digest("hex").slice(0, 24);
    this.cacheParent = options.cacheFolder ?? path.join(tmpdir(), "delta-remote-files");
    this.cacheFolder = path.join(this.cacheParent, key);
    this.blockSize = options.blockSize ?? 8 * 1024 * 1024;
  }

  private blobName(relative: string): string {
    return joinTablePath(this.base, relative);
  }

  private blob(relative: string) {
    return this.container.getBlockBlobClient(this.blobName(relative));
  }

  async list(folder: string): Promise<StoredFile[]> {
    const prefix = joinTablePath(this.base, folder.replace(/\/+$/, "")) + "/";
    const found: StoredFile[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix, includeMetadata: true })) {
      if (item.metadata?.hdi_isfolder === "true") continue; // an ADLS Gen2 directory, not a file
      found.push({
        path: item.name.slice(this.base.length + 1),
        size: item.properties.contentLength ?? 0,
        modifiedAt: item.properties.lastModified.getTime(),
      });
    }
    return found;
  }

  async childFolders(folder: string): Promise<string[]> {
    const prefix = joinTablePath(this.base, folder.replace(/\/+$/, "")) + "/";
    const names: string[] = [];
    for await (const item of this.container.listBlobsByHierarchy("/", { prefix })) {
      if (item.kind === "prefix") names.push(item.name.slice(prefix.length).replace(/\/$/, ""));
    }
    return names;
  }

  async read(relative: string): Promise<Buffer | undefined> {
    try {
      return await this.blob(relative).downloadToBuffer();
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async openRead(relative: string, range?: ByteRange): Promise<Readable | undefined> {
    try {
      const download = range ? this.blob(relative).download(range.start, range.end - range.start + 1) : this.blob(relative).download();
      return (await download).readableStreamBody as Readable | undefined;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async stat(relative: string): Promise<StoredFile | undefined> {
    try {
      const props = await this.blob(relative).getProperties();
      if (props.metadata?.hdi_isfolder === "true") return undefined;
      return { path: relative, size: props.contentLength ?? 0, modifiedAt: props.lastModified?.getTime() ?? 0 };
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async writeIfAbsent(relative: string, bytes: Uint8Array | string): Promise<boolean> {
    const body = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
    try {
      await this.blob(relative).upload(body, body.byteLength, { conditions: { ifNoneMatch: "*" } });
      return true;
    } catch (e) {
      const status = statusOf(e);
      if (status === 409 || status === 412) return false;
      throw e;
    }
  }

  async replace(relative: string, bytes: Uint8Array | string): Promise<void> {
    const body = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
    await this.blob(relative).upload(body, body.byteLength);
  }

  /** Uploads in blocks read from the file as they go (memory: a few blocks), committed only if the name is free. */
  async putFile(relative: string, localFile: string): Promise<StoredFile> {
    const size = (await stat(localFile)).size;
    const response = await this.blob(relative).uploadFile(localFile, {
      blockSize: this.blockSize,
      concurrency: UPLOAD_BLOCKS_AT_ONCE,
      conditions: { ifNoneMatch: "*" },
    });
    await rm(localFile, { force: true });
    return { path: relative, size, modifiedAt: response.lastModified?.getTime() ?? Date.now() };
  }

  canCopyFrom(url: string): boolean {
    const source = new BlobClient(url);
    return new URL(url).origin === new URL(this.container.url).origin && source.accountName === this.container.accountName;
  }

  /**
   * Put Block From URL for the source's bytes, a few at once, in the source's own blocks where it has
   * them (a store may then share their bytes instead of copying them, as the embedded Azurite does),
   * a block for the tail, committed only if the name is free.
   */
  async copyWithTail(relative: string, source: { url: string; length: number; blockSizes?: readonly number[] }, tail: Uint8Array): Promise<StoredFile> {
    if (!this.canCopyFrom(source.url.split("?")[0])) throw new Error(`internal: ${this.root} copies only from its own account`);
    const pieces = copyPieces(source.length, source.blockSizes ?? []);
    return this.blocksWithTail(relative, pieces, COPIES_AT_ONCE, tail, (blob, id, { offset, count }) => blob.stageBlockFromURL(id, source.url, offset, count));
  }

  /** Put Block of the file's bytes in blocks, read from the file as each goes, with the tail's block beside them; committed only if the name is free. */
  async putFileWithTail(relative: string, source: { file: string; length: number }, tail: Uint8Array): Promise<StoredFile> {
    const pieces = copyPieces(source.length, [], this.blockSize);
    return this.blocksWithTail(relative, pieces, UPLOAD_BLOCKS_AT_ONCE, tail, (blob, id, { offset, count }) =>
      blob.stageBlock(id, () => createReadStream(source.file, { start: offset, end: offset + count - 1 }), count),
    );
  }

  /**
   * A blob of `pieces`, each staged by `stage` (`atOnce` at a time), then `tail`, whose block goes
   * beside them (a block list names its blocks whatever order they were staged in); created only if
   * the name is free.
   */
  private async blocksWithTail(
    relative: string,
    pieces: ReadonlyArray<{ offset: number; count: number }>,
    atOnce: number,
    tail: Uint8Array,
    stage: (blob: BlockBlobClient, id: string, piece: { offset: number; count: number }) => Promise<unknown>,
  ): Promise<StoredFile> {
    const blob = this.blob(relative);
    const ids = blockIds(pieces.length + 1);
    await Promise.all([mapBounded(pieces, atOnce, (piece, i) => stage(blob, ids[i], piece)), blob.stageBlock(ids[pieces.length], tail, tail.byteLength)]);
    const response = await blob.commitBlockList(ids, { conditions: { ifNoneMatch: "*" } });
    const length = pieces.reduce((n, piece) => n + piece.count, 0);
    return { path: relative, size: length + tail.byteLength, modifiedAt: response.lastModified?.getTime() ?? Date.now() };
  }

  async delete(relative: string): Promise<void> {
    await this.blob(relative).deleteIfExists();
  }

  /** Streams the blob to a local copy once; files of a table are never rewritten, so the copy stays valid. */
  async localFile(relative: string): Promise<string> {
    const local = path.join(this.cacheFolder, ...relative.split("/").filter(Boolean));
    if (await stat(local).then((s) => s.isFile(), () => false)) {
      // a used copy is a fresh one: removeStaleCopies goes by this time
      const now = new Date();
      await utimes(local, now, now).catch(() => undefined);
      return local;
    }
    await mkdir(path.dirname(local), { recursive: true });
    const temp = `${local}.${randomUUID()}.part`;
    try {
      await this.blob(relative).downloadToFile(temp);
      await rename(temp, local);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    return local;
  }

  at(folder: string): TableStorage {
    const name = this.options.name === undefined ? undefined : `${this.options.name.replace(/\/+$/, "")}/${folder}`;
    return new AzureBlobTableStorage(this.container, joinTablePath(this.base, folder), { ...this.options, name });
  }

  async removeStaleCopies(modifiedBefore: number): Promise<number> {
    let removed = 0;
    const walk = async (folder: string) => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (((await stat(full).catch(() => undefined))?.mtimeMs ?? Infinity) < modifiedBefore) {
          await rm(full, { force: true });
          removed++;
        }
      }
    };
    await walk(this.cacheParent);
    return removed;
  }

  async scratchFolder(): Promise<string> {
    const folder = path.join(this.cacheFolder, `.delta-write-${randomUUID()}`);
    await mkdir(folder, { recursive: true });
    return folder;
  }
}
