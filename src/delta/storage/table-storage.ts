/**
 * Where a table's files live. Paths are relative to the table root, "/"-separated, as in the log.
 * Log entries are created only if absent (the log's mutual exclusion on any store); data files are
 * written once under unique names; nothing here overwrites a log entry.
 */
import type { Readable } from "node:stream";

export interface StoredFile {
  /** relative to the table root */
  path: string;
  size: number;
  /** epoch milliseconds */
  modifiedAt: number;
}

/** bytes `start`..`end` of a file, both included */
export interface ByteRange {
  start: number;
  end: number;
}

export interface TableStorage {
  /** the table root as a local path or a URL without credentials: identity and error messages */
  readonly root: string;
  /** every file under `folder` ("" = the whole table), recursively; a missing folder lists nothing */
  list(folder: string): Promise<StoredFile[]>;
  /** names of the folders directly under `folder` (that hold any file) */
  childFolders(folder: string): Promise<string[]>;
  /** the file's bytes, or undefined when there is no such file */
  read(path: string): Promise<Buffer | undefined>;
  stat(path: string): Promise<StoredFile | undefined>;
  /**
   * The file's bytes as a stream (for serving a file without holding it), or undefined when there is
   * no such file; with `range` (within the file) only those bytes, read as a range from the store.
   */
  openRead(path: string, range?: ByteRange): Promise<Readable | undefined>;
  /** creates the file with `bytes` unless it exists; false = someone else's file is there (it is left as it is) */
  writeIfAbsent(path: string, bytes: Uint8Array | string): Promise<boolean>;
  /** replaces the file at once (readers see the old or the new bytes, never a mix): only for hints like `_last_checkpoint` */
  replace(path: string, bytes: Uint8Array | string): Promise<void>;
  /** moves a finished local file into the table under a name nobody else uses, streaming it; the local file is gone afterwards */
  putFile(path: string, localFile: string): Promise<StoredFile>;
  delete(path: string): Promise<void>;
  /**
   * A local file with the bytes of `path`, for DuckDB: the file itself on a local table, a copy on a
   * remote one (data and log files are never rewritten, so copies stay valid).
   */
  localFile(path: string): Promise<string>;
  /** a local folder where new files are written before putFile: inside the table on local disk, so putFile is a rename */
  scratchFolder(): Promise<string>;
  /** true when localFile(path) is the table's own file (no copy is made) */
  readonly isLocal: boolean;
  /**
   * Whether copyWithTail takes a source at `url` (a URL without credentials): only a store with
   * server-side copies has them, and only from its own account, so a source's credential is never
   * sent to another host.
   */
  canCopyFrom?(url: string): boolean;
  /**
   * Creates `path` (unless the name is taken, like putFile) from the first `length` bytes of the blob
   * at `source` (its URL with a read credential), copied by the store itself, followed by `tail`.
   * `blockSizes`, the blocks the source was written in, let the copy follow them.
   */
  copyWithTail?(path: string, source: { url: string; length: number; blockSizes?: readonly number[] }, tail: Uint8Array): Promise<StoredFile>;
  /**
   * Creates `path` (unless the name is taken, like putFile) from the first `length` bytes of a local
   * file followed by `tail`, streamed from where they are: a remote store's way to take a renamed
   * file without its renamed copy on local disk (a local table writes that copy in place anyway).
   */
  putFileWithTail?(path: string, source: { file: string; length: number }, tail: Uint8Array): Promise<StoredFile>;
  /** the same store rooted at a folder below this root */
  at(folder: string): TableStorage;
  /**
   * Removes the local copies (and abandoned scratch files) this store's clients keep that were not
   * used since `modifiedBefore` (epoch ms); returns how many files went. A local table keeps none.
   */
  removeStaleCopies(modifiedBefore: number): Promise<number>;
}

/** Joins relative table paths with "/", ignoring empty parts. */
export const joinTablePath = (...parts: string[]): string => parts.filter(Boolean).join("/").replace(/\/{2,}/g, "/");
