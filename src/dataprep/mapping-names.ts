/**
 * How a refusal names a mapping. A mapping set sent whole is checked as `mappings[i]`, its index in
 * the body; a mapping sent alone (POST or PUT …/mappings) is named as the user sent it, and the
 * stored mappings beside it by their ids, not by their places in the stored set.
 */
export type MappingNamer = (index: number) => string;

const MAPPING_AT = /mappings\[(\d+)\](?:\.(\w+))?/g;

/** The problem with each `mappings[i]` (and `mappings[i].destination`) named by `name`: "the mapping's destination …". */
export function renameMappings(problem: string, name: MappingNamer): string {
  return problem.replace(MAPPING_AT, (_, index: string, member?: string) => (member ? `${name(Number(index))}'s ${member}` : name(Number(index))));
}

/** Names for the mappings of a set one of which, `sent`, was sent alone: "the mapping" for it, "the mapping <id>" for the others. */
export function namerFor(mappings: ReadonlyArray<{ id?: unknown }>, sent: (mapping: { id?: unknown }, index: number) => boolean): MappingNamer {
  return (index) => {
    const mapping = mappings[index];
    if (mapping === undefined || sent(mapping, index)) return "the mapping";
    return typeof mapping.id === "string" ? `the mapping ${mapping.id}` : `mappings[${index}]`;
  };
}
