import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { ByteRange, StoredFile, TableStorage } from "./table-storage.js";

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/** A table in a folder of the local file system (one host, or a shared mount with hard links). */
export class LocalTableStorage implements TableStorage {
  readonly isLocal = true;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private full(relative: string): string {
    return path.join(this.root, ...relative.split("/").filter(Boolean));
  }

  async list(folder: string): Promise<StoredFile[]> {
    const found: StoredFile[] = [];
    const walk = async (relative: string) => {
      const entries = await readdir(this.full(relative), { withFileTypes: true }).catch((e) => {
        if (isMissing(e)) return [];
        throw e;
      });
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(child);
        else if (entry.isFile()) {
          const info = await this.stat(child); // gone meanwhile: not listed
          if (info) found.push(info);
        }
      }
    };
    await walk(folder.replace(/\/+$/, ""));
    return found;
  }

  async childFolders(folder: string): Promise<string[]> {
    const entries = await readdir(this.full(folder), { withFileTypes: true }).catch((e) => {
      if (isMissing(e)) return [];
      throw e;
    });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  }

  async read(relative: string): Promise<Buffer | undefined> {
    return readFile(this.full(relative)).catch((e) => {
      if (isMissing(e) || (e as NodeJS.ErrnoException).code === "EISDIR") return undefined;
      throw e;
    });
  }

  async openRead(relative: string, range?: ByteRange): Promise<Readable | undefined> {
    return (await this.stat(relative)) ? createReadStream(this.full(relative), range) : undefined;
  }

  async stat(relative: string): Promise<StoredFile | undefined> {
    const info = await stat(this.full(relative)).catch((e) => {
      if (isMissing(e)) return undefined;
      throw e;
    });
    return info?.isFile() ? { path: relative, size: info.size, modifiedAt: info.mtimeMs } : undefined;
  }

  /**
   * The content goes to a temp file first and is hard-linked into place, which fails with EEXIST exactly
   * like an exclusive create but never lets a reader see a half-written file. Filesystems without hard
   * links fall back to an exclusive create.
   */
  async writeIfAbsent(relative: string, bytes: Uint8Array | string): Promise<boolean> {
    const target = this.full(relative);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    await writeFile(temp, bytes, { flag: "wx" });
    try {
      await link(temp, target);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw e;
      return writeExclusive(target, bytes);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async replace(relative: string, bytes: Uint8Array | string): Promise<void> {
    const target = this.full(relative);
    await mkdir(path.dirname(target), { recursive: true });
    const aside = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    await writeFile(aside, bytes);
    await rename(aside, target).catch(async (e) => {
      await rm(aside, { force: true });
      throw e;
    });
  }

  async putFile(relative: string, localFile: string): Promise<StoredFile> {
    const target = this.full(relative);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(localFile, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      await copyFile(localFile, target);
      await rm(localFile, { force: true });
    }
    const info = await this.stat(relative);
    if (!info) throw new Error(`internal: ${target} vanished right after it was written`);
    return info;
  }

  async delete(relative: string): Promise<void> {
    await rm(this.full(relative), { force: true });
  }

  async localFile(relative: string): Promise<string> {
    return this.full(relative);
  }

  at(folder: string): TableStorage {
    return new LocalTableStorage(this.full(folder));
  }

  async removeStaleCopies(): Promise<number> {
    return 0;
  }

  async scratchFolder(): Promise<string> {
    const folder = path.join(this.root, `.delta-write-${randomUUID()}`);
    await mkdir(folder, { recursive: true });
    return folder;
  }
}

async function writeExclusive(target: string, bytes: Uint8Array | string): Promise<boolean> {
  let handle;
  try {
    handle = await open(target, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    return true;
  } finally {
    await handle.close();
  }
}
