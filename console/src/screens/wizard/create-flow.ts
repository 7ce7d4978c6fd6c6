/** Finish: schema and dataset (when new), mapping set, source and target connections, then the dataflow. */
import { createDataset, createFlow, createMappingSet, createSchema, createSourceConnection, createTargetConnection } from "../../api/platform";
import type { Session } from "../../api/session";
import type { WizardState } from "./Wizard";

export interface Created {
  flowId: string;
  dataSetId: string;
}

export async function createEverything(session: Session, state: Required<WizardState>, done: (step: string) => void): Promise<Created> {
  const { dataset } = state;
  let schemaId: string;
  let dataSetId: string;
  if (dataset.kind === "existing") {
    schemaId = dataset.schemaId;
    dataSetId = dataset.dataSetId;
  } else {
    schemaId = dataset.kind === "new" ? dataset.schemaId : (await createSchema(session, `${dataset.name} schema`, [dataset.classId, ...dataset.fieldGroups.map((g) => g.$id)])).$id;
    if (dataset.kind === "new-schema") done(`Schema ${dataset.name} schema`);
    dataSetId = await createDataset(session, dataset.name, schemaId);
    done(`Dataset ${dataset.name} (${dataSetId})`);
  }
  const mapping = await createMappingSet(session, schemaId, state.mappings);
  done(`Mapping set ${mapping.id}`);
  const source = await createSourceConnection(session, state.connectionId, state.table, state.preview.schema.columns);
  done(`Source connection ${state.table}`);
  const target = await createTargetConnection(session, `${dataset.name} (data lake)`, dataSetId, schemaId);
  done("Target connection");
  const flow = await createFlow(session, { name: dataset.flowName, sourceId: source.id, targetId: target.id, mappingId: mapping.id, schedule: state.schedule });
  done(`Dataflow ${dataset.flowName}`);
  return { flowId: flow.id, dataSetId };
}
