/**
 * What a mapping set's mappings must satisfy against their target schema (and their source, when
 * the body says what it is), in stages: each stage checks only what the ones before it let through
 * (a constant is checked against a destination known to be a field of the schema). Creation refuses
 * the whole body on any problem; POST /mappingSets/validate answers each mapping's verdict.
 */
import { constantProblems } from "./constant-mappings.js";
import { regexProblems } from "./expression/index.js";
import { type DescribedColumn, type Mapping, mappingProblems } from "./mappings.js";
import type { MappingRule } from "./mapping-types.js";
import { unpreparedMappings } from "./prepared-mappings.js";
import type { ResolvedFields } from "../schemaregistry/resolver.js";
import type { XdmProperty } from "../schemaregistry/xdm-fields.js";

/** Every problem of the mappings, `mappings[i]…` for one mapping, in the stages' order: a stage runs once the earlier ones found none. */
export async function mappingSetProblems(mappings: readonly Mapping[], schemaFields: ResolvedFields, sourceColumns?: readonly DescribedColumn[]): Promise<string[]> {
  const fields = schemaFields as { properties: Record<string, XdmProperty> };
  const stages = [
    async () => mappingProblems(mappings, schemaFields, sourceColumns),
    () => constantProblems(mappings, fields),
    () => expressionRegexProblems(mappings),
    () => unpreparedMappings(mappings, fields, sourceColumns),
  ];
  for (const stage of stages) {
    const problems = await stage();
    if (problems.length > 0) return problems;
  }
  return [];
}

/** One mapping's verdict, as AEP's validate answers it: its errors in AEP's TransformErrorInfo shape, null when it passes. */
export interface MappingVerdict {
  status: "SUCCESS" | "FAILED";
  errors: Array<{ source: string; destination: string; sourceType: string; exception: string }> | null;
}

/** The verdicts, in order, or the problems no single mapping is at fault for (the set as a whole is refused). */
export type Verdicts = { kind: "verdicts"; verdicts: MappingVerdict[] } | { kind: "refused"; problems: string[] };

const MAPPING_PROBLEM = /^mappings\[(\d+)\]/;

/**
 * Each mapping's verdict: the mappings found at fault leave, and the rest are checked again (every
 * stage of them), so a mapping that passes passes every check of its own.
 */
export async function mappingVerdicts(mappings: readonly Mapping[], schemaFields: ResolvedFields, sourceColumns?: readonly DescribedColumn[]): Promise<Verdicts> {
  const found = new Map<number, string[]>();
  let remaining = mappings.map((_, i) => i);
  while (remaining.length > 0) {
    const problems = await mappingSetProblems(remaining.map((i) => mappings[i]), schemaFields, sourceColumns);
    if (problems.length === 0) break;
    const general: string[] = [];
    for (const problem of problems) {
      const at = MAPPING_PROBLEM.exec(problem);
      const index = at ? remaining[Number(at[1])] : undefined;
      if (index === undefined) {
        general.push(problem);
        continue;
      }
      found.set(index, [...(found.get(index) ?? []), problem.replace(MAPPING_PROBLEM, `mappings[${index}]`)]);
    }
    if (general.length > 0) return { kind: "refused", problems: general };
    remaining = remaining.filter((i) => !found.has(i));
  }
  return {
    kind: "verdicts",
    verdicts: mappings.map((m, i) => {
      const problems = found.get(i);
      if (!problems) return { status: "SUCCESS", errors: null };
      return { status: "FAILED", errors: problems.map((exception) => ({ source: m.sourceAttribute, destination: m.destinationXdmPath, sourceType: m.sourceType, exception })) };
    }),
  };
}

/** The literal regular expressions of EXPRESSION mappings that DuckDB's engine refuses (every run would fail). */
async function expressionRegexProblems(rules: readonly MappingRule[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, m] of rules.entries()) {
    if (m.sourceType === "EXPRESSION") problems.push(...(await regexProblems(m.sourceAttribute)).map((why) => `mappings[${i}].source: ${why}`));
  }
  return problems;
}
