/**
 * A window's staged files read a group at a time: consecutive files whose sizes add up to at most
 * the group limit (a file larger than the limit is a group of its own), fetched a few at once, and
 * their local copies deleted once the group is read. The next group is fetched while one is read,
 * so at most two groups' copies are on disk at a time.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { mapBounded } from "../util/map-bounded.js";
import { DOWNLOADS_AT_ONCE, type StagedInput } from "./staged-files.js";

/** The files' indexes in groups of at most `limit` bytes each (in their order). */
export function groupBySize(sizes: readonly number[], limit: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, index) => {
    if (current.length > 0 && bytes + size > limit) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface StagedGroup {
  /** 0, 1, … in the files' order */
  index: number;
  /** local Parquet files */
  files: string[];
  /** no group follows */
  last: boolean;
  /** how many groups the files make */
  count: number;
}

/** Calls `read` with each group's local files in turn; copies are deleted after each group, and on failure. */
export async function forEachStagedGroup(
  input: StagedInput,
  limit: number,
  dir: string,
  read: (group: StagedGroup) => Promise<void>,
): Promise<void> {
  const groups = groupBySize(input.sizes, limit);
  const folder = (index: number) => path.join(dir, `group-${index}`);
  const fetch = (index: number) => mapBounded(groups[index], DOWNLOADS_AT_ONCE, (member) => input.fetch(member, folder(index)));
  const release = async (folderPath: string) => {
    if (input.copies) await rm(folderPath, { recursive: true, force: true });
  };
  let next: Promise<string[]> | undefined = fetch(0);
  try {
    for (let index = 0; index < groups.length; index++) {
      const files: string[] = await next!;
      next = index + 1 < groups.length ? fetch(index + 1) : undefined;
      // a failed prefetch is reported when its group's turn comes (or dropped if this group fails first)
      next?.catch(() => undefined);
      await read({ index, files, last: index === groups.length - 1, count: groups.length });
      await release(folder(index));
    }
  } finally {
    await next?.catch(() => undefined);
    await release(dir);
  }
}
