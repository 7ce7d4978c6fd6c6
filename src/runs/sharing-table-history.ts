/**
 * The file history a Delta Sharing window's restore check reads (sharing-restored-files.ts), kept
 * by the process per shared table: a table's committed versions never change, so a later run asks
 * the server only for the versions since the ones it was answered, not for the whole history again.
 * The key holds the sharing endpoint, the table's name and its Delta table id: a table dropped and
 * created again (a new id, versions starting over) is asked afresh.
 *
 * The query with startingVersion answers only data-changing adds and removes (so does the
 * protocol's reference server): a file written by OPTIMIZE and compacted away by a later OPTIMIZE
 * leaves no trace in it, and a RESTORE that brings it back would go unnoticed. So the versions up to
 * the last ingested one that the query answers nothing for (OPTIMIZE, a property, an empty commit)
 * are asked for their files, when some late file has no earlier trace, each version once per
 * process; the files they hold that no earlier add or remove names count as added there. At most
 * MAX_QUIET_VERSIONS of them a run, newest first: the run warns of the ones left for the next run.
 */
import type { DeltaSharingClient, SharedFile, SharedTableName, SharingApiError } from "../delta-sharing/index.js";
import { answerOf, dataChangesSince0, type FileEvent } from "./sharing-restored-files.js";

/** the versions without data changes a run asks for the files of; the next run goes on with the rest */
export const MAX_QUIET_VERSIONS = 50;
/** tables kept, the least recently used one dropped first */
const MAX_TABLES = 64;
/** adds and removes kept in all (some 100 bytes each), the least recently used tables dropped first; a table with more is asked afresh each run */
const MAX_EVENTS = 500_000;

interface KnownHistory {
  /** the earliest version the events account for (0 unless the server's log no longer reaches it) */
  from: number;
  /** the latest version asked for */
  through: number;
  events: FileEvent[];
  /** per version without data changes: the ids of its files no add or remove up to it names */
  quiet: Map<number, readonly string[]>;
}

const known = new Map<string, KnownHistory>();

export interface SharedTableKey {
  endpoint: string;
  table: SharedTableName;
  /** the Delta table id (the metadata's id) */
  tableId: string;
}

export interface RestoreHistory {
  events: FileEvent[];
  /** the run's warning when some versions were left unchecked */
  unchecked?: string;
}

/**
 * The adds and removes of versions up to `pinned` that tell which of `lateFiles` the table had at or
 * before `since`, or the server's refusal of the versions (sharing-restored-files.ts).
 */
export async function restoreHistory(
  client: DeltaSharingClient,
  key: SharedTableKey,
  since: number,
  pinned: number,
  lateFiles: readonly SharedFile[],
): Promise<RestoreHistory | SharingApiError> {
  const history = await historyThrough(client, key, since, pinned);
  if (!("events" in history)) return history;
  const upTo = (v: number) => (e: FileEvent) => e.version <= v;
  const traced = new Set(history.events.filter(upTo(since)).map((e) => e.id));
  const untraced = lateFiles.filter((f) => !traced.has(f.id));
  let unchecked: string | undefined;
  if (untraced.length > 0) unchecked = await askQuietVersions(client, key.table, history, since);
  const quietAdds = [...history.quiet].filter(([v]) => v <= since).flatMap(([version, ids]) => ids.map((id) => ({ id, kind: "add" as const, version })));
  return { events: [...history.events.filter(upTo(pinned)), ...quietAdds], ...(unchecked ? { unchecked } : {}) };
}

/** The table's adds and removes through at least `pinned`: what the process knows, and the versions since asked for. */
async function historyThrough(client: DeltaSharingClient, key: SharedTableKey, since: number, pinned: number): Promise<KnownHistory | SharingApiError> {
  const name = keyOf(key);
  const cached = known.get(name);
  if (cached) {
    known.delete(name);
    if (cached.through >= pinned) return keep(name, cached);
    const later = await answerOf(client.dataChanges(key.table, cached.through + 1, pinned));
    if ("value" in later) return keep(name, { ...cached, through: pinned, events: [...cached.events, ...later.value.map(eventOf)] });
    // the versions since not answered: asked whole again, as the first time
  }
  const answered = await dataChangesSince0(client, key.table, since, pinned);
  if (!("files" in answered)) return answered;
  return keep(name, { from: answered.from, through: pinned, events: answered.files.map(eventOf), quiet: new Map() });
}

/**
 * Asks for the files of the versions from `history.from` to `since` the query answered nothing for,
 * not asked before, newest first, at most MAX_QUIET_VERSIONS; says how many are left, if any. A
 * version the server no longer answers is left for the earliest version's files to stand for.
 */
async function askQuietVersions(client: DeltaSharingClient, table: SharedTableName, history: KnownHistory, since: number): Promise<string | undefined> {
  const changed = new Set(history.events.map((e) => e.version));
  const quiet: number[] = [];
  for (let v = since; v >= history.from; v--) if (!changed.has(v) && !history.quiet.has(v)) quiet.push(v);
  for (const version of quiet.slice(0, MAX_QUIET_VERSIONS)) {
    const answer = await answerOf(client.query(table, { version }));
    if ("refused" in answer) break;
    const named = new Set(history.events.filter((e) => e.version <= version).map((e) => e.id));
    history.quiet.set(version, answer.value.files.map((f) => f.id).filter((id) => !named.has(id)));
  }
  const left = quiet.filter((v) => !history.quiet.has(v));
  if (left.length === 0) return undefined;
  return (
    `the late rows since version ${since} were checked only in part for files a RESTORE brought back: ${left.length} version(s) up to ${left[0]} that changed no data (OPTIMIZE, say) ` +
    `were not asked for their files (at most ${MAX_QUIET_VERSIONS} a run, newest first; the next run goes on with the rest); a file one of them wrote that a restore brought back would have its rows ingested again`
  );
}

function keep(name: string, history: KnownHistory): KnownHistory {
  if (history.events.length > MAX_EVENTS) return history;
  known.set(name, history);
  let events = 0;
  for (const kept of known.values()) events += kept.events.length;
  // the least recently used first: Map keeps insertion order, and a table used is set again
  for (const [oldest, kept] of known) {
    if (known.size <= MAX_TABLES && events <= MAX_EVENTS) break;
    known.delete(oldest);
    events -= kept.events.length;
  }
  return history;
}

const keyOf = (key: SharedTableKey) => JSON.stringify([key.endpoint, key.table.share, key.table.schema, key.table.table, key.tableId]);
const eventOf = (f: FileEvent): FileEvent => ({ id: f.id, kind: f.kind, version: f.version });
