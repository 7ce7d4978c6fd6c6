/** The specs this service serves; they are the same in every org and sandbox. */
import { crmToAepFlowSpec } from "./crm-to-aep-flow-spec.js";
import { databricksConnectionSpec } from "./databricks-connection-spec.js";
import { datalakeConnectionSpec } from "./datalake-connection-spec.js";
import { deltaSharingConnectionSpec } from "./delta-sharing-connection-spec.js";

export type Spec = { id: string; name: string } & Record<string, unknown>;

export const CONNECTION_SPECS: readonly Spec[] = [databricksConnectionSpec, datalakeConnectionSpec, deltaSharingConnectionSpec];
export const FLOW_SPECS: readonly Spec[] = [crmToAepFlowSpec];

export const findConnectionSpec = (id: string): Spec | undefined => CONNECTION_SPECS.find((s) => s.id === id);
