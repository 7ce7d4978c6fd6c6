/**
 * What a Finish created, kept by the wizard (not by its Review step, which Back closes) so that a
 * Finish after a failure, whatever the user changed in between, creates only what is missing: an
 * object made from the same answers is reused, one whose answers changed is made anew (or, for the
 * schema, changed in place).
 */

export type CreatedKey = "fieldGroupId" | "schemaId" | "dataSetId" | "mappingId" | "sourceId" | "targetId";

/** each object made so far: its id, and the answers (as JSON) it was made from */
export type CreatedSoFar = Partial<Record<CreatedKey, { id: string; from: string }>>;

/**
 * The id of what an earlier Finish created from the same answers, or of the one `create` makes now.
 * With `update`, an earlier object made from other answers is changed to the new ones in place
 * instead: for what only this wizard uses and whose title must stay unique (its schema).
 */
export async function reuseOrCreate(
  made: CreatedSoFar,
  key: CreatedKey,
  answers: unknown,
  create: () => Promise<string>,
  update?: (id: string) => Promise<void>,
): Promise<{ id: string; reused: boolean; updated?: boolean }> {
  const from = JSON.stringify(answers);
  const earlier = made[key];
  if (earlier?.from === from) return { id: earlier.id, reused: true };
  if (earlier && update) {
    await update(earlier.id);
    made[key] = { id: earlier.id, from };
    return { id: earlier.id, reused: false, updated: true };
  }
  const id = await create();
  made[key] = { id, from };
  return { id, reused: false };
}
