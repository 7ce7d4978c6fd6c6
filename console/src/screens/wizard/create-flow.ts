/** Finish: schema and dataset (when new), mapping set, source and target connections, then the dataflow. */
import {
  createDataset,
  createFieldGroup,
  createFlow,
  createMappingSet,
  createSchema,
  createSourceConnection,
  createTargetConnection,
  replaceFieldGroup,
  replaceSchema,
} from "../../api/platform";
import { flowStartTimeToleranceSeconds } from "../../api/service-settings";
import type { Session } from "../../api/session";
import { type CreatedKey, type CreatedSoFar, reuseOrCreate } from "./created-so-far";
import { columnFieldGroupBody, columnFieldGroupTitle } from "./column-fields";
import { removeSchemaOfOtherClass, schemaAnswers } from "./earlier-schema";
import { scheduleProblem } from "./schedule-rules";
import { newSchemaOf } from "./target-schema";
import type { WizardState } from "./Wizard";

export type { CreatedSoFar } from "./created-so-far";

export interface Created {
  flowId: string;
  dataSetId: string;
}

/**
 * Checks what can be checked before creating anything (the schedule), then creates each object in
 * order, reusing what an earlier Finish made from the same answers (`made`, kept by the wizard).
 */
export async function createEverything(session: Session, state: Required<WizardState>, made: CreatedSoFar, done: (step: string) => void): Promise<Created> {
  const { dataset } = state;
  const problem = scheduleProblem(state.schedule, Date.now(), flowStartTimeToleranceSeconds());
  if (problem) throw new Error(`${problem} Go Back to Scheduling to change it; nothing was created.`);
  const once = async (key: CreatedKey, answers: unknown, create: () => Promise<string>, step: (id: string) => string, update?: (id: string) => Promise<void>) => {
    const { id, reused, updated } = await reuseOrCreate(made, key, answers, create, update);
    done(`${step(id)}${reused ? " (created by the earlier Finish)" : updated ? " (created by the earlier Finish, changed to these answers)" : ""}`);
    return id;
  };
  const { title: schemaTitle, refs: chosenRefs, fields } = dataset.kind === "new-schema" ? newSchemaOf(dataset) : { title: "", refs: [], fields: undefined };
  // a schema keeps its class: one of an earlier Finish of another class goes, with what was made of it
  if (dataset.kind === "new-schema") await removeSchemaOfOtherClass(session, made, dataset.classId, done);
  // the columns' fields: a field group of their own, changed in place when the answers changed (its title is unique too)
  const columnsGroup = fields && columnFieldGroupBody(columnFieldGroupTitle(dataset.name), fields);
  const schemaRefs = columnsGroup
    ? [
        ...chosenRefs,
        await once(
          "fieldGroupId",
          columnsGroup,
          async () => (await createFieldGroup(session, columnsGroup)).$id,
          () => `Field group ${columnsGroup.title}`,
          async (id) => void (await replaceFieldGroup(session, id, columnsGroup)),
        ),
      ]
    : chosenRefs;
  // a schema of an earlier Finish, used by nothing but what that Finish made, is changed rather than
  // made twice: a second schema of the same title would be refused (titles are unique in a sandbox).
  // Its dataset and connections name it by id and stay; a mapping set is checked against its fields, so is made anew.
  const schemaId =
    dataset.kind === "new-schema"
      ? await once(
          "schemaId",
          schemaAnswers(schemaTitle, schemaRefs),
          async () => (await createSchema(session, schemaTitle, schemaRefs)).$id,
          () => `Schema ${schemaTitle}`,
          async (id) => void (await replaceSchema(session, id, schemaTitle, schemaRefs)),
        )
      : dataset.schemaId;
  const dataSetId =
    dataset.kind === "existing" ? dataset.dataSetId : await once("dataSetId", [dataset.name, schemaId], () => createDataset(session, dataset.name, schemaId), (id) => `Dataset ${dataset.name} (${id})`);
  const mappingId = await once("mappingId", [schemaId, schemaRefs, state.mappings], async () => (await createMappingSet(session, schemaId, state.mappings)).id, (id) => `Mapping set ${id}`);
  const columns = state.preview.schema.columns;
  const sourceId = await once(
    "sourceId",
    [state.connectionSpecId, state.connectionId, state.table, columns],
    async () => (await createSourceConnection(session, state.connectionSpecId, state.connectionId, state.table, columns)).id,
    () => `Source connection ${state.table}`,
  );
  const targetName = `${dataset.name} (data lake)`;
  const targetId = await once("targetId", [targetName, dataSetId, schemaId], async () => (await createTargetConnection(session, targetName, dataSetId, schemaId)).id, () => "Target connection");
  const flow = await createFlow(session, { name: dataset.flowName, sourceId, targetId, mappingId, schedule: state.schedule, partialIngestionPercent: dataset.partialIngestionPercent });
  done(`Dataflow ${dataset.flowName}`);
  return { flowId: flow.id, dataSetId };
}
