/**
 * Property paths of Flow Service filters and sorting: dot-separated names, where `name[]` steps
 * into every item of an array (`params.columns[].name`, `sourceConnectionIds[]`).
 */
export interface PathStep {
  name: string;
  /** `name[]`: the value is an array whose items are all visited */
  each: boolean;
}

const STEP = /^([A-Za-z0-9_@$:-]+)(\[\])?$/;

/** undefined when the text is not a path */
export function parsePath(text: string): PathStep[] | undefined {
  if (text === "") return undefined;
  const steps: PathStep[] = [];
  for (const part of text.split(".")) {
    const m = STEP.exec(part);
    if (!m) return undefined;
    steps.push({ name: m[1], each: m[2] !== undefined });
  }
  return steps;
}

/** Every value the path reaches in a document; a final array is spread into its items. */
export function valuesAt(document: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [document];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
      const child = (value as Record<string, unknown>)[step.name];
      if (child === undefined) continue;
      if (step.each) {
        if (Array.isArray(child)) next.push(...child);
      } else next.push(child);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** The one value a sort key reads: the first one the path reaches, undefined if none. */
export function firstValueAt(document: unknown, steps: readonly PathStep[]): unknown {
  return valuesAt(document, steps)[0];
}
