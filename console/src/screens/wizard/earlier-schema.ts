/**
 * A schema keeps its class: when the user changes the class of the new schema between two Finishes,
 * the earlier Finish's schema cannot be changed into the new one (the registry refuses the PUT), and
 * its title must be free for the new one. So the earlier schema goes, with what that Finish made of
 * it (target connection, dataset, mapping set), each gone before what it names; the source connection,
 * which names no schema, stays for reuse.
 */
import { deleteDataset, deleteMappingSet, deleteSchema, deleteTargetConnection } from "../../api/platform";
import type { Session } from "../../api/session";
import type { CreatedKey, CreatedSoFar } from "./created-so-far";

/** The answers a new schema is made from: its title, then its class and field groups in order. */
export const schemaAnswers = (title: string, refs: string[]): [string, string[]] => [title, refs];

const classOf = (from: string) => (JSON.parse(from) as ReturnType<typeof schemaAnswers>)[1][0];

/** in the order they can go: each before what it names */
const MADE_OF_THE_SCHEMA: Array<[CreatedKey, string, (session: Session, id: string) => Promise<unknown>]> = [
  ["targetId", "target connection", deleteTargetConnection],
  ["dataSetId", "dataset", deleteDataset],
  ["mappingId", "mapping set", deleteMappingSet],
  ["schemaId", "schema", deleteSchema],
];

/** Removes the earlier Finish's schema and what it made of it when that schema is of another class than `classId`; says what went. */
export async function removeSchemaOfOtherClass(session: Session, made: CreatedSoFar, classId: string, done: (step: string) => void): Promise<void> {
  const earlier = made.schemaId;
  if (!earlier || classOf(earlier.from) === classId) return;
  const removed: string[] = [];
  for (const [key, what, remove] of MADE_OF_THE_SCHEMA) {
    const id = made[key]?.id;
    if (!id) continue;
    await remove(session, id);
    delete made[key];
    removed.push(`${what} ${id}`);
  }
  done(`Removed what the earlier Finish made for another class: ${removed.join(", ")}`);
}
