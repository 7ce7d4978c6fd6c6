/**
 * Put Block without reading the block back, for the embedded Azurite only (pinned 3.35.0).
 *
 * Azurite's BlockBlobHandler.stageBlock appends the body to an extent, then reads the whole block
 * back from the extent and MD5s it, even when the request carries no Content-MD5, and then drops
 * the hash: some 1.5 ms of CPU per MB of every block uploaded (the SDK's uploadFile and uploadData
 * upload in blocks above maxSingleShotSize, 256 MiB by default). The shim stages a block without an
 * MD5 straight from the append; a block with one goes to Azurite's own stageBlock, which validates
 * it as before. The answer is Azurite's: 201 and the same headers.
 *
 * stageUncommittedBlock is also how Put Block From URL stages its blocks (azurite-block-from-url.ts).
 */
import type { Readable } from "node:stream";
import { requireAzurite } from "./azurite-dist.js";


export interface AzuriteContext {
  contextId?: string;
  startTime?: Date;
  request: { getHeader(name: string): string | undefined };
}

export interface ExtentChunk {
  id: string;
  offset: number;
  count: number;
}

/** The parts of Azurite's block blob handler (and its BaseHandler) that staging uses. */
export interface BlockBlobHandler {
  metadataStore: {
    checkContainerExist(context: AzuriteContext, account: string, container: string): Promise<void>;
    stageBlock(context: AzuriteContext, block: object, leaseAccessConditions: unknown): Promise<void>;
  };
  extentStore: {
    appendExtent(body: Readable | Buffer, contextId?: string): Promise<ExtentChunk>;
  };
  validateBlockId(blockId: string, context: AzuriteContext): void;
}

interface StageBlockOptions {
  transactionalContentMD5?: Uint8Array;
  leaseAccessConditions?: unknown;
  requestId?: string;
}

export interface StagedBlockResponse {
  statusCode: 201;
  contentMD5?: Uint8Array;
  requestId?: string;
  version: string;
  date?: Date;
  isServerEncrypted: true;
  clientRequestId?: string;
}

const BlobStorageContext = requireAzurite("blob/context/BlobStorageContext").default;
const StorageErrorFactory = requireAzurite("blob/errors/StorageErrorFactory").default;
const { BLOB_API_VERSION } = requireAzurite("blob/utils/constants");

/**
 * Stages `chunk`'s bytes as an uncommitted block of the request's blob, as Azurite's stageBlock
 * does after its MD5 check: `chunk` appends them to an extent, or names bytes already stored.
 */
export async function stageUncommittedBlock(
  handler: BlockBlobHandler,
  blockId: string,
  contentLength: number,
  chunk: () => Promise<ExtentChunk>,
  options: { leaseAccessConditions?: unknown; requestId?: string },
  context: AzuriteContext,
): Promise<StagedBlockResponse> {
  const blobCtx = new BlobStorageContext(context);
  handler.validateBlockId(blockId, blobCtx);
  await handler.metadataStore.checkContainerExist(context, blobCtx.account, blobCtx.container);
  const persistency = await chunk();
  if (persistency.count !== contentLength) {
    throw StorageErrorFactory.getInvalidOperation(
      context.contextId,
      `The size of the request body ${persistency.count} mismatches the content-length ${contentLength}.`,
    );
  }
  const block = {
    accountName: blobCtx.account,
    containerName: blobCtx.container,
    blobName: blobCtx.blob,
    isCommitted: false,
    name: blockId,
    size: contentLength,
    persistency,
  };
  await handler.metadataStore.stageBlock(context, block, options.leaseAccessConditions);
  return {
    statusCode: 201,
    contentMD5: undefined,
    requestId: context.contextId,
    version: BLOB_API_VERSION,
    date: context.startTime,
    isServerEncrypted: true,
    clientRequestId: options.requestId,
  };
}

let applied = false;

export function applyBlockStagingWithoutReadBack(): void {
  if (applied) return;
  applied = true;
  const Handler = requireAzurite("blob/handlers/BlockBlobHandler").default;
  const azuriteStageBlock = Handler.prototype.stageBlock;
  Handler.prototype.stageBlock = function (
    this: BlockBlobHandler,
    blockId: string,
    contentLength: number,
    body: Readable,
    options: StageBlockOptions,
    context: AzuriteContext,
  ): Promise<StagedBlockResponse> {
    // the MD5 Azurite's stageBlock validates against (x-ms-blob-content-md5 alone validates nothing there either)
    const md5 = options.transactionalContentMD5 || context.request.getHeader("content-md5");
    if (md5) return azuriteStageBlock.call(this, blockId, contentLength, body, options, context);
    const appended = () => this.extentStore.appendExtent(body, context.contextId);
    return stageUncommittedBlock(this, blockId, contentLength, appended, options, context);
  };
}
