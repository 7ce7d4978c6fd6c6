/** Finish: schema and dataset (when new), mapping set, source and target connections, then the dataflow. */
import { createDataset, createFlow, createMappingSet, createSchema, createSourceConnection, createTargetConnection } from "../../api/platform";
import type { Session } from "../../api/session";
import type { WizardState } from "./Wizard";

export interface Created {
  flowId: string;
  dataSetId: string;
}

/** What a Finish already created: a second Finish after a refusal reuses it instead of creating it twice. */
export type CreatedSoFar = Partial<Record<"schemaId" | "dataSetId" | "mappingId" | "sourceId" | "targetId", string>>;

export async function createEverything(session: Session, state: Required<WizardState>, made: CreatedSoFar, done: (step: string) => void): Promise<Created> {
  const { dataset } = state;
  const once = async (key: keyof CreatedSoFar, create: () => Promise<string>, step: (id: string) => string) => {
    made[key] ??= await create();
    done(step(made[key]));
    return made[key];
  };
  const schemaId =
    dataset.kind === "new-schema"
      ? await once("schemaId", async () => (await createSchema(session, `${dataset.name} schema`, [dataset.classId, ...dataset.fieldGroups.map((g) => g.$id)])).$id, () => `Schema ${dataset.name} schema`)
      : dataset.schemaId;
  const dataSetId = dataset.kind === "existing" ? dataset.dataSetId : await once("dataSetId", () => createDataset(session, dataset.name, schemaId), (id) => `Dataset ${dataset.name} (${id})`);
  const mappingId = await once("mappingId", async () => (await createMappingSet(session, schemaId, state.mappings)).id, (id) => `Mapping set ${id}`);
  const sourceId = await once("sourceId", async () => (await createSourceConnection(session, state.connectionSpecId, state.connectionId, state.table, state.preview.schema.columns)).id, () => `Source connection ${state.table}`);
  const targetId = await once("targetId", async () => (await createTargetConnection(session, `${dataset.name} (data lake)`, dataSetId, schemaId)).id, () => "Target connection");
  const flow = await createFlow(session, { name: dataset.flowName, sourceId, targetId, mappingId, schedule: state.schedule, partialIngestionPercent: dataset.partialIngestionPercent });
  done(`Dataflow ${dataset.flowName}`);
  return { flowId: flow.id, dataSetId };
}
