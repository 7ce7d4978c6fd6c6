/**
 * Put Block From URL for the embedded Azurite only; the pinned 3.35.0 answers it 501
 * APINotImplemented. The source must be a blob of the same Azurite (any of its accounts), as for
 * Azurite's own Copy Blob.
 *
 * - The source is authorized as Azurite's Copy Blob authorizes one (a GET of the source's
 *   `?comp=metadata` with the URL's SAS, refused with CannotVerifyCopySource and that GET's status),
 *   but always, also for a source in the destination's account without a SAS: Azure reads the
 *   source with the URL's own credentials only.
 * - The bytes of the source's committed content in `x-ms-source-range` (all of it without one)
 *   become an uncommitted block of the destination, staged as Put Block stages one
 *   (azurite-block-staging.ts), so Put Block List commits it. A range inside one of the source's
 *   extent chunks (one Put Blob or one block of it) is staged as a reference to those bytes, others
 *   are read as Azurite's GET Blob reads them (metadataStore.downloadBlob, extentStore.readExtents)
 *   and appended as a new extent chunk.
 * - Refused as on Azure: a range beyond the source (416 InvalidRange), a malformed range (400
 *   InvalidHeaderValue), more than 4000 MiB in one block (413), a request body (400), a block whose
 *   `x-ms-source-content-md5` does not match (400 Md5Mismatch, nothing staged).
 * - Refused with 501 rather than half done: a page blob source, `x-ms-copy-source-authorization`,
 *   `x-ms-source-content-crc64` and the `x-ms-source-if-*` conditions.
 */
import { PassThrough, type Readable } from "node:stream";
import { type AzuriteContext, type BlockBlobHandler, type ExtentChunk, stageUncommittedBlock, type StagedBlockResponse } from "./azurite-block-staging.js";
import { requireAzurite } from "./azurite-dist.js";


/** Azure's largest block */
const MAX_BLOCK_BYTES = 4000 * 1024 * 1024;

interface SourceBlob {
  isCommitted: boolean;
  properties: { contentLength: number; blobType?: string };
  persistency?: ExtentChunk;
  committedBlocksInOrder?: { persistency: ExtentChunk }[];
}

interface CopyingHandler extends BlockBlobHandler {
  metadataStore: BlockBlobHandler["metadataStore"] & {
    downloadBlob(context: AzuriteContext, account: string, container: string, blob: string, snapshot: string): Promise<SourceBlob>;
  };
  extentStore: BlockBlobHandler["extentStore"] & {
    readExtents(chunks: ExtentChunk[], offset: number, count: number, contextId?: string): Promise<Readable>;
  };
}

interface StageBlockFromUrlOptions {
  sourceRange?: string;
  sourceContentMD5?: Uint8Array;
  sourceContentcrc64?: Uint8Array;
  copySourceAuthorization?: string;
  sourceModifiedAccessConditions?: Record<string, unknown>;
  leaseAccessConditions?: unknown;
  requestId?: string;
}

interface StorageError {
  statusCode: number;
}

const BlobHandler = requireAzurite("blob/handlers/BlobHandler").default;
const BlobStorageContext = requireAzurite("blob/context/BlobStorageContext").default;
const NotImplementedError = requireAzurite("blob/errors/NotImplementedError").default;
const StorageErrorFactory = requireAzurite("blob/errors/StorageErrorFactory").default;
const { extractStoragePartsFromPath } = requireAzurite("blob/middlewares/blobStorageContext.middleware");
const { getMD5FromStream } = requireAzurite("common/utils/utils");
const { parseXML } = requireAzurite("blob/generated/utils/xml");

let applied = false;

export function applyPutBlockFromUrl(): void {
  if (applied) return;
  applied = true;
  const Handler = requireAzurite("blob/handlers/BlockBlobHandler").default;
  Handler.prototype.stageBlockFromURL = async function (
    this: CopyingHandler,
    blockId: string,
    contentLength: number,
    sourceUrl: string,
    options: StageBlockFromUrlOptions,
    context: AzuriteContext,
  ): Promise<StagedBlockResponse> {
    refuseUnsupported(options, context);
    if (contentLength !== 0) {
      throw StorageErrorFactory.getInvalidHeaderValue(context.contextId, { HeaderName: "Content-Length", HeaderValue: String(contentLength) });
    }
    const source = await committedSource(this, sourceUrl, context);
    const { start, count } = rangeOf(options.sourceRange, source.properties.contentLength, context);
    if (count > MAX_BLOCK_BYTES) throw StorageErrorFactory.getRequestEntityTooLarge(context.contextId);
    const chunks = extentChunksOf(source);
    const read = async () => closingAfterEnd(await this.extentStore.readExtents(chunks, start, count, context.contextId));
    if (options.sourceContentMD5 !== undefined) await checkMd5(await read(), options.sourceContentMD5, context);
    const inPlace = rangeInOneChunk(chunks, start, count);
    const stored = inPlace ? async () => inPlace : async () => this.extentStore.appendExtent(await read(), context.contextId);
    const staged = await stageUncommittedBlock(this, blockId, count, stored, options, context);
    return { ...staged, contentMD5: options.sourceContentMD5 };
  };
}

function refuseUnsupported(options: StageBlockFromUrlOptions, context: AzuriteContext): void {
  const sourceConditions = Object.values(options.sourceModifiedAccessConditions ?? {}).some((value) => value !== undefined);
  if (options.copySourceAuthorization !== undefined || options.sourceContentcrc64 !== undefined || sourceConditions) {
    throw new NotImplementedError(context.contextId);
  }
}

/** The source blob, once its URL's own credentials were shown to read it. */
async function committedSource(handler: CopyingHandler, sourceUrl: string, context: AzuriteContext): Promise<SourceBlob> {
  const url: URL = BlobHandler.prototype.NewUriFromCopySource(sourceUrl, context);
  const [account, container, blob] = extractStoragePartsFromPath(url.hostname, url.pathname, new BlobStorageContext(context).disableProductStyleUrl);
  if (account === undefined || container === undefined || blob === undefined) throw sourceNotFound(context);
  await authorizeSource(url, context);
  let source: SourceBlob;
  try {
    source = await handler.metadataStore.downloadBlob(context, account, container, blob, url.searchParams.get("snapshot") ?? "");
  } catch (error) {
    // deleted since it was authorized
    if ((error as StorageError).statusCode === 404) throw sourceNotFound(context);
    throw error;
  }
  if (!source.isCommitted) throw sourceNotFound(context);
  if (source.properties.blobType === "PageBlob") throw new NotImplementedError(context.contextId);
  return source;
}

const sourceNotFound = (context: AzuriteContext) =>
  StorageErrorFactory.getCannotVerifyCopySource(context.contextId, 404, "The specified resource does not exist");

/**
 * Azurite's check of a Copy Blob source (BlobHandler.validateCopySource): the source must be on
 * this Azurite, and a GET of its `?comp=metadata` with the URL's own credentials must succeed, else
 * CannotVerifyCopySource with that GET's status and message. Azurite serves that GET as Get Blob,
 * the whole blob, so this one asks for its first byte only: the same authorization, for every
 * block of a large source.
 */
async function authorizeSource(url: URL, context: AzuriteContext): Promise<void> {
  if (url.host !== context.request.getHeader("host")?.toLowerCase()) throw sourceNotFound(context);
  const metadata = new URL(url);
  metadata.searchParams.set("comp", "metadata");
  const response = await fetch(metadata, { headers: { "x-ms-range": "bytes=0-0" } });
  const body = await response.text();
  if (response.ok) return;
  if (response.status === 404) throw sourceNotFound(context);
  let message = "Could not verify the copy source within the specified time.";
  if (response.headers.get("content-type") === "application/xml") {
    const error = await parseXML(body).catch(() => undefined);
    if (typeof error?.Message === "string") message = error.Message.replace(/\n+/gm, "");
  }
  throw StorageErrorFactory.getCannotVerifyCopySource(context.contextId, response.status, message);
}

/** `x-ms-source-range` (bytes=start-end or bytes=start-) as offset and length within a source of `size` bytes */
function rangeOf(header: string | undefined, size: number, context: AzuriteContext): { start: number; count: number } {
  if (header === undefined) return { start: 0, count: size };
  const match = /^bytes=(\d+)-(\d*)$/.exec(header);
  const start = Number(match?.[1]);
  const end = match?.[2] ? Number(match[2]) : size - 1;
  if (!match || !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (match[2] && end < start)) {
    throw StorageErrorFactory.getInvalidHeaderValue(context.contextId, { HeaderName: "x-ms-source-range", HeaderValue: header });
  }
  if (start >= size || end >= size) throw StorageErrorFactory.getInvalidPageRange2(context.contextId, `bytes */${size}`);
  return { start, count: end - start + 1 };
}

function extentChunksOf(blob: SourceBlob): ExtentChunk[] {
  if (blob.committedBlocksInOrder?.length) return blob.committedBlocksInOrder.map((block) => block.persistency);
  return blob.persistency ? [blob.persistency] : [];
}

/**
 * The range as a chunk of its own when it lies inside one of the source's chunks: the block then
 * names the source's bytes instead of copying them, as Azurite's Copy Blob shares its source's
 * chunks. Azurite's extent GC (BlobGCManager.markSweep) deletes an extent only when no blob, snapshot
 * or uncommitted block names it any more, so the bytes stay while either blob does.
 */
function rangeInOneChunk(chunks: ExtentChunk[], start: number, count: number): ExtentChunk | undefined {
  let chunkStart = 0;
  for (const chunk of chunks) {
    if (start >= chunkStart && start + count <= chunkStart + chunk.count) {
      return { id: chunk.id, offset: chunk.offset + start - chunkStart, count };
    }
    chunkStart += chunk.count;
  }
  return undefined;
}

/**
 * readExtents answers a multistream, which emits "close" as soon as its last part has ended, before
 * its own buffered bytes were read, and appendExtent ends its write at "close": a block then lost
 * its last chunk. Piped through a PassThrough, the bytes come with a "close" after their end.
 */
function closingAfterEnd(bytes: Readable): Readable {
  const through = new PassThrough();
  bytes.on("error", (error) => through.destroy(error));
  return bytes.pipe(through);
}

async function checkMd5(bytes: Readable, expected: Uint8Array, context: AzuriteContext): Promise<void> {
  const actual = Buffer.from(await getMD5FromStream(bytes));
  if (!actual.equals(Buffer.from(expected))) {
    throw StorageErrorFactory.getMd5Mismatch(context.contextId, Buffer.from(expected).toString("base64"), actual.toString("base64"));
  }
}
