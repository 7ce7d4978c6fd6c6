/**
 * The files COPY INTO reads: those under a folder on this machine where tables may live, or under a wasb[s]:// folder (read with the
 * credential the cluster's Spark config gives WASB), hidden ones left out, chosen by FILES or PATTERN; each named by its absolute
 * path or wasbs:// URI, which the table's log keeps as loaded, and read from a local file (a copy of a blob).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { sqlErrors } from "../errors.js";
import type { Statement } from "../sql/statements.js";
import { isWasbLocation, wasbStorage } from "../wasb/delta-location.js";
import type { StatementContext } from "./context.js";
import { localPath } from "./resolve.js";

type CopyInto = Extract<Statement, { kind: "copyInto" }>;

/** a source location's files (their paths under it, "/"-separated, hidden ones left out), what names each, and a local file of its bytes */
export interface SourceLocation {
  files: string[];
  uri(file: string): string;
  localFile(file: string): Promise<string>;
}

export async function sourceLocation(ctx: StatementContext, location: string): Promise<SourceLocation> {
  if (isWasbLocation(location)) {
    const storage = wasbStorage(ctx.parts, location);
    const files = (await storage.list("")).map((f) => f.path).filter((file) => !hidden(file));
    if (files.length === 0) throw sqlErrors.pathNotFound(location);
    return { files: files.sort(), uri: (file) => `${location.replace(/\/+$/, "")}/${file}`, localFile: (file) => storage.localFile(file) };
  }
  const folder = localPath(ctx, location);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw sqlErrors.pathNotFound(folder);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (hidden(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) files.push(path.relative(folder, file).split(path.sep).join("/"));
    }
  };
  walk(folder);
  const absolute = (file: string) => path.join(folder, ...file.split("/"));
  return { files, uri: absolute, localFile: async (file) => absolute(file) };
}

/** a file or folder Spark's file sources leave out: a name starting with "." or "_" (_SUCCESS, _committed_…, .crc) */
const hidden = (file: string) => file.split("/").some((name) => name.startsWith(".") || name.startsWith("_"));

/** the location's files COPY INTO reads: those FILES names, else every one whose path under the location PATTERN's glob matches */
export function chosenFiles(files: string[], s: Pick<CopyInto, "files" | "pattern">): string[] {
  if (s.files) {
    const named = new Set(s.files.map((name) => path.posix.normalize(name.replace(/^\/+/, ""))));
    return files.filter((file) => named.has(file));
  }
  const pattern = s.pattern === undefined ? undefined : globPattern(s.pattern);
  return pattern ? files.filter((file) => pattern.test(file)) : files;
}

/** a Hadoop glob (`*`, `?`, `[…]`, `{a,b}`) as a regular expression over a file's path under the folder */
function globPattern(glob: string): RegExp {
  let out = "";
  for (let k = 0; k < glob.length; k++) {
    const ch = glob[k];
    if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "{") out += "(?:";
    else if (ch === "}") out += ")";
    else if (ch === "," && out.includes("(?:")) out += "|";
    else if (ch === "[") {
      const end = glob.indexOf("]", k);
      out += end < 0 ? "\\[" : `[${glob.slice(k + 1, end).replace(/^!/, "^")}]`;
      if (end >= 0) k = end;
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
