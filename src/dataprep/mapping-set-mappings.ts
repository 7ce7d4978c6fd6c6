/**
 * A mapping set's mappings one at a time (docs/api/dataprep.md#mappings-one-at-a-time; aepp's
 * getMappingSetMappings, createMappingSetMapping, getMappingSetMapping, updateMappingSetMapping,
 * deleteMappingSetMapping). They read the latest version; each change makes the mapping set's
 * next version, checked as a whole as a PUT is, so the dataflows keep the `mappingVersion` they name.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { type Json, requireBody } from "../aep-conventions/request-body.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { MappingSets } from "./mapping-sets.js";
import { mappingsOf } from "./mapping-set-versions.js";
import { namerFor } from "./mapping-names.js";

export class MappingSetMappings {
  constructor(private readonly mappingSets: MappingSets) {}

  async list(caller: Caller, id: string): Promise<Json[]> {
    return mappingsOf(await this.mappingSets.get(caller, id));
  }

  async get(caller: Caller, id: string, mappingId: string): Promise<Json> {
    return mappingIn(await this.mappingSets.get(caller, id), id, mappingId);
  }

  /** The mapping added at the end of the next version, as stored (with its id). */
  async add(caller: Caller, id: string, body: unknown): Promise<Json> {
    const mapping = requireBody(body);
    const next = await this.mappingSets.revise(
      caller,
      id,
      (latest) => ({ ...latest, mappings: [...mappingsOf(latest), mapping] }),
      (changed) => namerFor(mappingsOf(changed), (m) => m === mapping),
    );
    return mappingsOf(next).at(-1)!;
  }

  /** The mapping `mappingId` becomes the body, keeping its id and its place. */
  async replace(caller: Caller, id: string, mappingId: string, body: unknown): Promise<Json> {
    const mapping = requireBody(body);
    if (mapping.id !== undefined && mapping.id !== null && mapping.id !== mappingId) {
      throw Errors.mappingSetInvalid(`id ${String(mapping.id)} is not the id of the mapping in the path (${mappingId})`);
    }
    const next = await this.mappingSets.revise(
      caller,
      id,
      (latest) => {
        mappingIn(latest, id, mappingId);
        return { ...latest, mappings: mappingsOf(latest).map((m) => (m.id === mappingId ? { ...mapping, id: mappingId } : m)) };
      },
      (changed) => namerFor(mappingsOf(changed), (m) => m.id === mappingId),
    );
    return mappingIn(next, id, mappingId);
  }

  async remove(caller: Caller, id: string, mappingId: string): Promise<void> {
    await this.mappingSets.revise(caller, id, (latest) => {
      mappingIn(latest, id, mappingId);
      const rest = mappingsOf(latest).filter((m) => m.id !== mappingId);
      if (rest.length === 0) throw Errors.mappingSetInvalid(`${mappingId} is the last mapping of ${id}, and a mapping set keeps at least one; delete the mapping set instead`);
      return { ...latest, mappings: rest };
    });
  }
}

function mappingIn(version: Json, id: string, mappingId: string): Json {
  const found = mappingsOf(version).find((m) => m.id === mappingId);
  if (!found) throw Errors.mappingNotFound(id, mappingId);
  return found;
}
