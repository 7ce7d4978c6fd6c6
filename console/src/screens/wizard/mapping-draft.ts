/** The mapping step as the user left it, and the assignments it starts from when the user comes back. */
import type { Validation } from "./ExpressionEditor";
import type { SourceRow } from "./map-keys";
import { suggestMappings, type TargetRow } from "./xdm-tree";

/** What fills one target field: a source column, or a calculated field's expression. */
export interface Assignment {
  source: string;
  calculated: boolean;
  validation?: Validation;
}

export interface MappingDraft {
  /** the target's fields the user had before them, mapped or left unmapped */
  targetFields: ReadonlySet<string>;
  assignments: ReadonlyMap<string, Assignment>;
  /** the paths the user typed under MAP columns' keys (ids.crm), picked as a source or not yet */
  sourceKeys?: ReadonlySet<string>;
  /** the assignments are the whole mapping (an existing mapping set's): a field without one stays unmapped, nothing is suggested for it */
  whole?: boolean;
}

/**
 * Each target field's assignment as the draft left it, while its source column is still in the table;
 * a field the draft did not have (the first time, or of a dataset chosen since) gets its suggested column.
 * `ownColumns`: fields made for one column each (column-fields.ts), which take that column beside any field suggested by name.
 */
export function startingAssignments(targets: TargetRow[], sources: SourceRow[], draft?: MappingDraft, ownColumns = new Map<string, string>()): Map<string, Assignment> {
  const suggested = new Map([...suggestMappings(targets.filter((t) => !ownColumns.has(t.path)), sources), ...ownColumns]);
  const columns = new Set(sources.map((s) => s.path));
  const assignments = new Map<string, Assignment>();
  for (const { path, group } of targets) {
    if (group) continue;
    const left = draft?.assignments.get(path);
    const leftUnmapped = !left && (draft?.whole || draft?.targetFields.has(path));
    if (left && (left.calculated || columns.has(left.source))) assignments.set(path, left);
    else if (!leftUnmapped && suggested.has(path)) assignments.set(path, { source: suggested.get(path)!, calculated: false });
  }
  return assignments;
}
